package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import dev.council.recorder.jdbi.JdbiRecorder;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link JdbiPastRuns#from} reads past runs through the engine's own {@code jdbi} recorder (configured by
 * keys, PostgreSQL of scripts/postgres.sh): no second pool, no credentials handled by the server.
 */
class JdbiPastRunsFromEngineTest {
  @Test
  void pastRunsOfAnEngineBuiltFromConfigurationAreReadThroughItsRecorder() throws InterruptedException {
    String prefix = PastRunsApiTest.uniquePrefix();
    Map<String, String> config = new LinkedHashMap<>();
    config.put("council.recorder", "jdbi");
    config.put("council.jdbc.url", System.getenv().getOrDefault("COUNCIL_TEST_JDBC_URL",
        "jdbc:postgresql://127.0.0.1:5432/council"));
    config.put("council.jdbc.user", System.getenv().getOrDefault("COUNCIL_TEST_JDBC_USER", "council"));
    config.put("council.jdbc.password", System.getenv().getOrDefault("COUNCIL_TEST_JDBC_PASSWORD", "council"));
    config.put("council.recorder.jdbi.table-prefix", prefix);
    Council council = Council.builder("panel")
        .member(Member.builder("a").role("Analyst").provider("mock").model("mock-model").build())
        .round("independent_analysis").build();

    try (CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(config))
        .provider("mock", MockProvider.create("mock")).build()) {
      Result result = engine.run(council, Map.of("question", "Open on Sundays?"));
      // the run's last records reach the recorder asynchronously (after run() returns), then its buffer
      try (JdbiPastRuns past = JdbiPastRuns.from(engine)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!past.find(result.runId()).map(PastRun::status).orElse("").equals("COMPLETED")
            && System.nanoTime() < deadline) {
          assertThat(((JdbiRecorder) engine.recorder()).awaitFlushed(Duration.ofSeconds(5))).isTrue();
          Thread.sleep(20);
        }
        assertThat(past.list(10, 0)).extracting(PastRun::runId).containsExactly(result.runId());
        assertThat(past.find(result.runId())).map(PastRun::status).contains("COMPLETED");
      }
    }
  }
}
