package dev.council.engine.aggregate;

import dev.council.api.AggregateResult;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code weighted_mean}: the mean of the members' numeric answers ({@link Ballot#value()}), each
 * weighted by {@link Ballot#weight()} (absent = {@value #DEFAULT_WEIGHT}). The answer is a number, not
 * an option, so there is never a winner: {@code winner} is null with reason {@code numeric_aggregate},
 * and the mean is in {@code scores} under {@value #MEAN} and in {@code details.mean}. When every counted
 * weight is 0 there is no mean (reason {@code zero_weight}, empty scores).
 *
 * <p>A ballot is ignored when its value is absent, NaN or infinite, or its weight is negative, NaN or
 * infinite. No options. Details: {@code mean}, {@code totalWeight}, {@code values} (member id → value,
 * in ballot order), {@code weights} (member id → weight used) and the common entries.
 *
 * <p>Stateless and thread-safe.
 */
public final class WeightedMeanAggregator implements Aggregator {
  /** The registered name. */
  public static final String NAME = "weighted_mean";

  /** The key of the mean in {@link AggregateResult#scores()}. */
  public static final String MEAN = "mean";

  /** The weight of a ballot without one. */
  public static final double DEFAULT_WEIGHT = 1.0;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options) {
    Tally tally = new Tally(NAME, ballots);
    Map<String, Object> values = new LinkedHashMap<>();
    Map<String, Object> weights = new LinkedHashMap<>();
    double weightedSum = 0;
    double totalWeight = 0;
    for (Ballot ballot : ballots) {
      double weight = ballot.weight() == null ? DEFAULT_WEIGHT : ballot.weight();
      boolean valid = ballot.value() != null && Double.isFinite(ballot.value())
          && Double.isFinite(weight) && weight >= 0;
      if (tally.admit(ballot, valid)) {
        double value = Objects.requireNonNull(ballot.value());
        weightedSum += weight * value;
        totalWeight += weight;
        values.put(ballot.memberId(), value);
        weights.put(ballot.memberId(), weight);
      }
    }
    Map<String, Object> details = tally.details();
    details.put("values", values);
    details.put("weights", weights);
    details.put("totalWeight", totalWeight);
    if (tally.noneCounted()) {
      return tally.nothingCounted(details);
    }
    if (totalWeight == 0) {
      return new AggregateResult(NAME, null, List.of(), Map.of(), NoWinnerReasons.ZERO_WEIGHT, details);
    }
    double mean = weightedSum / totalWeight;
    details.put("mean", mean);
    return new AggregateResult(NAME, null, List.of(), Map.of(MEAN, mean), NoWinnerReasons.NUMERIC_AGGREGATE, details);
  }
}
