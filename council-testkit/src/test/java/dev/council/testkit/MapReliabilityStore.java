package dev.council.testkit;

import dev.council.api.spi.ReliabilityStore;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.stream.Collectors;

/**
 * A reliability store counting matched and total outcomes per member and bucket in a map. With {@link
 * Defect#NONE} it follows {@link ReliabilityStore}'s contract; each other {@link Defect} breaks exactly one
 * of its rules, so the kit tests can show that {@link ReliabilityStoreKit} catches it.
 */
final class MapReliabilityStore implements ReliabilityStore {

  /** One way to break the reliability store contract. */
  enum Defect {
    /** Follows the contract. */
    NONE,
    /** Counts per bucket only, whatever the member. */
    MIXES_MEMBERS,
    /** Keys buckets by the map's {@code toString()}, so equal maps in another order get another bucket. */
    ORDER_SENSITIVE_BUCKETS,
    /** Joins sorted {@code key=value} pairs with {@code &} without escaping, so different maps can share a bucket. */
    UNESCAPED_BUCKETS,
    /** Scores the odds {@code (matched + 1) / (missed + 1)} instead of the share, which exceeds 1. */
    SCORES_THE_ODDS,
    /** Reads, then writes the counts without a lock, so concurrent records overwrite each other. */
    LOSES_CONCURRENT_RECORDS
  }

  private record Key(String memberId, String bucket) {}

  private record Counts(long matched, long total) {}

  private final Defect defect;
  private final ConcurrentMap<Key, Counts> counts = new ConcurrentHashMap<>();

  MapReliabilityStore(Defect defect) {
    this.defect = defect;
  }

  @Override
  public void record(String memberId, Map<String, ?> features, boolean matched) {
    Key key = key(memberId, features);
    Counts one = new Counts(matched ? 1 : 0, 1);
    if (defect != Defect.LOSES_CONCURRENT_RECORDS) {
      counts.merge(key, one, (a, b) -> new Counts(a.matched() + b.matched(), a.total() + b.total()));
      return;
    }
    Counts before = counts.getOrDefault(key, new Counts(0, 0));
    try {
      Thread.sleep(1); // the round trip a real store's read-then-write takes, so concurrent records overlap
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    counts.put(key, new Counts(before.matched() + one.matched(), before.total() + one.total()));
  }

  @Override
  public OptionalDouble score(String memberId, Map<String, ?> features) {
    Counts c = counts.get(key(memberId, features));
    if (c == null) {
      return OptionalDouble.empty();
    }
    if (defect == Defect.SCORES_THE_ODDS) {
      return OptionalDouble.of((c.matched() + 1.0) / (c.total() - c.matched() + 1.0));
    }
    return OptionalDouble.of(ReliabilityStore.laplace(c.matched(), c.total()));
  }

  @Override
  public void clear() {
    counts.clear();
  }

  private Key key(String memberId, Map<String, ?> features) {
    return switch (defect) {
      case MIXES_MEMBERS -> new Key("", ReliabilityStore.bucket(features));
      case ORDER_SENSITIVE_BUCKETS -> new Key(memberId, features.toString());
      case UNESCAPED_BUCKETS -> new Key(memberId, new TreeMap<String, Object>(features).entrySet().stream()
          .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("&")));
      default -> new Key(memberId, ReliabilityStore.bucket(features));
    };
  }
}
