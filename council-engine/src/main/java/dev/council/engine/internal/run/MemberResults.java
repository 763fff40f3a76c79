package dev.council.engine.internal.run;

import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Usage;
import dev.council.api.spi.MemberCall;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The results of member calls that did not succeed: failed, or interrupted for a {@link StopReason}. Stateless. */
final class MemberResults {
  private MemberResults() {}

  static MemberResult failure(RoundExecution ctx, MemberCall call, MemberStatus status, CouncilError error,
      Usage usage, int attempts, long t0, @Nullable String provider, @Nullable String model) {
    return new MemberResult(call.member().id(), status, null, null, usage, attempts, since(t0), null,
        error.withMember(call.member().id(), ctx.round().name()), provider, model, call.metadata());
  }

  /**
   * A call interrupted because the run stopped or the round failed fast: {@code SKIPPED} for fail-fast,
   * else {@code ERROR}; its metadata's {@code reason} is the reason's {@link StopReason#code() code}.
   */
  static MemberResult interrupted(RoundExecution ctx, MemberCall call, StopReason reason, Usage usage,
      int attempts, long t0, @Nullable String provider, @Nullable String model) {
    Map<String, Object> meta = new LinkedHashMap<>(call.metadata());
    meta.put("reason", reason.code());
    MemberStatus status = reason == StopReason.FAIL_FAST ? MemberStatus.SKIPPED : MemberStatus.ERROR;
    CouncilError err = new CouncilError(ErrorKind.CANCELLED, reason.message(), call.member().id(),
        ctx.round().name(), null, null);
    return new MemberResult(call.member().id(), status, null, null, usage, attempts, since(t0), null, err, provider,
        model, meta);
  }

  /** Whether the call was cut short by a stop rather than finishing (such calls are not journaled). */
  static boolean isInterrupted(MemberResult r) {
    return r.error() != null && r.error().kind() == ErrorKind.CANCELLED;
  }

  static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }
}
