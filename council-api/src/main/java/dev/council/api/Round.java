package dev.council.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One step of a council: a round type name plus its options.
 *
 * <p>Options every round understands: {@code failureMode} ({@code CONTINUE}|{@code FAIL_FAST}),
 * {@code quorum} (minimum successful members, default 1), {@code router} (a registered router name).
 * Round types document their own options ({@code aggregator}, {@code maxIterations}, ...). Option values
 * are JSON-like (strings, numbers, booleans, lists, maps) so councils stay serializable.
 *
 * @param type the round type name, e.g. {@code independent_analysis}
 * @param name the name shown in events and results; defaults to the type
 * @param options the round's options
 * @param inner rounds wrapped by this one (e.g. the body of {@code iterate}); usually empty
 */
public record Round(String type, String name, Map<String, Object> options, List<Round> inner)
    implements Serializable {

  public Round {
    Objects.requireNonNull(type, "type");
    name = name == null || name.isBlank() ? type : name;
    options = options == null ? Map.of() : JsonTrees.copyTree(options);
    inner = inner == null ? List.of() : List.copyOf(inner);
  }

  public static Round of(String type) {
    return new Round(type, type, Map.of(), List.of());
  }

  public static Round of(String type, Map<String, Object> options) {
    return new Round(type, type, options, List.of());
  }

  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** An option's value, when set. */
  public Optional<Object> option(String key) {
    return Optional.ofNullable(options.get(key));
  }

  /** A string option, or {@code fallback}. */
  public String optionString(String key, String fallback) {
    Object v = options.get(key);
    return v == null ? fallback : v.toString();
  }

  /** A numeric option as int, or {@code fallback}. */
  public int optionInt(String key, int fallback) {
    Object v = options.get(key);
    if (v instanceof Number n) {
      return n.intValue();
    }
    if (v instanceof String s) {
      try {
        return Integer.parseInt(s.trim());
      } catch (NumberFormatException e) {
        return fallback;
      }
    }
    return fallback;
  }

  /** A boolean option, or {@code fallback}. */
  public boolean optionBoolean(String key, boolean fallback) {
    Object v = options.get(key);
    if (v instanceof Boolean b) {
      return b;
    }
    return v == null ? fallback : Boolean.parseBoolean(v.toString());
  }

  /** The round's failure mode when set here. */
  public Optional<FailureMode> failureMode() {
    Object v = options.get("failureMode");
    return v == null ? Optional.empty() : Optional.of(FailureMode.valueOf(v.toString().trim().toUpperCase(java.util.Locale.ROOT)));
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final String type;
    private @Nullable String name;
    private final Map<String, Object> options = new LinkedHashMap<>();
    private final List<Round> inner = new ArrayList<>();

    private Builder(String type) {
      this.type = Objects.requireNonNull(type, "type");
    }

    public Builder name(String name) { this.name = name; return this; }
    public Builder option(String key, Object value) { options.put(key, value); return this; }
    public Builder failureMode(FailureMode mode) { options.put("failureMode", mode.name()); return this; }
    public Builder quorum(int quorum) { options.put("quorum", quorum); return this; }
    public Builder router(String router) { options.put("router", router); return this; }
    public Builder aggregator(String aggregator) { options.put("aggregator", aggregator); return this; }
    public Builder inner(Round round) { inner.add(round); return this; }

    public Round build() {
      return new Round(type, name == null ? type : name, options, inner);
    }
  }
}
