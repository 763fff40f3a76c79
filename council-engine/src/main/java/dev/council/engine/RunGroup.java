package dev.council.engine;

import dev.council.api.Council;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A group of runs with a shared lifecycle (a tenant, a request scope, a test): closing the group
 * terminates every run started through it that is still in progress. Thread-safe.
 */
public final class RunGroup implements AutoCloseable {
  private final String name;
  private final CouncilEngine engine;
  private final Set<RunHandle> handles = ConcurrentHashMap.newKeySet();
  private volatile boolean closed;

  RunGroup(String name, CouncilEngine engine) {
    this.name = Objects.requireNonNull(name, "name");
    this.engine = Objects.requireNonNull(engine, "engine");
  }

  public String name() {
    return name;
  }

  /** Starts a run that belongs to this group. */
  public RunHandle start(Council council, Map<String, Object> input) {
    return start(council, input, RunOptions.DEFAULTS);
  }

  /** Starts a run that belongs to this group. */
  public RunHandle start(Council council, Map<String, Object> input, RunOptions options) {
    if (closed) {
      throw new IllegalStateException("run group '" + name + "' is closed; open a new one with engine.group(name)");
    }
    RunHandle h = engine.start(council, input, options);
    handles.add(h);
    h.completion().whenComplete((r, e) -> handles.remove(h));
    return h;
  }

  /** Summaries of this group's runs still in progress. */
  public List<RunSummary> active() {
    List<RunSummary> out = new ArrayList<>();
    for (RunHandle h : handles) {
      try {
        RunSummary s = h.state();
        if (s.status() == RunStatus.RUNNING) {
          out.add(s);
        }
      } catch (RuntimeException stale) {
        handles.remove(h);
      }
    }
    return out;
  }

  /** Terminates every run of the group still in progress. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (RunHandle h : handles) {
      h.terminate();
    }
    handles.clear();
  }
}
