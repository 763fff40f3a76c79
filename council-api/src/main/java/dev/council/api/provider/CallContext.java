package dev.council.api.provider;

import java.io.Serializable;
import org.jspecify.annotations.Nullable;

/**
 * Who makes a provider call. Never sent over the wire; used by mock providers, tracing and logs.
 *
 * @param runId the run, or null outside a run
 * @param round the round name, or null
 * @param roundIndex the round index, or -1
 * @param iteration the iteration, or 0
 * @param memberId the member, or null
 * @param attempt the attempt number from 1, or 0
 */
public record CallContext(
    @Nullable String runId, @Nullable String round, int roundIndex, int iteration, @Nullable String memberId, int attempt)
    implements Serializable {

  public static final CallContext NONE = new CallContext(null, null, -1, 0, null, 0);
}
