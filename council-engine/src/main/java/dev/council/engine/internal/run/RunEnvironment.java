package dev.council.engine.internal.run;

import dev.council.api.FailureMode;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.ReliabilityStore;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.otel.Telemetry;
import java.time.Clock;
import java.util.Objects;
import java.util.concurrent.ExecutorService;

/**
 * What every run of one engine shares, built once by {@link Runs}: exactly what a {@link Run} and its
 * rounds use, and nothing of the engine's lifecycle.
 *
 * @param clock timestamps of events and results
 * @param nodeId this node's id, reported as the run's owner
 * @param executor runs each run's thread and its member calls (a new virtual thread per task)
 * @param pubSub the transport of run and relay topics
 * @param tracers the tracers attached to each run
 * @param telemetry the OpenTelemetry instrumentation of each run
 * @param catalog round types, aggregators and the names rounds refer to
 * @param defaultFailureMode the failure mode of rounds whose round and run options set none
 * @param memberCalls makes every member call of every round
 * @param ended told once when a run ends (finished or stopped)
 * @param reliability the store of learned member reliability rounds read and finished runs record into
 */
record RunEnvironment(
    Clock clock,
    String nodeId,
    ExecutorService executor,
    PubSub pubSub,
    RunTracers tracers,
    Telemetry telemetry,
    Catalog catalog,
    FailureMode defaultFailureMode,
    MemberCalls memberCalls,
    RunEnded ended,
    ReliabilityStore reliability) {

  RunEnvironment {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(executor, "executor");
    Objects.requireNonNull(pubSub, "pubSub");
    Objects.requireNonNull(tracers, "tracers");
    Objects.requireNonNull(telemetry, "telemetry");
    Objects.requireNonNull(catalog, "catalog");
    Objects.requireNonNull(defaultFailureMode, "defaultFailureMode");
    Objects.requireNonNull(memberCalls, "memberCalls");
    Objects.requireNonNull(ended, "ended");
    Objects.requireNonNull(reliability, "reliability");
  }

  /** Told when a run ends, so the engine can stop tracking it, drain its recording and reap it later. */
  @FunctionalInterface
  interface RunEnded {
    /**
     * @param run the run that ended
     * @param finished true when it finished with a result (it stays queryable until reaped); false when it
     *     was terminated (it is already unregistered)
     */
    void ended(Run run, boolean finished);
  }
}
