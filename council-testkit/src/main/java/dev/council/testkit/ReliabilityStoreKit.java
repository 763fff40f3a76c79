package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.spi.ReliabilityStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The behaviour every {@link ReliabilityStore} must show. Extend it and implement {@link #createStore()};
 * shared stores override {@link #createPeer()} to return a second handle on the same data (another cluster
 * member, another connection), and the kit checks records made through one are scored through the other.
 *
 * <p>What the kit holds a store to, as {@link ReliabilityStore} defines it: no score before a record; the
 * Laplace-smoothed share {@code (matched + 1) / (total + 2)}, so every score lies in (0, 1); members and
 * feature buckets ({@link ReliabilityStore#bucket}) counted apart, equal feature maps sharing a bucket
 * whatever their order, and maps that merely join to the same text not; records through one handle scored
 * through another; no record lost under concurrent records; {@link ReliabilityStore#clear} forgetting all.
 * Each failure is an {@link AssertionError} whose message names the rule broken.
 *
 * <p>Member ids are unique per test, so stores may share a database or cluster between tests. Every
 * store the kit creates is closed after the test.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class ReliabilityStoreKit {
  private final List<ReliabilityStore> created = new ArrayList<>();
  private String prefix;
  private ReliabilityStore store;

  /** A new store; for shared stores, one that sees the same data as every other store the kit creates. */
  protected abstract ReliabilityStore createStore();

  /** A second handle on the same data as {@link #createStore()}; by default the same store. */
  protected ReliabilityStore createPeer() {
    return store;
  }

  @BeforeEach
  final void openStore() {
    prefix = "kit-" + UUID.randomUUID() + "-";
    store = track(createStore());
  }

  @AfterEach
  final void closeStores() {
    created.forEach(ReliabilityStore::close);
    created.clear();
  }

  private ReliabilityStore track(ReliabilityStore s) {
    if (!created.contains(s)) {
      created.add(s);
    }
    return s;
  }

  private String member(String id) {
    return prefix + id;
  }

  /** The score of {@code memberId} in {@code features}' bucket through {@code from}, checked to lie in (0, 1). */
  private static OptionalDouble score(ReliabilityStore from, String memberId, Map<String, ?> features) {
    OptionalDouble score = from.score(memberId, features);
    if (score.isPresent() && !(score.getAsDouble() > 0.0 && score.getAsDouble() < 1.0)) {
      throw new AssertionError("the score of " + memberId + " in bucket " + features + " is " + score.getAsDouble()
          + ", outside (0, 1): a score is the Laplace-smoothed share (matched + 1) / (total + 2)");
    }
    return score;
  }

  /** Checks the score of {@code memberId} in {@code features}' bucket is {@code expected}, stating {@code rule}. */
  private static void assertScore(ReliabilityStore from, String memberId, Map<String, ?> features, double expected,
      String rule, Object... args) {
    assertThat(score(from, memberId, features)).as("the score of %s in bucket %s (%s)", memberId, features,
        String.format(rule, args)).isPresent();
    assertThat(score(from, memberId, features).getAsDouble()).as("the score of %s in bucket %s (%s)", memberId,
        features, String.format(rule, args)).isCloseTo(expected, within(1e-12));
  }

  /** Checks {@code memberId} has no score in {@code features}' bucket, stating {@code rule}. */
  private static void assertNoScore(ReliabilityStore from, String memberId, Map<String, ?> features, String rule) {
    assertThat(score(from, memberId, features)).as("the score of %s in bucket %s (%s)", memberId, features, rule)
        .isEmpty();
  }

  @Test
  void aMemberWithNoRecordsHasNoScore() {
    assertNoScore(store, member("cold"), Map.of(), "a member with no records has no score");
    assertNoScore(store, member("cold"), Map.of("domain", "legal"), "a member with no records has no score");
  }

  @Test
  void theScoreIsTheLaplaceSmoothedShareOfMatches() {
    String a = member("a");
    String rule = "%d matched of %d scores (matched + 1) / (total + 2)";
    store.record(a, Map.of(), true);
    assertScore(store, a, Map.of(), 2.0 / 3.0, rule, 1, 1);
    store.record(a, Map.of(), true);
    store.record(a, Map.of(), false);
    assertScore(store, a, Map.of(), 0.6, rule, 2, 3);
    for (int i = 0; i < 5; i++) {
      store.record(a, Map.of(), false);
    }
    assertScore(store, a, Map.of(), 0.3, rule, 2, 8);
  }

  @Test
  void featureBucketsAndMembersAreCountedApart() {
    String a = member("a");
    String b = member("b");
    store.record(a, Map.of("domain", "legal"), true);
    store.record(a, Map.of("domain", "legal"), true);
    store.record(a, Map.of("domain", "tax"), false);
    store.record(b, Map.of("domain", "legal"), false);

    String apart = "members and feature buckets are counted apart";
    assertScore(store, a, Map.of("domain", "legal"), 0.75, apart);
    assertScore(store, a, Map.of("domain", "tax"), 1.0 / 3.0, apart);
    assertScore(store, b, Map.of("domain", "legal"), 1.0 / 3.0, apart);
    assertNoScore(store, a, Map.of(), apart);
    assertNoScore(store, b, Map.of("domain", "tax"), apart);
  }

  @Test
  void equalFeatureMapsShareABucketWhateverTheirOrder() {
    String a = member("a");
    Map<String, Object> one = new LinkedHashMap<>();
    one.put("domain", "legal");
    one.put("lang", "fr");
    Map<String, Object> other = new LinkedHashMap<>();
    other.put("lang", "fr");
    other.put("domain", "legal");
    store.record(a, one, true);

    assertScore(store, a, other, 2.0 / 3.0, "equal feature maps share a bucket whatever their order");
  }

  @Test
  void featureMapsThatOnlyJoinAlikeAreCountedApart() {
    String a = member("a");
    store.record(a, Map.of("domain", "legal&lang=fr"), true);
    store.record(a, Map.of("domain", "legal", "lang", "fr"), false);
    store.record(a, Map.of("domain=legal", "lang"), false);
    store.record(a, Map.of("domain", "legal%26lang%3Dfr"), false);

    String apart = "feature maps that differ are counted apart, even when their keys and values joined with = "
        + "and & read the same: ReliabilityStore.bucket escapes them";
    assertScore(store, a, Map.of("domain", "legal&lang=fr"), 2.0 / 3.0, apart);
    assertScore(store, a, Map.of("domain", "legal", "lang", "fr"), 1.0 / 3.0, apart);
    assertScore(store, a, Map.of("domain=legal", "lang"), 1.0 / 3.0, apart);
    assertScore(store, a, Map.of("domain", "legal%26lang%3Dfr"), 1.0 / 3.0, apart);
  }

  @Test
  void recordsThroughOneHandleAreScoredThroughAnother() {
    ReliabilityStore peer = track(createPeer());
    String a = member("a");
    store.record(a, Map.of("domain", "legal"), true);
    peer.record(a, Map.of("domain", "legal"), false);

    String shared = "records through one handle are scored through another: 1 matched of 2";
    assertScore(peer, a, Map.of("domain", "legal"), 0.5, shared);
    assertScore(store, a, Map.of("domain", "legal"), 0.5, shared);
  }

  @Test
  void concurrentRecordsAreNotLost() throws Exception {
    ReliabilityStore peer = track(createPeer());
    String a = member("busy");
    int threads = 8;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        ReliabilityStore target = t % 2 == 0 ? store : peer;
        boolean match = t < threads / 2;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            target.record(a, Map.of("k", "v"), match);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    long total = (long) threads * each;
    long matched = total / 2;
    assertScore(store, a, Map.of("k", "v"), ReliabilityStore.laplace(matched, total), "concurrent records are not "
        + "lost: %d threads recorded %d outcomes, %d matched, scored %s; records are atomic", threads, total,
        matched, ReliabilityStore.laplace(matched, total));
  }

  @Test
  void clearForgetsEveryRecord() {
    String a = member("a");
    store.record(a, Map.of(), true);
    store.clear();
    assertNoScore(store, a, Map.of(), "clear forgets every record");
  }
}
