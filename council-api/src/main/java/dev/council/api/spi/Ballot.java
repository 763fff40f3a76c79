package dev.council.api.spi;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One member's structured output, as an aggregator reads it.
 *
 * @param memberId who cast it
 * @param choice the chosen option (votes), or null
 * @param ordering options best first (rankings), empty when not ranking
 * @param value a numeric answer (weighted means), or null
 * @param confidence confidence in [0, 1], or null
 * @param weight the member's static weight, or null
 */
public record Ballot(
    String memberId,
    @Nullable String choice,
    List<String> ordering,
    @Nullable Double value,
    @Nullable Double confidence,
    @Nullable Double weight) {

  public Ballot {
    Objects.requireNonNull(memberId, "memberId");
    ordering = ordering == null ? List.of() : List.copyOf(ordering);
  }

  public static Ballot vote(String memberId, String choice) {
    return new Ballot(memberId, choice, List.of(), null, null, null);
  }

  public static Ballot ranking(String memberId, List<String> ordering) {
    return new Ballot(memberId, null, ordering, null, null, null);
  }
}
