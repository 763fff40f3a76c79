package dev.council.engine;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.testkit.EventCapture;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared helpers for engine tests. */
final class TestSupport {
  private TestSupport() {}

  static final Map<String, Object> QUESTION = Map.of("question", "Should we adopt four-day weeks?");

  /** A council of members {@code a, b, c...} on provider {@code mock}, one independent round, optional chair. */
  static Council council(int members, boolean chair) {
    Council.Builder b = Council.builder("test-council");
    for (int i = 0; i < members; i++) {
      b.member(member(String.valueOf((char) ('a' + i))));
    }
    b.round(Round.of("independent_analysis"));
    if (chair) {
      b.chair(member("chair"));
    }
    return b.build();
  }

  static Member member(String id) {
    return Member.builder(id).role("Analyst " + id).systemPrompt("You are analyst " + id + ".")
        .provider("mock").model("mock-model").build();
  }

  static CouncilConfig config(String... keyValues) {
    java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      m.put(keyValues[i], keyValues[i + 1]);
    }
    return CouncilConfig.of(m);
  }

  /** Waits (up to 30 s) for the run's terminal event and returns every event captured, in order. */
  static List<CouncilEvent> awaitAll(EventCapture capture) {
    capture.awaitTerminal(Duration.ofSeconds(30));
    return capture.events();
  }

  /** Polls a condition for up to 30 s (for asynchronous delivery). */
  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(5);
    }
  }
}
