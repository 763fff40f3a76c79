package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.JsonOutput;
import dev.council.engine.provider.SimulatedProvider;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/ready} reports, per served council, whether each provider it uses can be used here (has
 * its API key), and {@code GET /v1/councils} shows it; with the offline fallback a council none of whose
 * providers can be used runs on the simulated provider, marked {@code offline}.
 */
class ProviderReadinessTest {
  private static final String KEYED = """
      {"id": "keyed", "members": [{"id": "ada", "role": "Analyst", "provider": "vendor", "model": "v-1"}],
       "rounds": [{"type": "independent_analysis"}]}
      """;

  private static Fixture start(boolean offlineFallback, boolean withPanel) throws Exception {
    Path dir = Files.createTempDirectory("council-readiness");
    Files.writeString(dir.resolve("keyed.json"), KEYED);
    if (withPanel) {
      Files.writeString(dir.resolve("panel.json"), Fixture.PANEL);
    }
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of(
            "council.providers.vendor.type", "keyed",
            "council.providers.vendor.api-key-env", "COUNCIL_TEST_VENDOR_KEY_NOT_SET")))
        .provider("simulated", SimulatedProvider.create("simulated", Duration.ZERO, Duration.ZERO)).build();
    CouncilServer server = CouncilServer.builder(engine).config(ServerConfig.DEFAULTS.withPort(0)).councils(dir)
        .offlineFallback(offlineFallback).start();
    return Fixture.of(engine, server, dir);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> council(Fixture f, String name) {
    List<Map<String, Object>> all = (List<Map<String, Object>>) Fixture.json(f.get("/v1/councils")).get("councils");
    return all.stream().filter(c -> name.equals(c.get("name"))).findFirst().orElseThrow();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> providersCheck(HttpResponse<String> ready) {
    return (Map<String, Object>) ((Map<String, Object>) Fixture.json(ready).get("checks")).get("providers");
  }

  @Test
  @SuppressWarnings("unchecked")
  void aCouncilWhoseProviderHasNoKeyIsReportedNotReadyAndIsRefused() throws Exception {
    try (Fixture f = start(false, true)) {
      Map<String, Object> keyed = council(f, "keyed");
      assertThat(keyed).containsEntry("valid", true).containsEntry("ready", false).containsEntry("offline", false);
      assertThat((List<Map<String, Object>>) keyed.get("providers")).singleElement().satisfies(p -> assertThat(p)
          .containsEntry("id", "vendor").containsEntry("usable", false)
          .hasEntrySatisfying("problem", v -> assertThat((String) v).contains("COUNCIL_TEST_VENDOR_KEY_NOT_SET")));
      assertThat(council(f, "panel")).containsEntry("ready", true);

      HttpResponse<String> ready = f.get("/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      Map<String, Object> perCouncil = (Map<String, Object>) providersCheck(ready).get("councils");
      assertThat((Map<String, Object>) perCouncil.get("keyed")).containsEntry("status", "DOWN");
      assertThat((Map<String, Object>) perCouncil.get("panel")).containsEntry("status", "UP");

      HttpResponse<String> start = f.post("/v1/runs", "{\"council\": \"keyed\", \"question\": \"Hi?\"}");
      assertThat(start.statusCode()).as(start.body()).isEqualTo(422);
      assertThat(start.body()).contains("provider_unusable").contains("COUNCIL_TEST_VENDOR_KEY_NOT_SET");
    }
  }

  @Test
  void withoutAnyCouncilWhoseProvidersAreConfiguredTheServerIsNotReady() throws Exception {
    try (Fixture f = start(false, false)) {
      HttpResponse<String> ready = f.get("/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
      assertThat(providersCheck(ready)).containsEntry("status", "DOWN");
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void withTheOfflineFallbackSuchACouncilRunsOnTheSimulatedProvider() throws Exception {
    try (Fixture f = start(true, false)) {
      assertThat(f.server.offlineNotices()).anySatisfy(n -> assertThat(n).contains("council 'keyed'")
          .contains("simulated"));
      assertThat(council(f, "keyed")).containsEntry("offline", true).containsEntry("ready", true);
      HttpResponse<String> ready = f.get("/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
      assertThat((Map<String, Object>) ((Map<String, Object>) providersCheck(ready).get("councils")).get("keyed"))
          .containsEntry("status", "UP").containsEntry("offline", true);

      String runId = (String) Fixture.json(f.post("/v1/runs", "{\"council\": \"keyed\", \"question\": \"Hi?\"}"))
          .get("runId");
      Map<String, Object> done = f.awaitEnd(runId, Duration.ofSeconds(30));
      assertThat((Map<String, Object>) done.get("run")).containsEntry("status", "COMPLETED");
      assertThat(JsonOutput.write(done.get("result"))).contains(SimulatedProvider.LABEL);
    }
  }
}
