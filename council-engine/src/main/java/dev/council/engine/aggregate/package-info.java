/**
 * Built-in {@link dev.council.api.spi.Aggregator}s ({@code plurality}, {@code borda}, {@code condorcet},
 * {@code schulze}, {@code median_confidence}, {@code confidence_weighted}, {@code peer_ranking},
 * {@code weighted_mean}). The built-in rounds turn members' parsed structured output into the
 * {@link dev.council.api.spi.Ballot}s these count.
 *
 * <p>Every aggregator here is stateless, thread-safe, performs no I/O and is deterministic for equal
 * ballots and options. None throws for unusual ballots: an empty list yields no winner with reason
 * {@link dev.council.engine.aggregate.NoWinnerReasons#NO_BALLOTS}, ballots lacking the field an
 * aggregator reads are skipped and counted in {@code details.ignored}, and ties are always listed in
 * {@link dev.council.api.AggregateResult#tied()}. An option with a malformed value (for example
 * {@code tieBreak: "coin"}) is a configuration error and throws {@link dev.council.api.CouncilException}
 * of kind {@link dev.council.api.ErrorKind#VALIDATION}.
 *
 * <p>Details common to all aggregators: {@code counted} (ballots used), {@code ignored} (ballots
 * skipped) and {@code ignoredMembers} (their member ids, in ballot order). A member counts once: a second
 * ballot from a member already counted is ignored. When a tie-break picked a winner,
 * {@code details.tieBreak} names the rule that did ({@code first}, {@code random} or {@code custom}).
 */
@NullMarked
package dev.council.engine.aggregate;

import org.jspecify.annotations.NullMarked;
