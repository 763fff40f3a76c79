package dev.council.api.spi;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the engine gives a {@link RoundType} while it executes one round of one run. Valid only during
 * {@link RoundType#execute}; used from the run's own thread.
 */
public interface RoundContext {

  String runId();

  Council council();

  /** This round's specification. */
  Round round();

  /** This round's index in the council. */
  int roundIndex();

  /** The iteration (0 unless run by {@code iterate}). */
  int iteration();

  /** The run input. */
  Map<String, Object> input();

  /** The run input as the text members are asked: its {@code question}, or every entry on its own line. */
  String question();

  /** Results of all earlier rounds (and iterations) of this run, in order. */
  List<RoundResult> priorRounds();

  /** The members taking part in this round after routing (the chair excluded), in council order. */
  List<Member> participants();

  /** Results for members the router excluded ({@code SKIPPED}, reason {@code router_excluded}). */
  List<MemberResult> excluded();

  /** The council's chair, if any. */
  Optional<Member> chair();

  /**
   * Asks members and waits for all of them: concurrently when this round's type is parallel, else in
   * order. Each call yields a result, failed or not; results come back in call order. Honours the
   * round's failure mode (fail-fast interrupts the rest and marks them {@code SKIPPED}).
   */
  List<MemberResult> invoke(List<MemberCall> calls);

  /** Asks one member (see {@link #invoke}). */
  default MemberResult invoke(MemberCall call) {
    return invoke(List.of(call)).get(0);
  }

  /**
   * Runs another round inside this one (the body of {@code iterate}), with its own
   * {@code RoundStarted}/{@code RoundCompleted} events; its result is added to the run's rounds.
   */
  RoundResult runInner(Round inner, int iteration);

  /** The round type registered under {@code name}. */
  RoundType roundType(String name);

  /** The aggregator registered under {@code name}. */
  Aggregator aggregator(String name);

  /** The iteration predicate registered under {@code name}. */
  default Optional<IterationPredicate> predicate(String name) {
    return Optional.empty();
  }

  /** The pairwise judge registered under {@code name}. */
  default Optional<PairwiseJudge> judge(String name) {
    return Optional.empty();
  }

  /**
   * The engine's store of learned member reliability ({@code council.reliability.store}); empty when the
   * context has none (contexts built outside an engine).
   */
  default Optional<ReliabilityStore> reliability() {
    return Optional.empty();
  }

  /** A seed for reproducible shuffles: the council's {@code seed} option, else derived from the run id. */
  long seed();
}
