package dev.council.engine.internal.reliability;

import dev.council.api.AggregateResult;
import dev.council.api.Council;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.RoundResult;
import dev.council.api.spi.ReliabilityStore;
import dev.council.engine.internal.ballot.Ballots;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a completed run's outcome into the reliability store when its council asks for it
 * ({@code options.reliability.record = "agreement"}). A member agreed when:
 * <ul>
 *   <li>the last round with an aggregate winner (a vote or ranking) exists: its ballot chose the winner
 *       (a vote's choice, a ranking's first place);
 *   <li>otherwise: its answer in the first round shares at least {@code threshold} of its words with the
 *       final answer (Jaccard similarity of lower-cased word sets).
 * </ul>
 * Only successful, non-chair members are recorded, each once. A store failure is logged, never fails the
 * run. Stateless.
 */
public final class Agreement {
  private static final Logger LOG = LoggerFactory.getLogger(Agreement.class);

  private Agreement() {}

  /** Records {@code result}'s agreement outcome per member; does nothing unless the council asks for it. */
  public static void record(ReliabilityStore store, Council council, Map<String, Object> input, Result result) {
    ReliabilitySettings settings = ReliabilitySettings.of(council);
    if (!settings.recordAgreement()) {
      return;
    }
    Map<String, Boolean> matched = outcome(council, result, settings.threshold());
    Map<String, String> features = settings.features(input);
    try {
      matched.forEach((member, agreed) -> store.record(member, features, agreed));
    } catch (RuntimeException e) {
      LOG.warn("run {}: recording member reliability in {} failed; the run's result is unaffected",
          result.runId(), store, e);
    }
  }

  /** Whether each member agreed with the outcome of {@code result}, by member id in council order. */
  static Map<String, Boolean> outcome(Council council, Result result, double threshold) {
    Map<String, Boolean> out = new LinkedHashMap<>();
    String chair = council.chair() == null ? null : council.chair().id();
    for (int i = result.rounds().size() - 1; i >= 0; i--) {
      RoundResult round = result.rounds().get(i);
      AggregateResult agg = round.aggregate();
      if (agg != null && agg.winner() != null) {
        for (MemberResult m : round.successful()) {
          if (!m.memberId().equals(chair) && m.parsed() != null) {
            var ballot = Ballots.from(m.memberId(), m.parsed());
            String pick = ballot.choice() != null ? ballot.choice()
                : ballot.ordering().isEmpty() ? null : ballot.ordering().get(0);
            out.putIfAbsent(m.memberId(), pick != null && pick.strip().equals(agg.winner()));
          }
        }
        return out;
      }
    }
    String answer = result.finalAnswer().orElse(null);
    if (answer == null || result.rounds().isEmpty()) {
      return out;
    }
    Set<String> finalWords = words(answer);
    for (MemberResult m : result.rounds().get(0).successful()) {
      if (!m.memberId().equals(chair) && m.content() != null) {
        out.putIfAbsent(m.memberId(), jaccard(words(m.content()), finalWords) >= threshold);
      }
    }
    return out;
  }

  /** Lower-cased words (letters and digits). */
  static Set<String> words(String text) {
    Set<String> out = new HashSet<>();
    for (String w : text.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
      if (!w.isEmpty()) {
        out.add(w);
      }
    }
    return out;
  }

  /** |a ∩ b| / |a ∪ b|; 1 when both are empty. */
  static double jaccard(Set<String> a, Set<String> b) {
    if (a.isEmpty() && b.isEmpty()) {
      return 1.0;
    }
    Set<String> inter = new HashSet<>(a);
    inter.retainAll(b);
    Set<String> union = new HashSet<>(a);
    union.addAll(b);
    return (double) inter.size() / union.size();
  }
}
