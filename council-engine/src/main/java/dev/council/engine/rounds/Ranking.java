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
 * {@code ranking}: each member orders the choices (the {@code choices} option, or the latest answers by
 * member id, own excluded unless {@code excludeSelf} is false), answering {@code {ordering, rationale}}.
 * Aggregated by the {@code aggregator} option (default {@code borda}).
 */
public final class Ranking implements RoundType {
  public static final String NAME = "ranking";

  private static final StructuredRounds.Poll HOW = new StructuredRounds.Poll(NAME,
      "Rank the choices from best to worst.",
      "{\"ordering\": [\"<best>\", \"...\", \"<worst>\"], \"rationale\": \"<why>\"}", "ranking",
      StructuredRounds::rankingSchema, "borda");

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

  /** The {@code aggregator} option, else {@code borda}. */
  @Override
  public Optional<String> aggregator(Round round) {
    return Optional.of(round.optionString("aggregator", HOW.defaultAggregator()));
  }

  @Override
  public RoundResult execute(RoundContext ctx) {
    return StructuredRounds.run(ctx, HOW);
  }
}
