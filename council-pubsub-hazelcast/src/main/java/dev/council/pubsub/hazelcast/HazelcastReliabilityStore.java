package dev.council.pubsub.hazelcast;

import com.hazelcast.core.HazelcastException;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.spi.ReliabilityStore;
import java.io.Serial;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster-wide {@link ReliabilityStore} ({@code council.reliability.store=hazelcast}): counts in the
 * {@code IMap} {@value #MAP}, keyed by member id and feature bucket, valued {@code long[]{matched, total}}.
 * A record is an {@link EntryProcessor} run on the key's owner, so concurrent records from any node are
 * never lost; the map's backups keep the counts when a member leaves (a cluster restart loses them).
 *
 * <p>Thread-safe; every method blocks on the cluster. When the cluster is unreachable {@link #record}
 * throws a {@code TRANSIENT} {@link CouncilException} and {@link #score} returns empty (the cold-start
 * prior) after logging a warning. Clients need this module on the members' classpath (the entry processor
 * runs there). {@link #close} releases this store's hold on the shared Hazelcast instance.
 */
public final class HazelcastReliabilityStore implements ReliabilityStore {
  /** The map holding the counts. */
  public static final String MAP = "council.reliability";

  private static final Logger LOG = LoggerFactory.getLogger(HazelcastReliabilityStore.class);

  private final HazelcastInstances.Lease lease;
  private final IMap<String, long[]> counts;

  HazelcastReliabilityStore(HazelcastInstances.Lease lease) {
    this.lease = lease;
    this.counts = lease.hz().getMap(MAP);
  }

  /** The map key: the member id and the bucket, apart by a NUL (which neither holds in practice). */
  private static String key(String memberId, Map<String, ?> features) {
    return memberId + '\u0000' + ReliabilityStore.bucket(features);
  }

  @Override
  public void record(String memberId, Map<String, ?> features, boolean matched) {
    Objects.requireNonNull(memberId, "memberId");
    try {
      counts.executeOnKey(key(memberId, features), new Count(matched));
    } catch (HazelcastException | IllegalStateException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TRANSIENT, "could not record the reliability of member '"
          + memberId + "' in Hazelcast map " + MAP + ": " + e.getMessage()), e);
    }
  }

  @Override
  public OptionalDouble score(String memberId, Map<String, ?> features) {
    long[] c;
    try {
      c = counts.get(key(memberId, features));
    } catch (HazelcastException | IllegalStateException e) {
      LOG.warn("could not read the reliability of member '{}' from Hazelcast map {}; weighing it equally: {}",
          memberId, MAP, e.getMessage());
      return OptionalDouble.empty();
    }
    return c == null ? OptionalDouble.empty() : OptionalDouble.of(ReliabilityStore.laplace(c[0], c[1]));
  }

  @Override
  public void clear() {
    counts.clear();
  }

  @Override
  public void close() {
    lease.close();
  }

  @Override
  public String toString() {
    return "HazelcastReliabilityStore[" + MAP + "]";
  }

  /** Adds one outcome to an entry, on the member owning it. */
  static final class Count implements EntryProcessor<String, long[], Void> {
    @Serial
    private static final long serialVersionUID = 1L;
    private final boolean matched;

    Count(boolean matched) {
      this.matched = matched;
    }

    @Override
    public Void process(Map.Entry<String, long[]> entry) {
      long[] old = entry.getValue();
      long m = old == null ? 0 : old[0];
      long t = old == null ? 0 : old[1];
      entry.setValue(new long[] {m + (matched ? 1 : 0), t + 1});
      return null;
    }
  }
}
