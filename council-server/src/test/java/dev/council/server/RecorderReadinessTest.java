package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.SimulatedProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@code /health/ready} with the PostgreSQL recorder whose database does not answer (a closed port on
 * 127.0.0.1): {@code 503}, the {@code recorder} check {@code DOWN} with what is wrong, and never the
 * database password.
 */
class RecorderReadinessTest {
  private static final String PASSWORD = "db-password-never-shown-7f3a";

  /** A loopback port nothing listens on. */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static Map<String, String> database(int port) {
    Map<String, String> keys = new LinkedHashMap<>();
    keys.put("council.jdbc.url", "jdbc:postgresql://127.0.0.1:" + port + "/council");
    keys.put("council.jdbc.user", "council");
    keys.put("council.jdbc.password", PASSWORD);
    return keys;
  }

  private static Fixture start(CouncilEngine engine, PastRuns pastRuns) throws IOException {
    Path dir = Files.createTempDirectory("council-recorder-ready");
    Files.writeString(dir.resolve("panel.json"), Fixture.PANEL);
    CouncilServer server = CouncilServer.builder(engine).config(ServerConfig.DEFAULTS.withPort(0)).councils(dir)
        .pastRuns(pastRuns).start();
    return Fixture.of(engine, server, dir);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> recorderCheck(HttpResponse<String> ready) {
    return (Map<String, Object>) ((Map<String, Object>) Fixture.json(ready).get("checks")).get("recorder");
  }

  @Test
  void anEngineWhoseRecorderCannotReachItsDatabaseIsNotReady() throws Exception {
    Map<String, String> keys = database(closedPort());
    keys.put("council.recorder", "jdbi");
    keys.put("council.recorder.jdbi.on-start-failure", "warn");
    keys.put("council.recorder.jdbi.start-timeout", "3s");
    keys.put("council.jdbc.connection-timeout", "1s");
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(keys))
        .provider("simulated", SimulatedProvider.create("simulated", Duration.ZERO, Duration.ZERO)).build();
    try (PastRuns past = JdbiPastRuns.from(engine); Fixture f = start(engine, past)) {
      HttpResponse<String> ready = f.get("/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
      assertThat(Fixture.json(ready)).containsEntry("status", "DOWN");
      assertThat(recorderCheck(ready)).containsEntry("status", "DOWN").hasEntrySatisfying("detail", d ->
          assertThat((String) d).contains("cannot store runs").contains("the run history cannot be read"));
      assertThat(ready.body()).doesNotContain(PASSWORD);
    }
  }

  @Test
  void aServerWhoseRunHistoryDoesNotAnswerIsNotReady() throws Exception {
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of()))
        .provider("simulated", SimulatedProvider.create("simulated", Duration.ZERO, Duration.ZERO)).build();
    try (PastRuns past = JdbiPastRuns.fromConfig(CouncilConfig.of(database(closedPort())));
        Fixture f = start(engine, past)) {
      HttpResponse<String> ready = f.get("/health/ready");
      assertThat(ready.statusCode()).as(ready.body()).isEqualTo(503);
      assertThat(recorderCheck(ready)).containsEntry("status", "DOWN").hasEntrySatisfying("detail", d ->
          assertThat((String) d).startsWith("the run history cannot be read: "));
      assertThat(ready.body()).doesNotContain(PASSWORD);
    }
  }
}
