package dev.council.spring.boot.autoconfigure.reactiveapp;

import dev.council.spring.boot.autoconfigure.CouncilDefinitions;
import dev.council.spring.boot.autoconfigure.web.CouncilServerSentEvents;
import java.util.Map;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;

/** A WebFlux application using the starter's {@link CouncilServerSentEvents}. */
@SpringBootApplication
public class ReactiveTestApplication {

  /** Starts runs and streams them as a Flux of server-sent events. */
  @RestController
  public static class ReactiveRunController {
    private final CouncilServerSentEvents sse;
    private final CouncilDefinitions councils;

    ReactiveRunController(CouncilServerSentEvents sse, CouncilDefinitions councils) {
      this.sse = sse;
      this.councils = councils;
    }

    @PostMapping(path = "/councils/{name}/runs", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> start(@PathVariable String name, @RequestParam String question) {
      return sse.start(councils.get(name), Map.of("question", question));
    }

    @GetMapping(path = "/runs/{id}/events", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    Flux<ServerSentEvent<Object>> events(@PathVariable String id,
        @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId) {
      return sse.follow(id, lastEventId);
    }
  }
}
