package dev.council.engine.internal.ballot;

import dev.council.api.spi.Ballot;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns a member's parsed structured output into a {@link Ballot}, forgiving the usual model quirks.
 * Stateless; all methods are pure functions, safe from any thread.
 *
 * <p>The output is normally a JSON object (a {@code Map<String, Object>} tree) with any of
 * {@code choice}, {@code ordering}, {@code value} and {@code confidence}:
 *
 * <ul>
 *   <li>{@code choice}: a string (stripped) or a number/boolean, written as text (an integral number
 *       without a decimal point, so {@code 2.0} becomes {@code "2"}). Blank → no choice.
 *   <li>{@code ordering}: a list whose strings and numbers become names (blanks and other values are
 *       skipped), or one string split at {@code >}, {@code ,} or line breaks ({@code "B > A > C"}).
 *   <li>{@code value}: a number, or a string holding a decimal number ({@code " 42.5 "}).
 *   <li>{@code confidence}: see {@link #confidence(Object)}; when it is absent or unusable, the
 *       member's own confidence (for example from the {@code self_report} strategy) is used instead.
 * </ul>
 *
 * <p>A bare string is taken as a choice, a bare number as a value and a bare list as an ordering;
 * anything else (including null) yields a ballot with no fields, which aggregators ignore.
 */
public final class Ballots {
  private static final Pattern ORDERING_SEPARATORS = Pattern.compile("[>,\\n]");

  private Ballots() {}

  /** A ballot from {@code parsed} alone, without member weight or confidence. */
  public static Ballot from(String memberId, @Nullable Object parsed) {
    return from(memberId, parsed, null, null);
  }

  /**
   * A ballot from {@code parsed} plus what is known about the member.
   *
   * @param memberId who cast it
   * @param parsed the member's parsed structured output, or null
   * @param weight the member's static weight; kept when finite and not negative, else dropped
   * @param memberConfidence the member's confidence, used when the output carries none; normalised
   *     like {@link #confidence(Object)}
   */
  public static Ballot from(
      String memberId, @Nullable Object parsed, @Nullable Double weight, @Nullable Double memberConfidence) {
    Objects.requireNonNull(memberId, "memberId");
    @Nullable Object choice = null;
    @Nullable Object ordering = null;
    @Nullable Object value = null;
    @Nullable Object confidence = null;
    switch (parsed) {
      case Map<?, ?> map -> {
        choice = map.get("choice");
        ordering = map.get("ordering");
        value = map.get("value");
        confidence = map.get("confidence");
      }
      case String text -> choice = text;
      case Number number -> value = number;
      case List<?> list -> ordering = list;
      case null, default -> { }
    }
    Double ownConfidence = confidence(confidence);
    return new Ballot(
        memberId,
        choice(choice),
        ordering(ordering),
        number(value),
        ownConfidence != null ? ownConfidence : confidence(memberConfidence),
        weight != null && Double.isFinite(weight) && weight >= 0 ? weight : null);
  }

  /**
   * A confidence in [0, 1], from a number or numeric string. Values in [0, 1] are kept; values in (1,
   * 100] are read as percentages and divided by 100; a string ending in {@code %} is always a
   * percentage ({@code "85%"} → 0.85). Anything else (negative, above 100, NaN, not a number) → null.
   */
  public static @Nullable Double confidence(@Nullable Object raw) {
    if (raw instanceof String text && text.strip().endsWith("%")) {
      String digits = text.strip();
      Double percent = number(digits.substring(0, digits.length() - 1));
      return percent != null && percent >= 0 && percent <= 100 ? percent / 100.0 : null;
    }
    Double number = number(raw);
    if (number == null || number < 0 || number > 100) {
      return null;
    }
    return number <= 1.0 ? number : number / 100.0;
  }

  private static @Nullable String choice(@Nullable Object raw) {
    String text = switch (raw) {
      case String s -> s.strip();
      case Boolean b -> b.toString();
      case Number n -> numberText(n);
      case null, default -> "";
    };
    return text.isEmpty() ? null : text;
  }

  private static List<String> ordering(@Nullable Object raw) {
    List<?> items = switch (raw) {
      case List<?> list -> list;
      case String text -> List.of(ORDERING_SEPARATORS.split(text));
      case null, default -> List.of();
    };
    List<String> names = new ArrayList<>();
    for (Object item : items) {
      String name = item instanceof String || item instanceof Number ? choice(item) : null;
      if (name != null) {
        names.add(name);
      }
    }
    return names;
  }

  private static @Nullable Double number(@Nullable Object raw) {
    double number;
    if (raw instanceof Number n) {
      number = n.doubleValue();
    } else if (raw instanceof String text) {
      try {
        number = new BigDecimal(text.strip()).doubleValue();
      } catch (NumberFormatException e) {
        return null;
      }
    } else {
      return null;
    }
    return Double.isFinite(number) ? number : null;
  }

  private static String numberText(Number n) {
    double d = n.doubleValue();
    if (Double.isFinite(d) && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d);
    }
    return n.toString();
  }
}
