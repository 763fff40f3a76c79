package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.spi.ReliabilityStore;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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

  @Test
  void aMemberWithNoRecordsHasNoScore() {
    assertThat(store.score(member("cold"), Map.of())).isEmpty();
    assertThat(store.score(member("cold"), Map.of("domain", "legal"))).isEmpty();
  }

  @Test
  void theScoreIsTheLaplaceSmoothedShareOfMatches() {
    String a = member("a");
    store.record(a, Map.of(), true);
    assertThat(store.score(a, Map.of()).getAsDouble()).isCloseTo(2.0 / 3.0, within(1e-12));
    store.record(a, Map.of(), true);
    store.record(a, Map.of(), false);
    // 2 matched of 3: (2 + 1) / (3 + 2)
    assertThat(store.score(a, Map.of()).getAsDouble()).isCloseTo(0.6, within(1e-12));
    for (int i = 0; i < 5; i++) {
      store.record(a, Map.of(), false);
    }
    // 2 of 8: 3 / 10
    assertThat(store.score(a, Map.of()).getAsDouble()).isCloseTo(0.3, within(1e-12));
  }

  @Test
  void featureBucketsAndMembersAreCountedApart() {
    String a = member("a");
    String b = member("b");
    store.record(a, Map.of("domain", "legal"), true);
    store.record(a, Map.of("domain", "legal"), true);
    store.record(a, Map.of("domain", "tax"), false);
    store.record(b, Map.of("domain", "legal"), false);

    assertThat(store.score(a, Map.of("domain", "legal")).getAsDouble()).isCloseTo(0.75, within(1e-12));
    assertThat(store.score(a, Map.of("domain", "tax")).getAsDouble()).isCloseTo(1.0 / 3.0, within(1e-12));
    assertThat(store.score(b, Map.of("domain", "legal")).getAsDouble()).isCloseTo(1.0 / 3.0, within(1e-12));
    assertThat(store.score(a, Map.of())).isEmpty();
    assertThat(store.score(b, Map.of("domain", "tax"))).isEmpty();
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

    assertThat(store.score(a, other).getAsDouble()).isCloseTo(2.0 / 3.0, within(1e-12));
  }

  @Test
  void recordsThroughOneHandleAreScoredThroughAnother() {
    ReliabilityStore peer = track(createPeer());
    String a = member("a");
    store.record(a, Map.of("domain", "legal"), true);
    peer.record(a, Map.of("domain", "legal"), false);

    assertThat(peer.score(a, Map.of("domain", "legal")).getAsDouble()).isCloseTo(0.5, within(1e-12));
    assertThat(store.score(a, Map.of("domain", "legal")).getAsDouble()).isCloseTo(0.5, within(1e-12));
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
    assertThat(store.score(a, Map.of("k", "v")).getAsDouble())
        .isCloseTo(ReliabilityStore.laplace(matched, total), within(1e-12));
  }

  @Test
  void clearForgetsEveryRecord() {
    String a = member("a");
    store.record(a, Map.of(), true);
    store.clear();
    assertThat(store.score(a, Map.of())).isEmpty();
  }
}
