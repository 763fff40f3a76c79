package dev.council.pubsub.hazelcast;

import dev.council.api.event.MemberStarted;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a run's recorded history holds, for tests that stop a node mid-run. Recording is asynchronous: a
 * node's journal entries (written before a member call completes) can be ahead of its recorded events,
 * so "round 1 is journaled" does not mean "the events up to round 2 are stored". A test that expects the
 * adopter's history to continue the owner's must wait for both.
 */
final class StoredHistory {
  private StoredHistory() {}

  /** Whether the stored events of {@code runId} hold a {@code MemberStarted} of each of {@code members} in round {@code roundIndex}. */
  static boolean startedIn(HazelcastRecorder reader, String runId, int roundIndex, String... members) {
    Set<String> started = reader.events(runId).stream()
        .filter(e -> e instanceof MemberStarted m && m.roundIndex() == roundIndex)
        .map(e -> ((MemberStarted) e).memberId())
        .collect(Collectors.toSet());
    return started.containsAll(Set.of(members));
  }
}
