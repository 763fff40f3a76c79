package dev.council.engine.rounds;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Anonymized peer review shows every answer in every position equally often (counterbalancing). */
class PresentationOrderBalanceTest {

  private static List<String> labels(int n, long seed) {
    List<String> base = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      base.add(AnonymizedPeerReview.label(i));
    }
    Collections.shuffle(base, new Random(seed));
    return base;
  }

  /** counts[label][position] over the given orders. */
  private static Map<String, int[]> counts(List<List<String>> orders, int positions) {
    Map<String, int[]> counts = new HashMap<>();
    for (List<String> order : orders) {
      for (int p = 0; p < order.size(); p++) {
        counts.computeIfAbsent(order.get(p), k -> new int[positions])[p]++;
      }
    }
    return counts;
  }

  @Test
  void whenEveryAuthorReviewsEachAnswerIsInEachPositionExactlyOnce() {
    for (int n = 1; n <= 60; n++) {
      for (long seed : new long[] {0, 7, -3, Long.MAX_VALUE}) {
        List<String> base = labels(n, seed);
        List<@Nullable String> own = new ArrayList<>(labels(n, seed * 31 + 1));

        List<List<String>> orders = AnonymizedPeerReview.presentationOrders(base, own);

        assertThat(orders).hasSize(n);
        for (int r = 0; r < n; r++) {
          assertThat(orders.get(r)).as("reviewer %d of %d", r, n).hasSize(n - 1).doesNotContain(own.get(r))
              .doesNotHaveDuplicates();
        }
        Map<String, int[]> counts = counts(orders, Math.max(1, n - 1));
        if (n > 1) {
          assertThat(counts).hasSize(n);
          counts.forEach((label, perPosition) -> {
            for (int count : perPosition) {
              assertThat(count).as("%s per position", label).isEqualTo(1);
            }
          });
        }
      }
    }
  }

  @Test
  void reviewersWithoutAnAnswerKeepEveryPositionWithinOneOfEven() {
    for (int n = 2; n <= 30; n++) {
      for (int extra = 1; extra <= 2 * n + 1; extra += 3) {
        List<String> base = labels(n, n * 1000L + extra);
        List<@Nullable String> own = new ArrayList<>(base);
        for (int i = 0; i < extra; i++) {
          own.add(i % 2 == 0 ? 0 : own.size(), null);
        }

        List<List<String>> orders = AnonymizedPeerReview.presentationOrders(base, own);

        for (int r = 0; r < own.size(); r++) {
          assertThat(orders.get(r)).hasSize(own.get(r) == null ? n : n - 1).doesNotHaveDuplicates();
        }
        Map<String, int[]> counts = counts(orders, n);
        for (int p = 0; p < n; p++) {
          int min = Integer.MAX_VALUE;
          int max = 0;
          for (String label : base) {
            int c = counts.getOrDefault(label, new int[n])[p];
            min = Math.min(min, c);
            max = Math.max(max, c);
          }
          assertThat(max - min).as("n=%d, %d without an answer, position %d", n, extra, p).isLessThanOrEqualTo(1);
        }
      }
    }
  }

  @Test
  void aRunRecordsABalancedPresentationOrder() {
    int n = 7;
    Council.Builder b = Council.builder("balanced").option("seed", 11);
    for (int i = 0; i < n; i++) {
      b.member(Member.builder("m" + i).provider("simulated").model("sim").build());
    }
    Council c = b.round(Round.of("independent_analysis")).round(Round.of("anonymized_peer_review")).build();
    try (CouncilEngine engine = CouncilEngine.create(CouncilConfig.of(Map.of()))) {
      Result r = engine.run(c, Map.of("question", "Which is best?"));

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      RoundResult review = r.rounds().get(1);
      @SuppressWarnings("unchecked")
      Map<String, List<String>> orders = (Map<String, List<String>>) review.metadata().get("presentationOrder");
      assertThat(orders).hasSize(n);
      Map<String, int[]> counts = counts(new ArrayList<>(orders.values()), n - 1);
      assertThat(counts).hasSize(n);
      counts.values().forEach(perPosition -> assertThat(perPosition).containsOnly(1));
    }
  }
}
