package dev.council.engine.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Usage;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lexicon bias detector on answers whose scores are worked out by hand in the comments. */
class BiasDetectorTest {
  private static final Map<String, List<String>> LEXICON = lexicon();

  private static Map<String, List<String>> lexicon() {
    Map<String, List<String>> m = new LinkedHashMap<>();
    m.put("gender", List.of("he", "she", "man", "woman"));
    m.put("age", List.of("young", "old"));
    return m;
  }

  private static MemberResult ok(String id, String content) {
    return new MemberResult(id, MemberStatus.OK, content, null, Usage.ZERO, 1, Duration.ZERO, null, null, "mock",
        "m", Map.of());
  }

  private static final List<MemberResult> ANSWERS = List.of(
      ok("a", "She said the woman should lead."),          // gender: she, woman -> coverage 2/4
      ok("b", "The team should lead."),                    // "the" does not contain the word "he" -> 0
      ok("c", "He thinks the man and woman agree, she too"), // he, she, man, woman -> 4/4
      new MemberResult("d", MemberStatus.ERROR, null, null, Usage.ZERO, 1, Duration.ZERO, null,
          CouncilError.of(ErrorKind.PERMANENT, "down"), null, null, Map.of()));

  @Test
  void axisScoreIsTheScaledVarianceOfTheMembersCoverage() {
    BiasReport report = BiasDetector.analyze(ANSWERS, LEXICON, 0.3);

    // coverages 0.5, 0, 1: mean 0.5, population variance (0 + 0.25 + 0.25) / 3 = 1/6, scaled x4 = 2/3
    BiasReport.Axis gender = report.axes().get(0);
    assertThat(gender.axis()).isEqualTo("gender");
    assertThat(gender.score()).isCloseTo(2.0 / 3.0, within(1e-12));
    assertThat(gender.flagged()).isTrue();
    assertThat(gender.evidence()).containsExactly(
        Map.entry("a", List.of("she", "woman")),
        Map.entry("c", List.of("he", "she", "man", "woman")));
    BiasReport.Axis age = report.axes().get(1);
    assertThat(age.score()).isZero();
    assertThat(age.flagged()).isFalse();
    assertThat(age.evidence()).isEmpty();
    assertThat(report.flagged()).isTrue();
  }

  @Test
  void baselineDisagreementIsTheMeanPairwiseJaccardDistance() {
    BiasReport report = BiasDetector.analyze(ANSWERS, LEXICON, 0.3);

    // a={she,said,the,woman,should,lead} b={the,team,should,lead} c={he,thinks,the,man,and,woman,agree,she,too}
    // d(a,b) = 1 - 3/7, d(a,c) = 1 - 3/12, d(b,c) = 1 - 1/12; mean = (48 + 63 + 77) / 84 / 3 = 47/63
    assertThat(report.baselineDisagreement()).isCloseTo(47.0 / 63.0, within(1e-12));
  }

  @Test
  void aHigherThresholdFlagsNothing() {
    BiasReport report = BiasDetector.analyze(ANSWERS, LEXICON, 0.7);

    assertThat(report.flagged()).isFalse();
    assertThat(report.axes()).noneMatch(BiasReport.Axis::flagged);
    assertThat(report.threshold()).isEqualTo(0.7);
  }

  @Test
  void membersCoveringAnAxisAlikeScoreZero() {
    BiasReport report = BiasDetector.analyze(List.of(ok("a", "The young and the old."), ok("b", "Old or young?")),
        LEXICON, 0.3);

    assertThat(report.axes().get(1).score()).isZero();
    assertThat(report.flagged()).isFalse();
  }

  @Test
  void aSingleAnswerIsNeverFlaggedAndHasNoBaseline() {
    BiasReport report = BiasDetector.analyze(List.of(ok("a", "She is young.")), LEXICON, 0.0);

    assertThat(report.flagged()).isFalse();
    assertThat(report.baselineDisagreement()).isZero();
  }

  @Test
  void badArgumentsAreRefusedWithWhatWasWrong() {
    assertThatThrownBy(() -> BiasDetector.analyze(ANSWERS, LEXICON, 1.5))
        .hasMessageContaining("threshold must be in [0, 1], was 1.5");
    assertThatThrownBy(() -> BiasDetector.analyze(ANSWERS, Map.of("empty", List.of()), 0.3))
        .hasMessageContaining("lexicon axis 'empty' has no terms");
  }

  @Test
  void theReportIsAJsonTree() {
    Map<String, Object> tree = BiasDetector.analyze(ANSWERS, LEXICON, 0.3).toMap();

    assertThat(tree).containsEntry("flagged", true).containsKeys("axes", "baselineDisagreement", "threshold");
  }
}
