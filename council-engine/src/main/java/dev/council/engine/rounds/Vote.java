package dev.council.engine.rounds;

import dev.council.api.Council;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.ValidationError;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.util.List;
import java.util.Optional;

/**
 * {@code vote}: each member votes for one choice — the round's {@code choices} option, or else the
 * answers of the latest round (by member id, own answer excluded unless {@code excludeSelf} is false) —
 * answering {@code {choice, rationale, confidence}} validated against a schema. Aggregated by the
 * {@code aggregator} option (default {@code plurality}).
 */
public final class Vote implements RoundType {
  public static final String NAME = "vote";

  private static final StructuredRounds.Poll HOW = new StructuredRounds.Poll(NAME, "Vote for the best choice.",
      "{\"choice\": \"<one of the choices>\", \"rationale\": \"<why>\", \"confidence\": <0 to 1>}", "vote",
      StructuredRounds::voteSchema, "plurality");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public RoundTraits traits() {
    return new RoundTraits(RoundTraits.InputScope.PREVIOUS_ROUND, RoundTraits.Sharing.ALL, false, true);
  }

  @Override
  public List<ValidationError> validate(Round round, Council council, String path) {
    return StructuredRounds.validate(round, council, path);
  }

  /** The {@code aggregator} option, else {@code plurality}. */
  @Override
  public Optional<String> aggregator(Round round) {
    return Optional.of(round.optionString("aggregator", HOW.defaultAggregator()));
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    return StructuredRounds.run(ctx, HOW);
  }
}
