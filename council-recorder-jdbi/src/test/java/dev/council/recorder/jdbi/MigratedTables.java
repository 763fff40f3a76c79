package dev.council.recorder.jdbi;

import java.util.Objects;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.jspecify.annotations.Nullable;

/**
 * One test class's own migrated council tables in the {@link TestDatabase}: before the class's tests it
 * chooses a unique table prefix, migrates the schema under it and opens a {@link RunHistory}; after them
 * it drops the tables. Register it as a static {@code @RegisterExtension} field; its getters work only
 * while the class's tests run. Not thread-safe to set up; safe to read from the tests once set up.
 */
final class MigratedTables implements BeforeAllCallback, AfterAllCallback {
  private final String name;
  private @Nullable Jdbi jdbi;
  private @Nullable String prefix;
  private @Nullable RunHistory history;

  /** Tables whose prefix starts {@code t_<name>_}. */
  MigratedTables(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    jdbi = TestDatabase.jdbi();
    prefix = TestDatabase.uniquePrefix(name);
    CouncilSchema.migrate(jdbi, prefix);
    history = RunHistory.create(jdbi, prefix);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    TestDatabase.dropTables(prefix);
  }

  Jdbi jdbi() {
    return Objects.requireNonNull(jdbi, "the tables are not set up outside the test class's tests");
  }

  String prefix() {
    return Objects.requireNonNull(prefix, "the tables are not set up outside the test class's tests");
  }

  RunHistory history() {
    return Objects.requireNonNull(history, "the tables are not set up outside the test class's tests");
  }

  /** A recorder builder over these tables, every other setting at its default. */
  JdbiRecorder.Builder recorderBuilder() {
    return JdbiRecorder.builder().jdbi(jdbi()).tablePrefix(prefix());
  }
}
