package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import java.time.Duration;
import java.util.List;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The Spring MVC SSE helper over real HTTP: a run streams from {@code run_started} to its terminal event,
 * a reconnect with {@code Last-Event-ID} gets the events after it, and a client that disconnects mid-run
 * has the run cancelled. Each member call takes 1.5 s, so a run (the members, then the chair) lasts about
 * 3 s: a disconnect is noticed at the next heartbeats and the grace is up long before the run could end,
 * even on a busy machine.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "council.providers.sim.type=simulated",
        "council.providers.sim.latency=1500ms",
        "council.spring.sse.disconnect-grace=200ms",
        "council.spring.sse.heartbeat=200ms"})
class SseEndpointTest {
  @LocalServerPort int port;
  @Autowired CouncilEngine engine;

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void aRunStreamsEveryEventInOrderAsJsonThenTheStreamEnds() throws Exception {
    try (SseClient sse = SseClient.post(url("/councils/panel/runs?question=Ship%20on%20Friday%3F"))) {
      assertThat(sse.status()).isEqualTo(200);
      assertThat(sse.contentType()).startsWith("text/event-stream");
      List<SseClient.Event> events = sse.readAll();

      assertThat(events).isNotEmpty();
      assertThat(events.getFirst().name()).isEqualTo("run_started");
      assertThat(events.getLast().name()).isEqualTo("run_completed");
      for (int i = 0; i < events.size(); i++) {
        SseClient.Event e = events.get(i);
        assertThat(e.id()).as("id is the sequence number").isEqualTo(Long.toString(i));
        assertThat(e.data()).containsEntry("type", e.name()).containsEntry("seq", i);
      }
      assertThat(events).extracting(SseClient.Event::name).contains("member_started", "member_completed");
      @SuppressWarnings("unchecked")
      var result = (java.util.Map<String, Object>) events.getLast().data().get("result");
      assertThat(result).containsEntry("status", "COMPLETED");
      assertThat((String) result.get("answer")).startsWith("[simulated]");
    }
  }

  @Test
  void aReconnectWithLastEventIdGetsTheEventsAfterIt() throws Exception {
    String runId;
    List<SseClient.Event> all;
    try (SseClient sse = SseClient.post(url("/councils/panel/runs?question=q"))) {
      all = sse.readAll();
      runId = (String) all.getFirst().data().get("runId");
    }
    try (SseClient again = SseClient.get(url("/runs/" + runId + "/events"), "3")) {
      List<SseClient.Event> rest = again.readAll();
      assertThat(rest).extracting(SseClient.Event::id)
          .containsExactlyElementsOf(all.subList(4, all.size()).stream().map(SseClient.Event::id).toList());
      assertThat(rest.getLast().name()).isEqualTo("run_completed");
    }
  }

  @Test
  void aViewerJoiningARunInFlightSeesItsEarlierEventsThenTheLiveOnes() throws Exception {
    try (SseClient first = SseClient.post(url("/councils/panel/runs?question=q"))) {
      SseClient.Event started = first.next();
      String runId = (String) started.data().get("runId");
      try (SseClient second = SseClient.get(url("/runs/" + runId + "/events"), null)) {
        List<SseClient.Event> seen = second.readAll();
        assertThat(seen.getFirst().name()).isEqualTo("run_started");
        assertThat(seen.getLast().name()).isEqualTo("run_completed");
      }
      assertThat(first.readAll().getLast().name()).isEqualTo("run_completed");
    }
  }

  @Test
  void aClientThatDisconnectsMidRunHasTheRunCancelled() throws Exception {
    String runId;
    try (SseClient sse = SseClient.post(url("/councils/panel/runs?question=q"))) {
      SseClient.Event started = sse.next();
      assertThat(started.name()).isEqualTo("run_started");
      runId = (String) started.data().get("runId");
      SseClient.Event next = sse.next();
      assertThat(next.name()).isIn("round_started", "member_started");
    } // disconnects
    RunHandle h = engine.find(runId).orElseThrow();
    var result = h.await(Duration.ofSeconds(20));
    assertThat(result.status()).as("cancelled when its only viewer left").isEqualTo(RunStatus.CANCELLED);
    assertThat(result.answer()).as("the chair never answered").isNull();
  }

  @Test
  void anUnknownRunIs404() throws Exception {
    try (SseClient sse = SseClient.get(url("/runs/no-such-run/events"), null)) {
      assertThat(sse.status()).isEqualTo(404);
    }
  }
}
