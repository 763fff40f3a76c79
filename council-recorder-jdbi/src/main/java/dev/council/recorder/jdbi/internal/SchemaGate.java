package dev.council.recorder.jdbi.internal;

import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.Jdbi;

/**
 * Makes sure the schema is in place before the first write: migrates it, or checks that it exists when
 * migration is off. Succeeds once, then costs a volatile read; a failure is retried by the next call.
 * Thread-safe; {@link #ensure()} blocks on the database until it has succeeded once.
 */
public final class SchemaGate {
  private final Jdbi jdbi;
  private final Tables tables;
  private final boolean migrate;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile boolean ready;

  public SchemaGate(Jdbi jdbi, Tables tables, boolean migrate) {
    this.jdbi = jdbi;
    this.tables = tables;
    this.migrate = migrate;
  }

  /**
   * Returns once the schema is usable.
   *
   * @throws dev.council.api.CouncilException when the database is unreachable or the tables are missing
   */
  public void ensure() {
    if (ready) {
      return;
    }
    lock.lock();
    try {
      if (!ready) {
        if (migrate) {
          Migrator.migrate(jdbi, tables);
        } else {
          Migrator.verify(jdbi, tables);
        }
        ready = true;
      }
    } finally {
      lock.unlock();
    }
  }
}
