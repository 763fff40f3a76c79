package dev.council.api.provider;

import java.io.Serializable;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether and which tool the model must call: {@code auto} (the model decides; the provider default),
 * {@code none} (no tool call), {@code required} (some tool call) or one named tool. Each provider maps it
 * onto its wire format (see docs/providers.md).
 *
 * <p>Immutable value.
 *
 * @param mode the mode
 * @param toolName the tool that must be called when {@code mode} is {@link Mode#TOOL}, else null
 */
public record ToolChoice(Mode mode, @Nullable String toolName) implements Serializable {
  /** The model decides. */
  public static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  /** The model must not call a tool. */
  public static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  /** The model must call at least one tool. */
  public static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  /** The kinds of choice. */
  public enum Mode {
    AUTO,
    NONE,
    REQUIRED,
    TOOL
  }

  public ToolChoice {
    Objects.requireNonNull(mode, "mode");
    if ((mode == Mode.TOOL) != (toolName != null && !toolName.isBlank())) {
      throw new IllegalArgumentException(mode == Mode.TOOL ? "a TOOL choice needs a tool name"
          : "only a TOOL choice names a tool, " + mode + " does not");
    }
  }

  /** The choice that forces the tool named {@code name}. */
  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.TOOL, name);
  }

  /**
   * Reads {@code auto}, {@code none} or {@code required} (any case).
   *
   * @throws IllegalArgumentException naming the accepted values for anything else
   */
  public static ToolChoice ofMode(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "auto" -> AUTO;
      case "none" -> NONE;
      case "required" -> REQUIRED;
      default -> throw new IllegalArgumentException("tool choice \"" + text
          + "\" is not one of auto, none, required (to force one tool, give {\"tool\": \"<name>\"})");
    };
  }

  /** {@code auto}, {@code none}, {@code required} or {@code tool:<name>}. */
  @Override
  public String toString() {
    return mode == Mode.TOOL ? "tool:" + toolName : mode.name().toLowerCase(Locale.ROOT);
  }
}
