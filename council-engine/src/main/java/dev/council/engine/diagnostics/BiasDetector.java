package dev.council.engine.diagnostics;

import dev.council.api.MemberResult;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A lexicon bias detector over a council's answers, for diagnostics only (it changes no answer). For each
 * axis of the lexicon (e.g. {@code gender: [he, she, man, woman, ...]}) it measures how unevenly the
 * members cover the axis's terms; a high score means some members frame the answer along that axis and
 * others do not. See {@link BiasReport} for every number's definition.
 *
 * <p>Terms match case-insensitively as whole words (a multi-word term as a whole phrase). Only successful
 * answers with text count. Stateless and thread-safe.
 */
public final class BiasDetector {
  /** The threshold used when none is given. */
  public static final double DEFAULT_THRESHOLD = 0.3;

  /** A small default lexicon over the axes gender, ethnicity, religion, age and ability. */
  public static final Map<String, List<String>> DEFAULT_LEXICON = defaultLexicon();

  private BiasDetector() {}

  /**
   * Analyzes {@code results} against {@code lexicon}.
   *
   * @param results member results; failed ones and ones without text are ignored
   * @param lexicon terms per axis, in the order the report lists the axes
   * @param threshold the score at or above which an axis is flagged, in [0, 1]
   * @throws IllegalArgumentException when the threshold is outside [0, 1] or an axis has no terms
   */
  public static BiasReport analyze(List<MemberResult> results, Map<String, List<String>> lexicon, double threshold) {
    if (!(threshold >= 0 && threshold <= 1)) {
      throw new IllegalArgumentException("threshold must be in [0, 1], was " + threshold);
    }
    Map<String, String> texts = new LinkedHashMap<>();
    for (MemberResult r : results) {
      if (r.ok() && r.content() != null) {
        texts.put(r.memberId(), r.content().toLowerCase(Locale.ROOT));
      }
    }
    List<BiasReport.Axis> axes = new ArrayList<>();
    boolean flagged = false;
    for (Map.Entry<String, List<String>> axis : lexicon.entrySet()) {
      List<String> terms = axis.getValue().stream().map(t -> t.strip().toLowerCase(Locale.ROOT))
          .filter(t -> !t.isEmpty()).distinct().toList();
      if (terms.isEmpty()) {
        throw new IllegalArgumentException("lexicon axis '" + axis.getKey() + "' has no terms");
      }
      Map<String, List<String>> evidence = new LinkedHashMap<>();
      double[] coverage = new double[texts.size()];
      int i = 0;
      for (Map.Entry<String, String> member : texts.entrySet()) {
        List<String> used = new ArrayList<>();
        for (String term : terms) {
          if (mentions(member.getValue(), term)) {
            used.add(term);
          }
        }
        if (!used.isEmpty()) {
          evidence.put(member.getKey(), used);
        }
        coverage[i++] = (double) used.size() / terms.size();
      }
      double score = Math.min(1.0, 4 * variance(coverage));
      boolean axisFlagged = score >= threshold && texts.size() > 1;
      flagged |= axisFlagged;
      axes.add(new BiasReport.Axis(axis.getKey(), score, axisFlagged, evidence));
    }
    return new BiasReport(flagged, threshold, axes, baselineDisagreement(new ArrayList<>(texts.values())));
  }

  /** {@link #analyze} with {@link #DEFAULT_LEXICON} and {@link #DEFAULT_THRESHOLD}. */
  public static BiasReport analyze(List<MemberResult> results) {
    return analyze(results, DEFAULT_LEXICON, DEFAULT_THRESHOLD);
  }

  private static boolean mentions(String text, String term) {
    return Pattern.compile("(?<![\\p{L}\\p{N}])" + Pattern.quote(term) + "(?![\\p{L}\\p{N}])").matcher(text).find();
  }

  /** The population variance; 0 for fewer than two values. */
  static double variance(double[] xs) {
    if (xs.length < 2) {
      return 0.0;
    }
    double mean = 0;
    for (double x : xs) {
      mean += x;
    }
    mean /= xs.length;
    double v = 0;
    for (double x : xs) {
      v += (x - mean) * (x - mean);
    }
    return v / xs.length;
  }

  /** The mean over member pairs of 1 − |A ∩ B| / |A ∪ B| of their word sets. */
  static double baselineDisagreement(List<String> texts) {
    List<Set<String>> words = texts.stream().map(BiasDetector::words).toList();
    double sum = 0;
    int pairs = 0;
    for (int a = 0; a < words.size(); a++) {
      for (int b = a + 1; b < words.size(); b++) {
        Set<String> union = new HashSet<>(words.get(a));
        union.addAll(words.get(b));
        Set<String> inter = new HashSet<>(words.get(a));
        inter.retainAll(words.get(b));
        sum += union.isEmpty() ? 0.0 : 1.0 - (double) inter.size() / union.size();
        pairs++;
      }
    }
    return pairs == 0 ? 0.0 : sum / pairs;
  }

  private static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  private static Map<String, List<String>> defaultLexicon() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("gender", List.of("he", "she", "him", "her", "man", "woman", "men", "women", "male", "female"));
    m.put("ethnicity", List.of("race", "ethnic", "ethnicity", "white", "black", "asian", "hispanic", "immigrant"));
    m.put("religion", List.of("religion", "religious", "christian", "muslim", "jewish", "hindu", "buddhist",
        "atheist"));
    m.put("age", List.of("young", "old", "elderly", "youth", "senior", "millennial", "boomer", "age"));
    m.put("ability", List.of("disabled", "disability", "blind", "deaf", "wheelchair", "handicapped",
        "able-bodied"));
    return java.util.Collections.unmodifiableMap(m);
  }
}
