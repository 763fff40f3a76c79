package dev.council.jobs.quartz;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Sizes the time a job gives one council run: the longest a run can legitimately take when every member
 * call uses all its attempts, each to its timeout, with the longest backoff between them.
 *
 * <pre>{@code
 * per call  = attempts × member timeout + (attempts − 1) × max backoff      (the slowest member's)
 * steps     = rounds, an "iterate" round counting maxIterations × its inner rounds, + 1 for a chair
 *             that is not already asked by a synthesis round
 * timeout   = steps × per call + slack
 * }</pre>
 *
 * <p>Members of one round are called in parallel, so a round costs its slowest call, not the sum. Member
 * timeout and retry come, in precedence order, from the member's options (its profiles included), the
 * run options, configuration ({@code council.defaults.member-timeout},
 * {@code council.defaults.retry.max-attempts}) and the built-in defaults (30 s, 2 attempts, 30 s
 * maximum backoff). Not counted: tool-call turns, sub-councils' own rounds and rounds that ask members
 * several times in sequence; add them to the slack. Pure and thread-safe.
 */
public final class JobTimeouts {
  /** The built-in member timeout, as the engine's. */
  public static final Duration DEFAULT_MEMBER_TIMEOUT = Duration.ofSeconds(30);
  /** The built-in maximum iterations of an {@code iterate} round, as the engine's. */
  public static final int DEFAULT_MAX_ITERATIONS = 3;
  /** The slack {@link #forCouncil(CouncilEngine, Council, RunOptions)} adds: start-up, writes, the chair's prompt. */
  public static final Duration DEFAULT_SLACK = Duration.ofSeconds(30);

  private JobTimeouts() {}

  /** {@link #forCouncil(CouncilEngine, Council, RunOptions, Duration)} with {@link #DEFAULT_SLACK}. */
  public static Duration forCouncil(CouncilEngine engine, Council council, RunOptions options) {
    return forCouncil(engine, council, options, DEFAULT_SLACK);
  }

  /**
   * The job timeout for one run of {@code council} on {@code engine} with {@code options}: steps × the
   * slowest member's worst case, plus {@code slack}.
   */
  public static Duration forCouncil(CouncilEngine engine, Council council, RunOptions options, Duration slack) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(council, "council");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(slack, "slack");
    if (slack.isNegative()) {
      throw new IllegalArgumentException("slack must not be negative, was " + slack);
    }
    CouncilConfig config = engine.config();
    Duration configuredTimeout = config.getDuration("council.defaults.member-timeout", DEFAULT_MEMBER_TIMEOUT);
    int configuredAttempts = config.getInt("council.defaults.retry.max-attempts", RetryPolicy.DEFAULT.maxAttempts());
    List<Member> asked = new ArrayList<>(council.members());
    if (council.chair() != null) {
      asked.add(council.chair());
    }
    Duration perCall = Duration.ZERO;
    for (Member m : asked) {
      MemberOptions own = engine.effectiveOptions(council, m);
      Duration timeout = own.timeout() != null ? own.timeout()
          : options.memberTimeout().orElse(configuredTimeout);
      RetryPolicy retry = own.retry() != null ? own.retry()
          : options.retry().orElse(new RetryPolicy(configuredAttempts, RetryPolicy.DEFAULT.baseBackoff(),
              RetryPolicy.DEFAULT.maxBackoff()));
      Duration worst = perCall(timeout, retry);
      if (worst.compareTo(perCall) > 0) {
        perCall = worst;
      }
    }
    return perCall.multipliedBy(steps(council)).plus(slack);
  }

  /** The worst case of one member call: every attempt to its timeout, the longest backoff between them. */
  public static Duration perCall(Duration memberTimeout, RetryPolicy retry) {
    int attempts = Math.max(1, retry.maxAttempts());
    return memberTimeout.multipliedBy(attempts).plus(retry.maxBackoff().multipliedBy(attempts - 1L));
  }

  /**
   * How many member calls of {@code council} follow one another at worst: one per round, an
   * {@code iterate} round's inner rounds once per iteration, and one for a chair no synthesis round asks.
   */
  public static long steps(Council council) {
    long steps = 0;
    boolean chairAsked = false;
    for (Round round : council.rounds()) {
      steps += steps(round);
      chairAsked |= Council.CHAIR_ROUNDS.contains(round.type());
    }
    if (council.chair() != null && !chairAsked) {
      steps++;
    }
    return Math.max(1, steps);
  }

  private static long steps(Round round) {
    if (round.inner().isEmpty()) {
      return 1;
    }
    long inner = 0;
    for (Round r : round.inner()) {
      inner += steps(r);
    }
    long iterations = round.type().equals("iterate") && round.options().get("maxIterations") instanceof Number n
        ? n.longValue() : round.type().equals("iterate") ? DEFAULT_MAX_ITERATIONS : 1;
    return iterations * inner;
  }
}
