package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.Result;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RunHistory#from} for an engine built from configuration: the history reads what the engine's
 * {@code jdbi} recorder stored, through the recorder's own pool, with no data source built by hand.
 */
@Timeout(60)
class RunHistoryFromEngineTest {
  private static String prefix;

  @BeforeAll
  static void choosePrefix() {
    TestDatabase.require();
    prefix = TestDatabase.uniquePrefix("fromengine");
  }

  @AfterAll
  static void dropSchema() {
    TestDatabase.dropTables(prefix);
  }

  @Test
  void readsTheRunsTheEnginesRecorderStoredThroughItsOwnConnections() {
    Map<String, String> config = new LinkedHashMap<>();
    config.put("council.recorder", "jdbi");
    config.put("council.jdbc.url", TestDatabase.URL);
    config.put("council.jdbc.user", TestDatabase.USER);
    config.put("council.jdbc.password", TestDatabase.PASSWORD);
    config.put("council.recorder.jdbi.table-prefix", prefix);

    try (CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(config))
        .provider("mock", MockProvider.create("mock")).build()) {
      Result result = engine.run(Councils.council(List.of("a", "b"), List.of("independent_analysis"), false),
          Councils.QUESTION);
      RunHistory history = RunHistory.from(engine.recorder());
      // the run's last records reach the recorder asynchronously, after run() returns
      Await.until("the run's outcome is stored", () -> history.run(result.runId())
          .map(StoredRun::status).filter(StoredRunStatus.COMPLETED::equals).isPresent());
      assertThat(((JdbiRecorder) engine.recorder()).awaitFlushed(Duration.ofSeconds(30))).isTrue();

      assertThat(history.run(result.runId())).map(StoredRun::status).contains(StoredRunStatus.COMPLETED);
      assertThat(history.events(result.runId(), 0, 100)).extracting(StoredEvent::type)
          .startsWith("run_started").endsWith("run_completed");
      assertThat(history.toString()).doesNotContain(TestDatabase.PASSWORD + "@", "password=");
    }
  }

  @Test
  void anEngineWithAnotherRecorderIsToldHowToConfigureTheJdbiOne() {
    try (CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of("council.recorder", "memory")))
        .build()) {
      assertThatThrownBy(() -> RunHistory.from(engine.recorder()))
          .isInstanceOf(CouncilException.class)
          .satisfies(e -> assertThat(((CouncilException) e).error().kind()).isEqualTo(ErrorKind.VALIDATION))
          .hasMessageContaining("run history needs the jdbi recorder")
          .hasMessageContaining("set council.recorder=jdbi");
    }
  }
}
