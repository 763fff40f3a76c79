package dev.council.engine.aggregate;

import org.jspecify.annotations.Nullable;

/** Confidence checks shared by the confidence-based aggregators. */
final class Confidences {
  private Confidences() {}

  /** Absent, or a number in [0, 1]. */
  static boolean valid(@Nullable Double confidence) {
    return confidence == null || (confidence >= 0.0 && confidence <= 1.0);
  }

  static double orDefault(@Nullable Double confidence, double fallback) {
    return confidence == null ? fallback : confidence;
  }
}
