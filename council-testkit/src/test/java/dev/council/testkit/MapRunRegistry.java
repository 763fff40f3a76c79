package dev.council.testkit;

import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.spi.RunControl;
import dev.council.api.spi.RunRegistry;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A registry in a map. With {@link Defect#NONE} it keeps the {@link RunRegistry} contract; each other
 * {@link Defect} breaks one rule, so the kit tests can show that {@link RunRegistryKit} catches it.
 */
final class MapRunRegistry implements RunRegistry {

  /** One way to break the registry contract. */
  enum Defect {
    /** Keeps the contract. */
    NONE,
    /** A second run under a registered id replaces the first, silently. */
    REPLACES_DUPLICATES,
    /** Finished runs are still listed as active. */
    LISTS_FINISHED_RUNS_AS_ACTIVE,
    /** Every registry shares one map, whatever its name. */
    IGNORES_THE_NAME
  }

  private static final Map<String, RunControl> SHARED = new ConcurrentHashMap<>();

  private final Defect defect;
  private final String name;
  private final Map<String, RunControl> runs;

  MapRunRegistry(Defect defect, String name) {
    this.defect = defect;
    this.name = name;
    this.runs = defect == Defect.IGNORES_THE_NAME ? SHARED : new ConcurrentHashMap<>();
  }

  @Override
  public void register(RunControl run) {
    if (defect == Defect.REPLACES_DUPLICATES) {
      runs.put(run.runId(), run);
      return;
    }
    if (runs.putIfAbsent(run.runId(), run) != null) {
      throw new IllegalStateException("run '" + run.runId() + "' is already registered in registry '" + name + "'");
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
    return runs.values().stream().map(RunControl::state)
        .filter(s -> defect == Defect.LISTS_FINISHED_RUNS_AS_ACTIVE || s.status() == RunStatus.RUNNING).toList();
  }
}
