package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The kits' check that a sequence of events came back whole, once each and in order. Stateless. */
final class EventSequences {
  private EventSequences() {}

  /**
   * Checks that {@code actual} is exactly {@code expected} (one run's events, in seq order) and says
   * how it is not: events of another run, an event twice, out of order, lost, or never sent.
   *
   * @param verb what the implementation did with the events: {@code stored}, {@code delivered}
   * @param order the order expected: {@code seq order}, {@code publish order}
   * @param where the scope for messages, e.g. {@code in run r1}
   */
  static void assertSame(String verb, String order, String where, List<EventKey> actual, List<EventKey> expected) {
    Set<String> runs = expected.stream().map(EventKey::runId).collect(Collectors.toSet());
    List<EventKey> foreign = actual.stream().filter(k -> !runs.contains(k.runId())).toList();
    if (!foreign.isEmpty()) {
      throw new AssertionError(verb + " events of another run " + where + ": " + foreign);
    }
    Map<Long, Long> counts = actual.stream().collect(Collectors.groupingBy(EventKey::seq, TreeMap::new,
        Collectors.counting()));
    List<Long> twice = counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
    if (!twice.isEmpty()) {
      throw new AssertionError(verb + " the same event more than once " + where + ": seq " + twice + " ("
          + verb + ": " + seqs(actual) + "); each event must be " + verb + " exactly once");
    }
    for (int i = 1; i < actual.size(); i++) {
      if (actual.get(i).seq() < actual.get(i - 1).seq()) {
        throw new AssertionError(verb + " events out of " + order + " " + where + ": seq " + actual.get(i).seq()
            + " after seq " + actual.get(i - 1).seq() + " (" + verb + ": " + seqs(actual) + ")");
      }
    }
    List<EventKey> missing = expected.stream().filter(k -> !counts.containsKey(k.seq())).toList();
    if (!missing.isEmpty()) {
      long highest = actual.isEmpty() ? -1 : actual.get(actual.size() - 1).seq();
      boolean gap = missing.stream().anyMatch(k -> k.seq() < highest);
      throw new AssertionError("lost events " + where + (gap ? " (a gap in the seq)" : "") + ": " + missing
          + " missing from " + seqs(actual) + "; every event must be " + verb + ", or its loss reported");
    }
    Set<Long> sent = expected.stream().map(EventKey::seq).collect(Collectors.toSet());
    List<EventKey> extra = actual.stream().filter(k -> !sent.contains(k.seq())).toList();
    if (!extra.isEmpty()) {
      throw new AssertionError(verb + " events " + where + " that were never sent: " + extra);
    }
    assertThat(actual).as("the run id, seq and type of every event %s %s", verb, where)
        .containsExactlyElementsOf(expected);
  }

  private static List<Long> seqs(List<EventKey> keys) {
    return keys.stream().map(EventKey::seq).toList();
  }
}
