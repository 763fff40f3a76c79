package dev.council.api.spi;

import java.util.Map;

/**
 * A function a member's model may call. Thread-safe: calls may run concurrently. Blocking is fine (tools
 * run on virtual threads); honour interruption.
 */
public interface Tool {

  String name();

  /** What the tool does, for the model. */
  String description();

  /** A JSON Schema object for the arguments, as a JSON-like tree. */
  Map<String, Object> parameters();

  /**
   * Runs the tool.
   *
   * @return a JSON-like value (string, number, boolean, map, list) sent back to the model
   * @throws RuntimeException any failure; it is reported to the model (or fails the member under the
   *     {@code fail_fast} tool strategy)
   */
  Object execute(Map<String, Object> arguments, ToolContext context);
}
