package dev.council.api.spi;

import dev.council.api.MemberResult;

/**
 * Decides a tournament pairing without a model call: registered by name and referred to by the
 * {@code judge} option of {@code pairwise_elimination}. Thread-safe.
 */
@FunctionalInterface
public interface PairwiseJudge {

  /**
   * @return the member id of the winner: {@code a.memberId()} or {@code b.memberId()}
   */
  String choose(String question, MemberResult a, MemberResult b);
}
