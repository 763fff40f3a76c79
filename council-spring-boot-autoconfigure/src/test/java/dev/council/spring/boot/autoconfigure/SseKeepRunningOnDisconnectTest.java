package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * With {@code council.spring.sse.cancel-on-disconnect=false} a run goes on after its only SSE client
 * disconnected, even with no disconnect grace at all.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "council.providers.sim.type=simulated",
        "council.providers.sim.latency=1s",
        "council.spring.sse.cancel-on-disconnect=false",
        "council.spring.sse.disconnect-grace=0s",
        "council.spring.sse.heartbeat=50ms"})
class SseKeepRunningOnDisconnectTest {
  @LocalServerPort int port;
  @Autowired CouncilEngine engine;

  @Test
  void aClientThatDisconnectsMidRunLeavesTheRunToComplete() throws Exception {
    String runId;
    try (SseClient sse = SseClient.post("http://127.0.0.1:" + port + "/councils/panel/runs?question=q")) {
      SseClient.Event started = sse.next();
      assertThat(started.name()).isEqualTo("run_started");
      runId = (String) started.data().get("runId");
      assertThat(sse.next().name()).isIn("round_started", "member_started");
    } // disconnects while the members are still answering

    Result result = engine.find(runId).orElseThrow().await(Duration.ofSeconds(20));
    assertThat(result.status()).as("not cancelled although its only viewer left").isEqualTo(RunStatus.COMPLETED);
    assertThat(result.answer()).as("the chair answered").startsWith("[simulated]");
  }
}
