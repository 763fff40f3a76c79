package dev.council.recorder.jdbi.internal;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.RunStarted;
import dev.council.api.event.ToolCallCompleted;
import dev.council.api.event.ToolCallRequested;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The event classes and the names {@link CouncilEvent#type()} gives them, in publish order of a typical
 * run. Used to validate event filters and to tag JSON payloads. Immutable.
 */
public final class EventTypes {
  private static final Map<Class<? extends CouncilEvent>, String> NAMES = build();

  private EventTypes() {}

  /** Every event class with its type name. */
  public static Map<Class<? extends CouncilEvent>, String> byClass() {
    return NAMES;
  }

  /** Every event type name. */
  public static Set<String> names() {
    return Set.copyOf(NAMES.values());
  }

  private static Map<Class<? extends CouncilEvent>, String> build() {
    Map<Class<? extends CouncilEvent>, String> m = new LinkedHashMap<>();
    m.put(RunStarted.class, "run_started");
    m.put(RoundStarted.class, "round_started");
    m.put(MemberStarted.class, "member_started");
    m.put(MemberToken.class, "member_token");
    m.put(ToolCallRequested.class, "tool_call_requested");
    m.put(ToolCallCompleted.class, "tool_call_completed");
    m.put(MemberCompleted.class, "member_completed");
    m.put(RoundCompleted.class, "round_completed");
    m.put(RunCompleted.class, "run_completed");
    m.put(RunFailed.class, "run_failed");
    return Collections.unmodifiableMap(m);
  }
}
