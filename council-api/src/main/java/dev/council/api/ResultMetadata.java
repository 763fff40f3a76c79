package dev.council.api;

/**
 * The metadata keys the engine writes on results, so that code reading them (the CLI summary, recorders,
 * the HTTP API, applications) names them in one place. Round-specific keys of {@link RoundResult} and
 * {@link MemberResult} metadata set by individual round types (labels, eliminations, iterations) are
 * documented with each round type instead.
 *
 * <p>Constants only; not instantiable.
 */
public final class ResultMetadata {
  /**
   * {@link Result#metadata()}: the member calls the run made, an {@link Integer}: every member asked,
   * judges and the chair included; retries are counted in each member result's {@code attempts}, not
   * here. Read it with {@link Result#memberCalls()}.
   */
  public static final String MEMBER_CALLS = "memberCalls";

  /**
   * {@link Result#metadata()}: how many of those calls did not end {@link MemberStatus#OK}, an
   * {@link Integer}. Read it with {@link Result#failedMemberCalls()}.
   */
  public static final String FAILED_MEMBER_CALLS = "failedMemberCalls";

  /** {@link MemberResult#metadata()} of a sub-council member: the sub-run's id, a {@link String}. */
  public static final String SUB_RUN_ID = "subRunId";

  /**
   * {@link MemberResult#metadata()} of a sub-council member: the sub-run's {@link RunStatus} name, a
   * {@link String}.
   */
  public static final String SUB_STATUS = "subStatus";

  /**
   * {@link MemberResult#metadata()} of a sub-council member: the sub-run's whole {@link Result} in
   * process; its {@link dev.council.api.json.JsonMapping} tree once written as JSON and read back.
   */
  public static final String SUB_RESULT = "subResult";

  /**
   * {@link MemberResult#metadata()} of a member call that was interrupted: why, a {@link String}
   * ({@code fail_fast}, {@code budget_exceeded}, {@code terminated}, {@code cancelled}).
   */
  public static final String REASON = "reason";

  /**
   * {@link Result#metadata()} and the {@code auto} round's {@link RoundResult#metadata()} of an auto
   * council: the choice it made, a map with the keys {@link #AUTO_STRATEGY}, {@link #AUTO_CHOSEN},
   * {@link #AUTO_REASON}, {@link #AUTO_SCORE} and {@link #AUTO_LATENCY_MS}. Read it with
   * {@link AutoChoice#of(Result)}.
   */
  public static final String AUTO = "auto";

  /** In {@link #AUTO}: the strategy that made the choice ({@code rules}, {@code embedding}, ...), a {@link String}. */
  public static final String AUTO_STRATEGY = "strategy";

  /** In {@link #AUTO}: the id of the chosen catalog entry, a {@link String}. */
  public static final String AUTO_CHOSEN = "chosen";

  /** In {@link #AUTO}: why it was chosen (the rule, the classifier's answer, the fallback), a {@link String}. */
  public static final String AUTO_REASON = "reason";

  /** In {@link #AUTO}: the choice's score (cosine similarity for {@code embedding}), a {@link Double} or absent. */
  public static final String AUTO_SCORE = "score";

  /** In {@link #AUTO}: how long the decision took in milliseconds, a {@link Long}. */
  public static final String AUTO_LATENCY_MS = "latencyMs";

  /**
   * {@link Result#metadata()} of a run whose recorder reported a standing problem when the run ended
   * ({@link dev.council.api.spi.Recorder#problem()}): why the run was probably not stored and how to fix
   * it, a {@link String}. Absent while the recorder works.
   */
  public static final String RECORDER_PROBLEM = "recorderProblem";

  /**
   * {@link MemberResult#metadata()} of a member call in a round that shows answers under anonymized labels
   * ({@code anonymized_peer_review}): the label the member's own answer was shown under ({@code "Response
   * B"}), a {@link String}; absent when the member had no answer to label. A round type of its own that
   * anonymizes answers may set it in its {@link dev.council.api.spi.MemberCall#metadata()}: the engine puts
   * it on the member's span as {@code council.member.label}.
   */
  public static final String OWN_LABEL = "ownLabel";

  private ResultMetadata() {}
}
