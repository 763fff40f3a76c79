package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.reactiveapp.ReactiveTestApplication;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The WebFlux SSE helper over real HTTP (Netty): a run streams to its end; a disconnect cancels it. */
@SpringBootTest(classes = ReactiveTestApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "spring.main.web-application-type=reactive",
        "council.providers.sim.type=simulated",
        "council.providers.sim.latency=1s",
        "council.spring.sse.disconnect-grace=200ms"})
class WebFluxSseTest {
  @LocalServerPort int port;
  @Autowired CouncilEngine engine;

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void aRunStreamsEveryEventThenTheStreamEndsAndAReconnectResumesAfterLastEventId() throws Exception {
    List<SseClient.Event> events;
    try (SseClient sse = SseClient.post(url("/councils/panel/runs?question=q"))) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.contentType()).startsWith("text/event-stream");
      events = sse.readAll();
    }
    assertThat(events.getFirst().name()).isEqualTo("run_started");
    assertThat(events.getLast().name()).isEqualTo("run_completed");
    for (int i = 0; i < events.size(); i++) {
      assertThat(events.get(i).id()).isEqualTo(Long.toString(i));
      assertThat(events.get(i).data()).containsEntry("type", events.get(i).name());
    }
    String runId = (String) events.getFirst().data().get("runId");
    try (SseClient again = SseClient.get(url("/runs/" + runId + "/events"), "2")) {
      assertThat(again.readAll()).extracting(SseClient.Event::id)
          .containsExactlyElementsOf(events.subList(3, events.size()).stream().map(SseClient.Event::id).toList());
    }
  }

  @Test
  void aClientThatDisconnectsMidRunHasTheRunCancelled() throws Exception {
    String runId;
    try (SseClient sse = SseClient.post(url("/councils/panel/runs?question=q"))) {
      SseClient.Event started = sse.next();
      assertThat(started.name()).isEqualTo("run_started");
      runId = (String) started.data().get("runId");
      sse.next();
    }
    var result = engine.find(runId).orElseThrow().await(Duration.ofSeconds(20));
    assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(result.answer()).isNull();
  }
}
