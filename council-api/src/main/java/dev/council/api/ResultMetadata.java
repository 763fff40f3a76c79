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

  private ResultMetadata() {}
}
