package dev.council.engine.internal.reliability;

import dev.council.api.Council;
import dev.council.api.ValidationError;
import dev.council.engine.internal.support.JsonValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A council's {@code options.reliability}: {@code features} (names of run-input entries whose values form
 * the feature bucket; default none, one bucket per member), {@code record} ({@code none}, the default, or
 * {@code agreement}: each finished run records whether each member agreed with the outcome) and
 * {@code threshold} (the word-overlap share above which a free-text answer agrees with the final answer;
 * default {@value #DEFAULT_THRESHOLD}). Immutable.
 *
 * @param features the input entry names
 * @param recordAgreement whether finished runs record agreement
 * @param threshold the Jaccard similarity at or above which a free-text answer agrees
 */
public record ReliabilitySettings(List<String> features, boolean recordAgreement, double threshold) {
  /** The council option holding these settings. */
  public static final String OPTION = "reliability";
  /** The default {@code threshold}. */
  public static final double DEFAULT_THRESHOLD = 0.5;
  private static final ReliabilitySettings NONE = new ReliabilitySettings(List.of(), false, DEFAULT_THRESHOLD);
  private static final Set<String> KEYS = Set.of("features", "record", "threshold");

  public ReliabilitySettings {
    features = List.copyOf(features);
  }

  /** The settings of {@code council}; defaults for whatever is absent or malformed (validation reports that). */
  public static ReliabilitySettings of(Council council) {
    if (!(council.options().get(OPTION) instanceof Map<?, ?> m)) {
      return NONE;
    }
    List<String> features = new ArrayList<>();
    if (m.get("features") instanceof List<?> l) {
      l.forEach(f -> features.add(String.valueOf(f)));
    }
    boolean record = "agreement".equals(m.get("record"));
    double threshold = m.get("threshold") instanceof Number n ? n.doubleValue() : DEFAULT_THRESHOLD;
    return new ReliabilitySettings(features, record, threshold);
  }

  /** The feature map of a run with {@code input}: each named entry present in it, as text, sorted. */
  public Map<String, String> features(Map<String, Object> input) {
    Map<String, String> out = new TreeMap<>();
    for (String f : features) {
      Object v = input.get(f);
      if (v != null) {
        out.put(f, String.valueOf(v));
      }
    }
    return out;
  }

  /** Problems with a council's {@code options.reliability}, under {@code path}. */
  public static List<ValidationError> validate(Council council, String path) {
    Object node = council.options().get(OPTION);
    if (node == null) {
      return List.of();
    }
    String at = path + "options." + OPTION;
    List<ValidationError> out = new ArrayList<>();
    if (!(node instanceof Map<?, ?> m)) {
      out.add(new ValidationError(at, "invalid_type", "reliability must be an object such as {\"features\":"
          + " [\"domain\"], \"record\": \"agreement\"}, got " + JsonValues.describe(node)));
      return out;
    }
    for (Object k : new LinkedHashMap<>(m).keySet()) {
      if (!KEYS.contains(String.valueOf(k))) {
        out.add(new ValidationError(at + "." + k, "unknown_field", "reliability has no option \"" + k
            + "\"; known: features, record, threshold"));
      }
    }
    if (m.containsKey("features") && !(m.get("features") instanceof List<?> l
        && l.stream().allMatch(f -> f instanceof String))) {
      out.add(new ValidationError(at + ".features", "invalid_type", "features must be a list of run-input entry"
          + " names, e.g. [\"domain\"]"));
    }
    Object record = m.get("record");
    if (record != null && !"agreement".equals(record) && !"none".equals(record)) {
      out.add(new ValidationError(at + ".record", "invalid_value", "record is " + JsonValues.describe(record)
          + " but must be \"agreement\" or \"none\""));
    }
    Object threshold = m.get("threshold");
    if (threshold != null && !(threshold instanceof Number n && n.doubleValue() >= 0 && n.doubleValue() <= 1)) {
      out.add(new ValidationError(at + ".threshold", "invalid_value", "threshold must be a number from 0 to 1, got "
          + JsonValues.describe(threshold)));
    }
    return out;
  }
}
