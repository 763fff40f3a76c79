package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.Verbosity;
import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.LlmProvider;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import java.time.Clock;
import java.util.Map;

/**
 * The councils, engine and options the benchmarks share. Stateless.
 *
 * <p>Engines are configured with recorder {@code none}, verbose output off and an explicit {@code
 * council.reap-after}; other {@code council.*} settings may still be given as system properties (in a JMH
 * {@code -jvmArgsAppend}), never from the environment.
 */
final class BenchCouncils {
  /** The provider id every bench member calls. */
  static final String PROVIDER = "zero";

  /** The run input. */
  static final Map<String, Object> INPUT = Map.of("question", "Should we adopt a four-day week?");

  /** The engine's default {@code council.reap-after}: finished runs stay queryable for a minute. */
  static final String DEFAULT_REAP_AFTER = "60s";

  /** Verbose off; everything else from configuration. */
  static final RunOptions OPTIONS = RunOptions.builder().verbose(Verbosity.OFF).build();

  private BenchCouncils() {}

  /** {@code members} members, two parallel rounds ({@code independent_analysis}, then {@code second}), no chair. */
  static Council twoParallelRounds(int members) {
    Council.Builder b = Council.builder("bench-" + members + "x2");
    for (int i = 0; i < members; i++) {
      b.member(member("m" + i));
    }
    return b.round(Round.of("independent_analysis"))
        .round(Round.builder("independent_analysis").name("second").build())
        .build();
  }

  /** {@code members} members in one {@code independent_analysis} round, then the chair's synthesis. */
  static Council withChair(int members) {
    Council.Builder b = Council.builder("bench-" + members + "-chair");
    for (int i = 0; i < members; i++) {
      b.member(member("m" + i));
    }
    return b.round(Round.of("independent_analysis")).chair(member("chair")).build();
  }

  static Member member(String id) {
    return Member.builder(id).role("Analyst " + id).systemPrompt("You are analyst " + id + ".")
        .provider(PROVIDER).model("bench-model").build();
  }

  /**
   * An engine whose provider {@value #PROVIDER} is {@code provider}, recording nothing, keeping finished
   * runs queryable for {@code reapAfter} (a {@code council.reap-after} value such as {@code 0s} or {@code 60s}).
   */
  static CouncilEngine engine(LlmProvider provider, String reapAfter) {
    return engine(provider, reapAfter, Clock.systemUTC());
  }

  /** As {@link #engine(LlmProvider, String)}, stamping events and results with {@code clock}. */
  static CouncilEngine engine(LlmProvider provider, String reapAfter, Clock clock) {
    CouncilConfig config = CouncilConfig.builder()
        .environment(Map.of())
        .set("council.recorder", "none")
        .set("council.reap-after", reapAfter)
        .build();
    return CouncilEngine.builder().config(config).clock(clock).provider(PROVIDER, provider).build();
  }
}
