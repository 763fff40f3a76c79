package dev.council.api.spi;

import dev.council.api.config.CouncilConfig;

/**
 * Creates the {@link ReliabilityStore} selected by {@code council.reliability.store} ({@code memory} by
 * default; {@code jdbi} and {@code hazelcast} come with their modules). Stateless; performs no I/O.
 */
public interface ReliabilityStoreFactory {
  String name();

  ReliabilityStore create(CouncilConfig config);
}
