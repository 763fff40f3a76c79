package dev.council.api;

import java.io.Serializable;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a run. A cancelled or failed run still carries every round that finished.
 *
 * @param runId the run id
 * @param councilId the council id
 * @param status {@code COMPLETED}, {@code FAILED} or {@code CANCELLED}
 * @param answer the final answer (the chair's synthesis, or the last round's single answer / winner),
 *     or null
 * @param rounds the finished rounds, in order (iterations of an iterated round appear one by one)
 * @param errors run-level errors (why it failed or was cancelled)
 * @param usage total usage over all rounds, including sub-councils
 * @param startedAt when the run started
 * @param finishedAt when the run finished
 * @param metadata run-level data; keys in {@link ResultMetadata}
 */
public record Result(
    String runId,
    String councilId,
    RunStatus status,
    @Nullable String answer,
    List<RoundResult> rounds,
    List<CouncilError> errors,
    Usage usage,
    Instant startedAt,
    Instant finishedAt,
    Map<String, Object> metadata)
    implements Serializable {

  public Result {
    Objects.requireNonNull(runId, "runId");
    Objects.requireNonNull(councilId, "councilId");
    Objects.requireNonNull(status, "status");
    rounds = List.copyOf(rounds);
    errors = List.copyOf(errors);
    usage = usage == null ? Usage.ZERO : usage;
    metadata = metadata == null ? Map.of() : JsonTrees.copyTree(metadata);
  }

  public boolean completed() {
    return status == RunStatus.COMPLETED;
  }

  public Optional<String> finalAnswer() {
    return Optional.ofNullable(answer);
  }

  /** The member calls the run made ({@link ResultMetadata#MEMBER_CALLS}); 0 when not recorded. */
  public long memberCalls() {
    return count(ResultMetadata.MEMBER_CALLS);
  }

  /** How many member calls did not end OK ({@link ResultMetadata#FAILED_MEMBER_CALLS}); 0 when not recorded. */
  public long failedMemberCalls() {
    return count(ResultMetadata.FAILED_MEMBER_CALLS);
  }

  private long count(String key) {
    return metadata.get(key) instanceof Number n ? n.longValue() : 0;
  }

  /** The last result of the round with this name (the last iteration, for iterated rounds). */
  public Optional<RoundResult> round(String name) {
    for (int i = rounds.size() - 1; i >= 0; i--) {
      if (rounds.get(i).name().equals(name)) {
        return Optional.of(rounds.get(i));
      }
    }
    return Optional.empty();
  }
}
