package dev.council.api;

/** The status of a run. Only {@link #RUNNING} is not final. */
public enum RunStatus {
  RUNNING,
  COMPLETED,
  FAILED,
  CANCELLED;

  public boolean isFinal() {
    return this != RUNNING;
  }
}
