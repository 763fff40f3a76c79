package dev.council.jobs.quartz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Quartz's PostgreSQL tables from the bundled script, under a prefix, created idempotently. */
class QuartzTablesTest {
  @RegisterExtension
  static final Tables TABLES = new Tables("qtables");

  @Test
  void theElevenTablesExistUnderThePrefixAndCreatingAgainChangesNothing() throws Exception {
    QuartzTables.create(TABLES.pool(), TABLES.quartzPrefix());

    long tables = TABLES.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM information_schema.tables WHERE table_name LIKE :prefix")
        .bind("prefix", TABLES.quartzPrefix().toLowerCase() + "%").mapTo(Long.class).one());
    assertThat(tables).isEqualTo(11);
  }

  @Test
  void theStatementsNeverDropAndOnlyCreateWhatIsMissing() {
    assertThat(QuartzTables.statements("council_qrtz_")).isNotEmpty().allSatisfy(sql -> {
      assertThat(sql).doesNotContainIgnoringCase("DROP").doesNotContain("QRTZ_FIRED").contains("council_qrtz_");
      assertThat(sql).satisfiesAnyOf(s -> assertThat(s).startsWith("CREATE TABLE IF NOT EXISTS "),
          s -> assertThat(s).startsWith("CREATE INDEX IF NOT EXISTS "));
    });
  }

  @Test
  void aPrefixThatIsNotAPlainIdentifierIsRefused() {
    assertThatThrownBy(() -> QuartzTables.statements("qrtz; drop table x"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plain SQL identifier");
  }
}
