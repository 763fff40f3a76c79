package dev.council.samples.springboot;

import dev.council.api.RunSummary;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.spring.boot.autoconfigure.CouncilDefinitions;
import dev.council.spring.boot.autoconfigure.web.CouncilSseEmitters;
import dev.council.spring.boot.autoconfigure.web.RunEventStreams;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The HTTP API: start a run and get its id ({@code POST /api/councils/{name}/runs}), watch it as Server-Sent
 * Events ({@code GET /api/runs/{id}/events}, resumable with {@code Last-Event-ID}), poll or cancel it; or
 * start and watch in one request ({@code POST /api/councils/{name}/stream}). A run whose last viewer
 * disconnects is cancelled (council.spring.sse.cancel-on-disconnect).
 */
@RestController
class RunController {
  private final CouncilEngine engine;
  private final CouncilDefinitions councils;
  private final RunEventStreams streams;
  private final CouncilSseEmitters sse;

  RunController(CouncilEngine engine, CouncilDefinitions councils, RunEventStreams streams, CouncilSseEmitters sse) {
    this.engine = engine;
    this.councils = councils;
    this.streams = streams;
    this.sse = sse;
  }

  /** What a client asks. */
  record Question(String question) {}

  /** A run just started, and where to watch it. */
  record Started(String runId, String events) {}

  @GetMapping("/api/councils")
  Object councils() {
    return councils.names();
  }

  @PostMapping("/api/councils/{name}/runs")
  ResponseEntity<Started> start(@PathVariable String name, @RequestBody Question q) {
    RunHandle h = streams.start(councils.get(name), Map.of("question", q.question()), RunOptions.DEFAULTS);
    return ResponseEntity.status(HttpStatus.ACCEPTED)
        .body(new Started(h.runId(), "/api/runs/" + h.runId() + "/events"));
  }

  @PostMapping(path = "/api/councils/{name}/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter stream(@PathVariable String name, @RequestBody Question q) {
    return sse.start(councils.get(name), Map.of("question", q.question()));
  }

  @GetMapping(path = "/api/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events(@PathVariable String id,
      @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
    return sse.follow(id, lastEventId);
  }

  @GetMapping("/api/runs/{id}")
  ResponseEntity<RunSummary> state(@PathVariable String id) {
    return engine.find(id).map(h -> ResponseEntity.ok(h.state())).orElse(ResponseEntity.notFound().build());
  }

  @DeleteMapping("/api/runs/{id}")
  ResponseEntity<Void> cancel(@PathVariable String id) {
    return engine.find(id).map(h -> {
      h.cancel();
      return ResponseEntity.noContent().<Void>build();
    }).orElse(ResponseEntity.notFound().build());
  }
}
