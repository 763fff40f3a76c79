package dev.council.engine.aggregate;

import dev.council.engine.internal.support.JsonValues;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.ValidationError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * How a tie for first place is settled: option {@code tieBreak} = {@code first} (alphabetically first,
 * the default), {@code random} (needs option {@code seed}), {@code none} (no winner), or a custom Java
 * function. A random pick is {@code floorMod(splitMix64(seed), tied.size())} over the alphabetically
 * sorted tie: defined here rather than by a JDK generator, so a seed picks the same option on every JVM
 * (and, unlike the first output of {@code java.util.Random}, neighbouring seeds pick independently).
 */
final class TieBreak {
  static final String OPTION = "tieBreak";
  static final String SEED_OPTION = "seed";

  private final String mode;
  private final Function<List<String>, @Nullable String> chooser;

  private TieBreak(String mode, Function<List<String>, @Nullable String> chooser) {
    this.mode = mode;
    this.chooser = chooser;
  }

  static TieBreak custom(Function<List<String>, @Nullable String> chooser) {
    Objects.requireNonNull(chooser, "chooser");
    return new TieBreak("custom", chooser);
  }

  static TieBreak fromOptions(String aggregator, Map<String, Object> options) {
    Object raw = options.get(OPTION);
    String mode = raw == null ? "first" : raw.toString().strip().toLowerCase(Locale.ROOT);
    return switch (mode) {
      case "first" -> new TieBreak("first", tied -> tied.getFirst());
      case "none" -> new TieBreak("none", tied -> null);
      case "random" -> {
        if (options.get(SEED_OPTION) == null) {
          throw new CouncilException(
              ErrorKind.VALIDATION,
              "Aggregator '%s': tieBreak 'random' needs option 'seed' (an integer) so that runs are reproducible."
                  .formatted(aggregator));
        }
        long seed = Options.integer(aggregator, options, SEED_OPTION);
        yield new TieBreak("random", tied -> tied.get(Math.floorMod(splitMix64(seed), tied.size())));
      }
      default -> throw Options.invalid(aggregator, OPTION, raw, "one of first, random, none");
    };
  }

  /** The {@code tieBreak} values {@link #fromOptions} accepts. */
  static final List<String> MODES = List.of("first", "random", "none");

  /**
   * The problems {@link #fromOptions} would throw for, found before any member is called: a
   * {@code tieBreak} that is not one of {@link #MODES}, and a {@code seed} that is not a whole number.
   */
  static List<ValidationError> validate(String aggregator, Map<String, Object> options, String path) {
    List<ValidationError> out = new ArrayList<>();
    Object raw = options.get(OPTION);
    if (raw != null && !(raw instanceof String)) {
      out.add(new ValidationError(path + "." + OPTION, "invalid_type", "aggregator '" + aggregator + "': option '"
          + OPTION + "' must be a string, one of " + String.join(", ", MODES) + ", got " + JsonValues.describe(raw)));
    } else if (raw != null && !MODES.contains(raw.toString().strip().toLowerCase(Locale.ROOT))) {
      out.add(new ValidationError(path + "." + OPTION, "invalid_value", "aggregator '" + aggregator + "': option '"
          + OPTION + "' is '" + raw + "' but must be one of " + String.join(", ", MODES)
          + " (random takes its seed from the option 'seed' or the council's seed)"));
    }
    Options.checkInteger(aggregator, options, SEED_OPTION, path, out);
    return out;
  }

  /** The SplitMix64 output function (Steele, Lea and Flood, 2014). */
  static long splitMix64(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  String mode() {
    return mode;
  }

  /**
   * Picks among {@code tied} (alphabetical, at least two), or returns null for no winner.
   *
   * @throws CouncilException when a custom chooser returns a name that is not tied
   */
  @Nullable String choose(String aggregator, List<String> tied) {
    String pick = chooser.apply(List.copyOf(tied));
    if (pick != null && !tied.contains(pick)) {
      throw new CouncilException(
          ErrorKind.VALIDATION,
          "Aggregator '%s': the custom tie-break returned '%s', which is not one of the tied options %s. Return one of them, or null for no winner."
              .formatted(aggregator, pick, tied));
    }
    return pick;
  }
}
