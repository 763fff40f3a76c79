package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.spring.boot.autoconfigure.app.TestApplication;
import java.net.ServerSocket;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With the recorder's database unreachable, the council health is DOWN and says why. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "council.providers.sim.type=simulated",
        "council.recorder=jdbi",
        "spring.datasource.hikari.connection-timeout=500",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always"})
class HealthDownTest {
  @LocalServerPort int port;

  @DynamicPropertySource
  static void unreachableDatabase(DynamicPropertyRegistry registry) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + closedPort + "/council");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRecorderWhoseDatabaseIsDownMakesTheHealthDown() throws Exception {
    Map<String, Object> health = ActuatorTest.get(port, "/actuator/health/council", 503);
    assertThat(health).containsEntry("status", "DOWN");
    Map<String, Object> details = (Map<String, Object>) health.get("details");
    assertThat(details).containsEntry("recorder", "jdbi").containsEntry("recorderReachable", false);
    assertThat((String) details.get("recorderProblem")).contains("unreachable");
  }
}
