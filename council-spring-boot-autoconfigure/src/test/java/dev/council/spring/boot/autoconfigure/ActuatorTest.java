package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Result;
import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.actuate.CouncilMetrics;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/** The council health, info and metrics as Actuator serves them over HTTP. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "council.providers.sim.type=simulated",
        "management.endpoints.web.exposure.include=health,info,metrics",
        "management.endpoint.health.show-details=always"})
class ActuatorTest {
  static final JsonMapper JSON = JsonMapper.builder().build();

  @LocalServerPort int port;
  @Autowired CouncilEngine engine;
  @Autowired CouncilDefinitions councils;
  @Autowired MeterRegistry meters;

  @SuppressWarnings("unchecked")
  static Map<String, Object> get(int port, String path, int expectedStatus) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(expectedStatus);
    return JSON.readValue(r.body(), Map.class);
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthIsUpWithTheConfiguredProviders() throws Exception {
    Map<String, Object> health = get(port, "/actuator/health/council", 200);
    assertThat(health).containsEntry("status", "UP");
    Map<String, Object> details = (Map<String, Object>) health.get("details");
    assertThat(details).containsEntry("providers", java.util.List.of("sim")).containsEntry("recorder", "none");
  }

  @Test
  @SuppressWarnings("unchecked")
  void infoListsTheCouncilsAndTheEngineSetup() throws Exception {
    Map<String, Object> info = (Map<String, Object>) get(port, "/actuator/info", 200).get("council");
    assertThat(info).containsEntry("councils", java.util.List.of("panel")).containsEntry("recorder", "none")
        .containsEntry("mode", "single-node");
  }

  @Test
  void runsAndMemberCallsAreMeteredInTheApplicationsRegistry() throws Exception {
    Result r = engine.run(councils.get("panel"), Map.of("question", "Metered?"));
    assertThat(r.completed()).isTrue();
    // the tracer's listener sees the terminal event on its own delivery thread
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (meters.find(CouncilMetrics.RUNS).tag("council", "panel").tag("status", "COMPLETED").counter() == null
        && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(meters.get(CouncilMetrics.RUNS).tag("council", "panel").tag("status", "COMPLETED").counter().count())
        .isGreaterThanOrEqualTo(1.0);
    assertThat(meters.get(CouncilMetrics.MEMBER_CALLS).tag("council", "panel").tag("member", "chair")
        .tag("provider", "sim").tag("status", "OK").timer().count()).isGreaterThanOrEqualTo(1);

    Map<String, Object> metric = get(port, "/actuator/metrics/" + CouncilMetrics.RUNS, 200);
    assertThat(metric).containsEntry("name", CouncilMetrics.RUNS);
  }
}
