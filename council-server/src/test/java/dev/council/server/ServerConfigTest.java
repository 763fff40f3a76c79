package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Bad {@code council.server.*} values are configuration errors naming the key, never internal errors. */
class ServerConfigTest {
  @Test
  void outOfRangeValuesNameTheirKey() {
    assertThatThrownBy(() -> ServerConfig.from(CouncilConfig.of(Map.of("council.server.max-concurrent-runs", "0"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("council.server.max-concurrent-runs")
        .hasMessageContaining("at least 1");
    assertThatThrownBy(() -> ServerConfig.from(CouncilConfig.of(Map.of("council.server.port", "70000"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("council.server.port")
        .hasMessageContaining("COUNCIL_SERVER_PORT");
    assertThatThrownBy(() -> ServerConfig.from(CouncilConfig.of(Map.of("council.server.max-body-bytes", "-5"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("council.server.max-body-bytes");
    assertThatThrownBy(() -> ServerConfig.from(CouncilConfig.of(Map.of("council.server.heartbeat", "0s"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("council.server.heartbeat");
  }

  @Test
  void everyRangeCheckNamesItsOwnKey() {
    Map<String, String> bad = Map.of("port", "-1", "max-concurrent-runs", "-3", "max-body-bytes", "0",
        "retained-runs", "-1", "events-per-run", "0", "heartbeat", "0s", "stream-buffer", "0");
    bad.forEach((key, value) -> assertThatThrownBy(
        () -> ServerConfig.from(CouncilConfig.of(Map.of("council.server." + key, value))))
        .as("council.server.%s=%s", key, value)
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("- council.server." + key + ": ")
        .hasMessageContaining(", was "));
  }

  @Test
  void malformedValuesAreConfigurationErrorsToo() {
    assertThatThrownBy(() -> ServerConfig.from(CouncilConfig.of(Map.of("council.server.port", "eighty"))))
        .isInstanceOf(ConfigException.class).hasMessageContaining("council.server.port");
  }

  @Test
  void theDefaultsListenOnLoopbackWithoutAToken() {
    ServerConfig c = ServerConfig.from(CouncilConfig.of(Map.of()));
    assertThat(c.bind()).isEqualTo("127.0.0.1");
    assertThat(c.token()).isNull();
    assertThat(c.maxConcurrentRuns()).isEqualTo(ServerConfig.DEFAULT_MAX_CONCURRENT_RUNS);
  }
}
