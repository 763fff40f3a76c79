package dev.council.engine.diagnostics;

import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What {@link BiasDetector#analyze} found. Immutable.
 *
 * @param flagged whether any axis scored at or above the threshold
 * @param threshold the threshold the axes were compared with
 * @param axes one entry per lexicon axis, in lexicon order
 * @param baselineDisagreement the mean pairwise Jaccard distance between the members' word sets, in
 *     [0, 1]: how much the answers differ overall, to read the axis scores against (0 with fewer than two
 *     answers)
 */
public record BiasReport(boolean flagged, double threshold, List<Axis> axes, double baselineDisagreement)
    implements Serializable {

  public BiasReport {
    axes = List.copyOf(axes);
  }

  /**
   * One axis (e.g. {@code gender}).
   *
   * @param axis the axis name from the lexicon
   * @param score the coverage variance, scaled to [0, 1]: 4 × the population variance of the members'
   *     coverages, where a member's coverage is the share of the axis's terms its answer uses (1 when half
   *     the members use every term and half none)
   * @param flagged whether {@code score >= threshold}
   * @param evidence the axis terms each member used, by member id, for members that used any
   */
  public record Axis(String axis, double score, boolean flagged, Map<String, List<String>> evidence)
      implements Serializable {
    public Axis {
      Objects.requireNonNull(axis, "axis");
      Map<String, List<String>> copy = new LinkedHashMap<>();
      evidence.forEach((k, v) -> copy.put(k, List.copyOf(v)));
      evidence = java.util.Collections.unmodifiableMap(copy);
    }
  }

  /** This report as a JSON-like tree (for round and result metadata). */
  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("flagged", flagged);
    m.put("threshold", threshold);
    List<Object> list = new java.util.ArrayList<>();
    for (Axis a : axes) {
      Map<String, Object> am = new LinkedHashMap<>();
      am.put("axis", a.axis());
      am.put("score", a.score());
      am.put("flagged", a.flagged());
      am.put("evidence", new LinkedHashMap<>(a.evidence()));
      list.add(am);
    }
    m.put("axes", list);
    m.put("baselineDisagreement", baselineDisagreement);
    return m;
  }
}
