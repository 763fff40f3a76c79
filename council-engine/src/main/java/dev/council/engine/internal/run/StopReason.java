package dev.council.engine.internal.run;

import dev.council.api.spi.RunOutcome;

/**
 * Why a run stopped, or why a member call was interrupted. Stays an enum inside the engine; {@link #code()}
 * is its spelling where it leaves the engine as data (a member result's {@code reason} metadata, a
 * recorder's {@link RunOutcome.Stopped#reason()}).
 */
enum StopReason {
  /** The run was cancelled: it finishes {@code CANCELLED} with what completed. */
  CANCELLED("cancelled", "interrupted: the run was cancelled"),
  /** The run's budget was exceeded: it finishes {@code FAILED} with what completed. */
  BUDGET_EXCEEDED("budget_exceeded", "interrupted: the run's budget was exceeded"),
  /** The run was terminated on purpose: no result, recorded as stopped. */
  TERMINATED(RunOutcome.Stopped.TERMINATED, "interrupted: the run was terminated"),
  /** The engine closed while the run was in flight: no result; recovery may resume it. */
  ENGINE_STOPPED(RunOutcome.Stopped.ENGINE_STOPPED, "interrupted: the engine was closed"),
  /** Another member of a fail-fast round failed (member calls only; the run goes on to fail). */
  FAIL_FAST("fail_fast", "interrupted: another member failed and the round is fail-fast");

  private final String code;
  private final String message;

  StopReason(String code, String message) {
    this.code = code;
    this.message = message;
  }

  /** The stable lower-case spelling used in data leaving the engine. */
  String code() {
    return code;
  }

  /** What an interrupted member call's error says. */
  String message() {
    return message;
  }
}
