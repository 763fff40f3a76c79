package dev.council.api;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one member produced in one round. Every member of a round gets one, failed or not.
 *
 * @param memberId the member
 * @param status how it ended
 * @param content the response text (with any self-reported confidence stripped), or null
 * @param parsed the structured output as a JSON-like tree (maps, lists, strings, numbers, booleans),
 *     when the member has an output schema or the round parses output
 * @param usage tokens (and cost) of all attempts
 * @param attempts how many attempts were made (0 when skipped)
 * @param latency wall time from first attempt to result
 * @param confidence confidence in [0, 1], when obtained
 * @param error the error, when the status is not OK
 * @param provider the provider id used
 * @param model the model used
 * @param metadata round-specific data (e.g. {@code reason}, {@code subRunId}, {@code label})
 */
public record MemberResult(
    String memberId,
    MemberStatus status,
    @Nullable String content,
    @Nullable Object parsed,
    Usage usage,
    int attempts,
    Duration latency,
    @Nullable Double confidence,
    @Nullable CouncilError error,
    @Nullable String provider,
    @Nullable String model,
    Map<String, Object> metadata)
    implements Serializable {

  public MemberResult {
    Objects.requireNonNull(memberId, "memberId");
    Objects.requireNonNull(status, "status");
    usage = usage == null ? Usage.ZERO : usage;
    latency = latency == null ? Duration.ZERO : latency;
    metadata = metadata == null ? Map.of() : JsonTrees.copyTree(metadata);
  }

  public boolean ok() {
    return status == MemberStatus.OK;
  }

  /** A result for a member that was not asked. */
  public static MemberResult skipped(String memberId, String reason) {
    return new MemberResult(memberId, MemberStatus.SKIPPED, null, null, Usage.ZERO, 0, Duration.ZERO,
        null, null, null, null, Map.of("reason", reason));
  }

  public MemberResult withStatus(MemberStatus status) {
    return new MemberResult(memberId, status, content, parsed, usage, attempts, latency, confidence, error,
        provider, model, metadata);
  }

  public MemberResult withMetadata(Map<String, Object> metadata) {
    return new MemberResult(memberId, status, content, parsed, usage, attempts, latency, confidence, error,
        provider, model, metadata);
  }
}
