package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * {@code council.spring.sse.disconnect-grace} over real HTTP: when a run's last viewer leaves, the run is
 * cancelled only if no viewer is back when the grace is up; a viewer reconnecting with
 * {@code Last-Event-ID} within it keeps the run going, and a viewer leaving again starts a grace of its own.
 * Each member call takes 3 s, so a run lasts about 6 s, well beyond the grace.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "council.providers.sim.type=simulated",
        "council.providers.sim.latency=3s",
        "council.spring.sse.disconnect-grace=1500ms",
        "council.spring.sse.heartbeat=50ms"})
class SseDisconnectGraceTest {
  static final Duration GRACE = Duration.ofMillis(1500);
  /** Long enough for the server to notice a disconnect at its next heartbeats, well within the grace. */
  static final long NOTICED_MS = 500;

  @LocalServerPort int port;
  @Autowired CouncilEngine engine;

  private String url(String path) {
    return "http://127.0.0.1:" + port + path;
  }

  @Test
  void aViewerReconnectingWithLastEventIdWithinTheGraceKeepsTheRunGoingAndGetsTheRest() throws Exception {
    String runId;
    SseClient.Event lastSeen;
    try (SseClient sse = SseClient.post(url("/councils/panel/runs?question=q"))) {
      SseClient.Event started = sse.next();
      runId = (String) started.data().get("runId");
      lastSeen = sse.next();
    } // the only viewer leaves
    Thread.sleep(NOTICED_MS);

    List<SseClient.Event> rest;
    try (SseClient again = SseClient.get(url("/runs/" + runId + "/events"), lastSeen.id())) {
      rest = again.readAll();
    }

    assertThat(rest.getFirst().id()).as("the events after Last-Event-ID")
        .isEqualTo(Long.toString(Long.parseLong(lastSeen.id()) + 1));
    assertThat(rest.getLast().name()).isEqualTo("run_completed");
    Result result = engine.find(runId).orElseThrow().await(Duration.ofSeconds(1));
    assertThat(result.status()).as("not cancelled: a viewer came back within the grace")
        .isEqualTo(RunStatus.COMPLETED);
  }

  @Test
  void aRunWhoseLastViewerStaysAwayIsCancelledOnlyOnceTheGraceIsUp() throws Exception {
    String runId;
    try (SseClient sse = SseClient.post(url("/councils/panel/runs?question=q"))) {
      runId = (String) sse.next().data().get("runId");
      sse.next();
    }
    long left = System.nanoTime();

    Result result = engine.find(runId).orElseThrow().await(Duration.ofSeconds(20));

    assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(Duration.ofNanos(System.nanoTime() - left)).as("the run had the grace to be viewed again")
        .isGreaterThanOrEqualTo(GRACE);
  }

  @Test
  void aViewerThatReconnectsThenLeavesAgainStartsAGraceOfItsOwn() throws Exception {
    String runId;
    SseClient.Event lastSeen;
    try (SseClient sse = SseClient.post(url("/councils/panel/runs?question=q"))) {
      runId = (String) sse.next().data().get("runId");
      lastSeen = sse.next();
    }
    Thread.sleep(NOTICED_MS);
    try (SseClient again = SseClient.get(url("/runs/" + runId + "/events"), lastSeen.id())) {
      again.next();
      Thread.sleep(NOTICED_MS);
    } // leaves again before the first grace is up, so that it ends while nobody watches
    long leftAgain = System.nanoTime();

    Result result = engine.find(runId).orElseThrow().await(Duration.ofSeconds(20));

    assertThat(result.status()).isEqualTo(RunStatus.CANCELLED);
    assertThat(Duration.ofNanos(System.nanoTime() - leftAgain))
        .as("cancelled by the second departure's grace, not the first one's")
        .isGreaterThanOrEqualTo(GRACE);
  }
}
