package dev.council.api.event;

/** Topic names events are published on. */
public final class Topics {
  private Topics() {}

  /** {@code council:run:<runId>}: every event of one run. */
  public static String run(String runId) {
    return "council:run:" + runId;
  }

  /** {@code council:run:<parentRunId>:sub:<memberId>}: the events of a member's sub-council run. */
  public static String subRun(String parentRunId, String memberId) {
    return "council:run:" + parentRunId + ":sub:" + memberId;
  }
}
