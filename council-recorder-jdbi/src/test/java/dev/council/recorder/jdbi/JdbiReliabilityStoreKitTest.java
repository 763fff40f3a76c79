package dev.council.recorder.jdbi;

import dev.council.api.spi.ReliabilityStore;
import dev.council.testkit.ReliabilityStoreKit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The reliability store contract against PostgreSQL; the peer is a second store on its own connections
 * to the same tables, as another node would have.
 */
class JdbiReliabilityStoreKitTest extends ReliabilityStoreKit {
  @RegisterExtension
  static final MigratedTables TABLES = new MigratedTables("reliab");

  @Override
  protected ReliabilityStore createStore() {
    return JdbiReliabilityStore.create(TABLES.jdbi(), TABLES.prefix(), false);
  }

  @Override
  protected ReliabilityStore createPeer() {
    return JdbiReliabilityStore.create(Jdbi.create(TestDatabase.dataSource(TestDatabase.URL)), TABLES.prefix(), true);
  }
}
