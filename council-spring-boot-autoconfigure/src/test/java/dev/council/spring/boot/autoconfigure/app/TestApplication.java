package dev.council.spring.boot.autoconfigure.app;

import dev.council.spring.boot.autoconfigure.CouncilDefinitions;

import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.web.CouncilSseEmitters;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** An application as users write it: only the starter's auto-configuration and one controller. */
@SpringBootApplication
public class TestApplication {

  /** Starts runs of the councils on the class path and streams them. */
  @RestController
  public static class RunController {
    private final CouncilSseEmitters sse;
    private final CouncilDefinitions councils;
    private final CouncilEngine engine;

    RunController(CouncilSseEmitters sse, CouncilDefinitions councils, CouncilEngine engine) {
      this.sse = sse;
      this.councils = councils;
      this.engine = engine;
    }

    @PostMapping(path = "/councils/{name}/runs", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter start(@PathVariable String name, @RequestParam String question) {
      return sse.start(councils.get(name), Map.of("question", question));
    }

    @GetMapping(path = "/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter events(@PathVariable String id,
        @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
      return sse.follow(id, lastEventId);
    }

    @GetMapping("/runs/{id}")
    Object state(@PathVariable String id) {
      return engine.find(id).map(h -> Map.of("status", h.state().status().name())).orElseThrow();
    }
  }
}
