package dev.council.api.spi;

import dev.council.api.Council;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A kind of round ({@code independent_analysis}, {@code vote}, ...). Built-ins and user types are
 * discovered with {@link java.util.ServiceLoader} or registered on the engine builder, and referred to
 * by {@link #name()} from councils. Implementations are stateless and thread-safe.
 */
public interface RoundType {

  String name();

  /** What members see and whether they run concurrently. */
  RoundTraits traits();

  /**
   * Checks a round's options against this type; pure.
   *
   * @param path the JSON path of the round, e.g. {@code rounds[2]}
   */
  default List<ValidationError> validate(Round round, Council council, String path) {
    return List.of();
  }

  /**
   * The name of the aggregator this round would use with these options, if it aggregates at all; pure.
   * Validation checks that the aggregator exists and passes it the round's options ({@link
   * Aggregator#validate}). The default: the round's {@code aggregator} option when set, else none.
   */
  default Optional<String> aggregator(Round round) {
    return round.option("aggregator").map(Object::toString);
  }

  /** Whether this round type is performed by the chair rather than the members. */
  default boolean chairRound() {
    return false;
  }

  /** Runs the round: builds each member's prompt, invokes them, parses and aggregates. */
  RoundResult execute(RoundContext context);

  /**
   * Whether an iterated round has converged, used by {@code iterate} when no {@code until} predicate is
   * given.
   */
  default boolean converged(@Nullable RoundResult previous, RoundResult current) {
    return false;
  }
}
