package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.spring.boot.autoconfigure.app.TestApplication;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** An application with no provider (neither {@code council.providers.*} nor a bean): the health is DOWN. */
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
        "management.endpoints.web.exposure.include=health",
        "management.endpoint.health.show-details=always"})
class HealthWithoutProviderTest {
  @LocalServerPort int port;

  @Test
  @SuppressWarnings("unchecked")
  void noProviderConfiguredMakesTheHealthDownSayingHowToConfigureOne() throws Exception {
    Map<String, Object> health = ActuatorTest.get(port, "/actuator/health/council", 503);
    assertThat(health).containsEntry("status", "DOWN");
    Map<String, Object> details = (Map<String, Object>) health.get("details");
    assertThat(details).containsEntry("providers", List.of());
    assertThat((String) details.get("providersProblem"))
        .contains("no provider is configured", "council.providers.<id>.type", "LlmProvider bean");
  }
}
