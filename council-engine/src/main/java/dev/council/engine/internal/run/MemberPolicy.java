package dev.council.engine.internal.run;

import dev.council.api.Council;
import dev.council.api.FailureMode;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.RetryPolicy;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.RunOptions;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.support.Durations;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * How one member call is made, resolved once when the call starts: the member's effective options (its
 * profile applied), retry policy, per-attempt timeout, the round's failure mode and the tool loop's
 * settings. Precedence for retry and timeout: the member's options (inline, then its profile) &gt; run
 * options &gt; configuration ({@code council.defaults.*}) &gt; built-in default.
 *
 * <p>Immutable and thread-safe.
 *
 * @param options the member's effective options: config default profile &lt; council default profile &lt;
 *     member profile &lt; inline options
 * @param profile the profile the options came from (the most specific one named), or null
 * @param retry the retry policy
 * @param timeout the time limit of each attempt; positive, saturated so it converts to nanoseconds
 * @param failureMode the failure mode of the round the call belongs to
 * @param tools how the tool loop runs
 */
record MemberPolicy(
    MemberOptions options,
    @Nullable String profile,
    RetryPolicy retry,
    Duration timeout,
    FailureMode failureMode,
    ToolPolicy tools) {

  /** Member options (in {@link MemberOptions#extra()}) for the tool loop. */
  static final String TOOL_STRATEGY = "toolStrategy";
  static final String TOOL_TIMEOUT = "toolTimeout";
  static final String TOOL_CONCURRENCY = "toolConcurrency";
  static final String MAX_TOOL_TURNS = "maxToolTurns";
  static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_MAX_TOOL_TURNS = 8;

  MemberPolicy {
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(retry, "retry");
    timeout = Durations.saturated(timeout);
    Objects.requireNonNull(failureMode, "failureMode");
    Objects.requireNonNull(tools, "tools");
  }

  /** Engine-wide defaults, from configuration. */
  record Defaults(RetryPolicy retry, Duration timeout) {
    Defaults {
      Objects.requireNonNull(retry, "retry");
      Objects.requireNonNull(timeout, "timeout");
    }
  }

  /** The policy of {@code member}'s call in a round with {@code failureMode}. */
  static MemberPolicy resolve(Catalog catalog, Council council, Member member, RunOptions run,
      FailureMode failureMode, Defaults defaults) {
    MemberOptions opts = catalog.effectiveOptions(council, member);
    RetryPolicy retry = opts.retry() != null ? opts.retry() : run.retry().orElse(defaults.retry());
    Duration timeout = opts.timeout() != null ? opts.timeout() : run.memberTimeout().orElse(defaults.timeout());
    return new MemberPolicy(opts, catalog.profileName(council, member), retry, timeout, failureMode,
        ToolPolicy.of(opts));
  }

  /**
   * How the tool loop of one member call runs, from the member's extra options.
   *
   * @param failFast whether a failed tool call fails the attempt ({@code toolStrategy=fail_fast}) instead
   *     of being reported to the model ({@code collect}, the default)
   * @param timeout how long one tool call may take; saturated
   * @param concurrency the share of one turn's tool calls that run at once (1.0: all)
   * @param maxTurns how many tool turns one attempt may take
   */
  record ToolPolicy(boolean failFast, Duration timeout, double concurrency, int maxTurns) {
    ToolPolicy {
      timeout = Durations.saturated(timeout);
    }

    /** The policy of a member whose options set none of the tool options. */
    static final ToolPolicy DEFAULT = new ToolPolicy(false, DEFAULT_TOOL_TIMEOUT, 1.0, DEFAULT_MAX_TOOL_TURNS);

    static ToolPolicy of(MemberOptions o) {
      Map<String, Object> extra = o.extra();
      if (extra.isEmpty() || !(extra.containsKey(TOOL_STRATEGY) || extra.containsKey(TOOL_TIMEOUT)
          || extra.containsKey(TOOL_CONCURRENCY) || extra.containsKey(MAX_TOOL_TURNS))) {
        return DEFAULT;
      }
      return new ToolPolicy(
          "fail_fast".equalsIgnoreCase(String.valueOf(o.extra().getOrDefault(TOOL_STRATEGY, "collect"))),
          durationOption(o, TOOL_TIMEOUT, DEFAULT_TOOL_TIMEOUT),
          doubleOption(o, TOOL_CONCURRENCY, 1.0),
          intOption(o, MAX_TOOL_TURNS, DEFAULT_MAX_TOOL_TURNS));
    }

    private static int intOption(MemberOptions o, String key, int fallback) {
      Object v = o.extra().get(key);
      return v instanceof Number n ? n.intValue() : v == null ? fallback : Integer.parseInt(v.toString().trim());
    }

    private static double doubleOption(MemberOptions o, String key, double fallback) {
      Object v = o.extra().get(key);
      return v instanceof Number n ? n.doubleValue() : v == null ? fallback : Double.parseDouble(v.toString().trim());
    }

    private static Duration durationOption(MemberOptions o, String key, Duration fallback) {
      Object v = o.extra().get(key);
      if (v instanceof Number n) {
        return Duration.ofMillis(n.longValue());
      }
      return v == null ? fallback : CouncilConfig.parseDuration(v.toString()).orElse(fallback);
    }
  }
}
