package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Councils by name, health, and the OpenAPI document kept in step with the routes. */
class CouncilsAndDocumentsTest {
  @Test
  @SuppressWarnings("unchecked")
  void theOpenApiDocumentListsExactlyTheRoutesServed() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      HttpResponse<String> r = f.get("/openapi.json");
      assertThat(r.statusCode()).isEqualTo(200);
      Map<String, Object> doc = Fixture.json(r);
      assertThat((String) doc.get("openapi")).startsWith("3.");
      Map<String, Object> paths = (Map<String, Object>) doc.get("paths");
      Set<String> documented = new HashSet<>();
      paths.forEach((path, ops) -> ((Map<String, Object>) ops).keySet()
          .forEach(m -> documented.add(m.toUpperCase(Locale.ROOT) + " " + path)));
      assertThat(f.server.routes()).hasSizeGreaterThan(10);
      assertThat(documented).containsExactlyInAnyOrderElementsOf(f.server.routes());
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void councilsAreListedWithTheirProblemsAndShownWithTheirDiagram() throws Exception {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      Files.writeString(f.dir.resolve("broken.json"), "{\"id\": \"broken\", \"members\": [], \"rounds\": [{\"type\": \"nope\"}]}");
      List<Map<String, Object>> councils = (List<Map<String, Object>>) Fixture.json(f.get("/v1/councils")).get("councils");
      assertThat(councils).extracting(c -> c.get("name")).containsExactly("broken", "panel");
      assertThat(councils.get(1)).containsEntry("valid", true).containsEntry("chair", "chair")
          .containsEntry("members", List.of("ada", "grace", "linus"));
      assertThat(councils.get(0)).containsEntry("valid", false);
      assertThat((List<Map<String, Object>>) councils.get(0).get("problems")).isNotEmpty()
          .allSatisfy(p -> assertThat(p).containsKeys("path", "code", "message"));

      Map<String, Object> panel = Fixture.json(f.get("/v1/councils/panel"));
      assertThat((String) panel.get("mermaid")).startsWith("flowchart").contains("ada");
      assertThat((Map<String, Object>) panel.get("council")).containsEntry("id", "panel");

      HttpResponse<String> missing = f.get("/v1/councils/nope");
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(f.get("/v1/councils/..%2Fetc").statusCode()).isEqualTo(404);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void healthSaysLiveAndReadyWithItsChecks() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      assertThat(Fixture.json(f.get("/health/live"))).containsEntry("status", "UP");
      HttpResponse<String> ready = f.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(200);
      Map<String, Object> checks = (Map<String, Object>) Fixture.json(ready).get("checks");
      assertThat(checks).containsKeys("councils", "registry");
    }
  }

  @Test
  void withoutAUsableCouncilTheServerIsNotReady() throws Exception {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      Files.delete(f.dir.resolve("panel.json"));
      HttpResponse<String> ready = f.get("/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(Fixture.json(ready)).containsEntry("status", "DOWN");
    }
  }
}
