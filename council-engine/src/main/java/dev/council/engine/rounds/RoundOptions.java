package dev.council.engine.rounds;

import dev.council.engine.internal.support.JsonValues;
import dev.council.api.Council;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Validation of the options the built-in rounds read, so a wrongly typed or out-of-range option is a
 * validation error before any member is called rather than a failure (or a silent fallback) after paid
 * calls. Stateless.
 */
final class RoundOptions {
  /**
   * Round option capping how many earlier answers one member's prompt may carry in rounds that show every
   * member its peers' answers ({@code peer_review}, {@code anonymized_peer_review}, {@code critique},
   * {@code debate}, and {@code vote}/{@code ranking} over answers): their prompt text grows with the square
   * of the council's size.
   */
  static final String MAX_ANSWERS_PER_PROMPT = "maxAnswersPerPrompt";

  /** The default of {@link #MAX_ANSWERS_PER_PROMPT}. */
  static final int DEFAULT_MAX_ANSWERS_PER_PROMPT = 100;

  private RoundOptions() {}

  /**
   * Refuses a council whose size makes this round's prompts quadratic beyond the round's
   * {@link #MAX_ANSWERS_PER_PROMPT}: with N members each of N prompts would carry up to N answers.
   *
   * @param ownExcluded whether a member's prompt leaves its own answer out
   */
  static void checkAnswersPerPrompt(Round round, Council council, String path, boolean ownExcluded,
      List<ValidationError> out) {
    if (!wholeNumber(round, MAX_ANSWERS_PER_PROMPT, 1, Integer.MAX_VALUE, path, out)) {
      return;
    }
    int limit = round.optionInt(MAX_ANSWERS_PER_PROMPT, DEFAULT_MAX_ANSWERS_PER_PROMPT);
    long members = council.members().size();
    long perPrompt = ownExcluded ? members - 1 : members;
    if (perPrompt > limit) {
      out.add(new ValidationError(path, "too_many_answers_per_prompt", "round '" + round.name() + "' ("
          + round.type() + ") would show each of the " + members + " members " + perPrompt + " answers, "
          + members * perPrompt + " answers across its prompts (this grows with the square of the council's"
          + " size); the limit is " + limit + " answers per prompt (round option " + MAX_ANSWERS_PER_PROMPT
          + ", default " + DEFAULT_MAX_ANSWERS_PER_PROMPT + "). Use fewer members (e.g. group them into"
          + " sub-councils), or raise " + MAX_ANSWERS_PER_PROMPT + " on this round if the models' context"
          + " windows and the heap allow"));
    }
  }

  /** Adds an error unless option {@code key} is absent, a boolean, or the string true/false. */
  static void bool(Round round, String key, String path, List<ValidationError> out) {
    Object v = round.options().get(key);
    if (v == null || v instanceof Boolean) {
      return;
    }
    String text = v instanceof String s ? s.strip().toLowerCase(Locale.ROOT) : "";
    if (!text.equals("true") && !text.equals("false")) {
      out.add(new ValidationError(path + ".options." + key, "invalid_type", "option '" + key
          + "' must be true or false, got " + JsonValues.describe(v)));
    }
  }

  /** Adds an error unless option {@code key} is absent or a non-blank string. */
  static void string(Round round, String key, String path, List<ValidationError> out) {
    Object v = round.options().get(key);
    if (v != null && !(v instanceof String s && !s.isBlank())) {
      out.add(new ValidationError(path + ".options." + key, v instanceof String ? "invalid_value" : "invalid_type",
          "option '" + key + "' must be a non-blank string, got " + JsonValues.describe(v)));
    }
  }

  /**
   * Adds an error unless option {@code key} is absent or a whole number in {@code [min, max]}.
   *
   * @return whether the option is absent or valid
   */
  static boolean wholeNumber(Round round, String key, long min, long max, String path, List<ValidationError> out) {
    Object v = round.options().get(key);
    if (v == null) {
      return true;
    }
    if (!(v instanceof Number n) || !JsonValues.isWhole(n)) {
      out.add(new ValidationError(path + ".options." + key, "invalid_type", "option '" + key
          + "' must be a whole number between " + min + " and " + max + ", got " + JsonValues.describe(v)));
      return false;
    }
    if (n.doubleValue() < min || n.doubleValue() > max) {
      out.add(new ValidationError(path + ".options." + key, "invalid_value", "option '" + key
          + "' must be between " + min + " and " + max + ", was " + v));
      return false;
    }
    return true;
  }
}
