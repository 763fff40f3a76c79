package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.spring.boot.autoconfigure.app.TestApplication;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The {@code jdbi} recorder with its own {@code council.jdbc.url} (the application's {@code DataSource}
 * answers, but is not the recorder's): its database unreachable at start-up
 * ({@code on-start-failure=warn}), the council health is DOWN with the recorder's reason, and the password
 * is nowhere in the health response.
 */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "council.providers.sim.type=simulated",
        "council.recorder=jdbi",
        "council.jdbc.user=council",
        "council.jdbc.password=" + HealthRecorderOwnDatabaseDownTest.PASSWORD,
        "council.jdbc.connection-timeout=250ms",
        "council.recorder.jdbi.on-start-failure=warn",
        "council.recorder.jdbi.start-timeout=2s",
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always"})
class HealthRecorderOwnDatabaseDownTest {
  static final String PASSWORD = "pw-never-shown-7f3a";

  @LocalServerPort int port;

  @DynamicPropertySource
  static void unreachableRecorderDatabase(DynamicPropertyRegistry registry) throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    registry.add("council.jdbc.url", () -> "jdbc:postgresql://127.0.0.1:" + closedPort + "/council");
  }

  @Test
  @SuppressWarnings("unchecked")
  void theRecordersOwnDatabaseUnreachableMakesTheHealthDownWithTheReason() throws Exception {
    Map<String, Object> health = ActuatorTest.get(port, "/actuator/health/council", 503);
    assertThat(health).containsEntry("status", "DOWN");
    Map<String, Object> details = (Map<String, Object>) health.get("details");
    assertThat(details).containsEntry("recorder", "jdbi");
    assertThat((String) details.get("recorderProblem")).contains("cannot store runs");
  }

  @Test
  void theHealthResponseNeverShowsThePassword() throws Exception {
    for (String path : new String[] {"/actuator/health", "/actuator/health/council"}) {
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).as(path).contains("recorderProblem").doesNotContain(PASSWORD);
    }
  }
}
