package dev.council.engine.local;

import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The {@code local} run registry: runs of this JVM in a concurrent map. Registries are isolated by
 * instance; the engine keeps one per registry name.
 *
 * <p>Thread-safe; no method blocks except {@link #active()}, which asks each run for its state.
 */
public final class LocalRunRegistry implements RunRegistry {
  private final String name;
  private final ConcurrentMap<String, RunControl> runs = new ConcurrentHashMap<>();

  /** @param name the registry name, used in messages */
  public LocalRunRegistry(String name) {
    this.name = Objects.requireNonNull(name, "name");
  }

  public String name() {
    return name;
  }

  /** @throws IllegalStateException if a run with the same id is registered */
  @Override
  public void register(RunControl run) {
    RunControl existing = runs.putIfAbsent(run.runId(), run);
    if (existing != null) {
      throw new IllegalStateException("run '" + run.runId() + "' is already registered in registry '" + name
          + "'; run ids must be unique (leave the runId option unset to get a generated one)");
    }
  }

  @Override
  public Optional<RunControl> find(String runId) {
    return Optional.ofNullable(runs.get(runId));
  }

  @Override
  public void unregister(String runId) {
    runs.remove(runId);
  }

  @Override
  public List<RunSummary> active() {
    List<RunSummary> active = new ArrayList<>();
    for (RunControl run : runs.values()) {
      RunSummary state = run.state();
      if (state.status() == RunStatus.RUNNING) {
        active.add(state);
      }
    }
    return List.copyOf(active);
  }

  @Override
  public String toString() {
    return "LocalRunRegistry[" + name + ", " + runs.size() + " runs]";
  }
}
