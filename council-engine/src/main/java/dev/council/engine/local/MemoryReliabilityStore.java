package dev.council.engine.local;

import dev.council.api.spi.ReliabilityStore;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The in-JVM {@link ReliabilityStore} ({@code council.reliability.store=memory}, the default): counts per
 * member and feature bucket in a concurrent map, updated atomically; lost when the JVM stops and not shared
 * across a cluster (use {@code jdbi} or {@code hazelcast} for that). Thread-safe; never blocks on I/O.
 */
public final class MemoryReliabilityStore implements ReliabilityStore {
  /** The registered name. */
  public static final String NAME = "memory";

  private record Key(String memberId, String bucket) {}

  private record Counts(long matched, long total) {
    Counts plus(boolean match) {
      return new Counts(matched + (match ? 1 : 0), total + 1);
    }
  }

  private final Map<Key, Counts> counts = new ConcurrentHashMap<>();

  @Override
  public void record(String memberId, Map<String, ?> features, boolean matched) {
    Objects.requireNonNull(memberId, "memberId");
    counts.merge(new Key(memberId, ReliabilityStore.bucket(features)), new Counts(matched ? 1 : 0, 1),
        (old, one) -> old.plus(matched));
  }

  @Override
  public OptionalDouble score(String memberId, Map<String, ?> features) {
    Counts c = counts.get(new Key(memberId, ReliabilityStore.bucket(features)));
    return c == null ? OptionalDouble.empty() : OptionalDouble.of(ReliabilityStore.laplace(c.matched(), c.total()));
  }

  @Override
  public void clear() {
    counts.clear();
  }

  @Override
  public String toString() {
    return "MemoryReliabilityStore[buckets=" + counts.size() + "]";
  }
}
