package dev.council.api;

/** How much the verbose tracer prints. */
public enum Verbosity {
  OFF,
  /** Rounds and members with durations and tokens. */
  TIMELINE,
  /** The timeline plus prompts and responses, each field truncated to 800 characters. */
  DEBUG
}
