package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.Council;
import dev.council.api.CouncilException;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Engines configured with {@code council.reliability.store=jdbi}: outcomes one engine's runs record are
 * scores for another engine on the same database.
 */
@Timeout(60)
class EngineReliabilityTest {
  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("engrel");

  private static CouncilEngine engine(MockProvider mock, boolean migrate) {
    return CouncilEngine.builder().config(CouncilConfig.of(Map.of(
            "council.reliability.store", "jdbi",
            "council.jdbc.url", TestDatabase.URL,
            "council.jdbc.user", TestDatabase.USER,
            "council.jdbc.password", TestDatabase.PASSWORD,
            "council.recorder.jdbi.table-prefix", TABLES.prefix(),
            "council.recorder.jdbi.migrate", String.valueOf(migrate))))
        .provider("mock", mock).build();
  }

  private static Member member(String id) {
    return Member.builder(id).systemPrompt("You vote.").provider("mock").model("m").build();
  }

  @Test
  void outcomesRecordedByOneEngineAreScoresInAnother() {
    MockProvider mock = MockProvider.create("mock");
    mock.script("pg-a", MockScript.content("{\"choice\": \"yes\", \"rationale\": null, \"confidence\": 0.9}"));
    mock.script("pg-b", MockScript.content("{\"choice\": \"no\", \"rationale\": null, \"confidence\": 0.4}"));
    mock.script("pg-c", MockScript.content("{\"choice\": \"yes\", \"rationale\": null, \"confidence\": 0.5}"));
    Council jury = Council.builder("jury").member(member("pg-a")).member(member("pg-b")).member(member("pg-c"))
        .round(Round.of("vote", Map.of("choices", List.of("yes", "no"))))
        .option("reliability", Map.of("record", "agreement", "features", List.of("domain"))).build();

    try (CouncilEngine first = engine(mock, true)) {
      first.run(jury, Map.of("question", "Ship it?", "domain", "release"));
      first.reliability().record("pg-b", Map.of("domain", "release"), true);
    }
    try (CouncilEngine second = engine(mock, false)) {
      Map<String, String> release = Map.of("domain", "release");
      assertThat(second.reliability()).isInstanceOf(JdbiReliabilityStore.class);
      assertThat(second.reliability().score("pg-a", release).getAsDouble()).isCloseTo(2.0 / 3.0, within(1e-12));
      assertThat(second.reliability().score("pg-b", release).getAsDouble()).isCloseTo(0.5, within(1e-12));
      assertThat(second.reliability().score("pg-a", Map.of())).isEmpty();
    }
  }

  @Test
  void withMigrateOffAMissingTableIsReportedWithHowToCreateIt() {
    try (JdbiReliabilityStore store = JdbiReliabilityStore.create(TABLES.jdbi(), "t_absent_reliab_", false)) {
      assertThatThrownBy(() -> store.record("x", Map.of(), true)).isInstanceOf(CouncilException.class)
          .hasMessageContaining("t_absent_reliab_reliability does not exist")
          .hasMessageContaining("V3__reliability.sql");
    }
  }
}
