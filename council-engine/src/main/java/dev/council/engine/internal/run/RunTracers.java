package dev.council.engine.internal.run;

import dev.council.api.Verbosity;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunTracer;
import dev.council.engine.RunOptions;
import dev.council.engine.trace.VerboseTracer;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tracers attached to every run of an engine, plus the verbose tracer a run's options ask for.
 * Immutable and thread-safe; a tracer that fails to attach is logged and skipped.
 */
final class RunTracers {
  private static final Logger log = LoggerFactory.getLogger(RunTracers.class);

  private final List<RunTracer> tracers;

  RunTracers(List<RunTracer> tracers) {
    this.tracers = List.copyOf(tracers);
  }

  /** The listeners the tracers attach to the run described by {@code info}. */
  List<CouncilListener> listeners(RunInfo info, RunOptions options) {
    List<CouncilListener> out = new ArrayList<>();
    if (options.verbose() != Verbosity.OFF) {
      out.add(new VerboseTracer(options.verboseOutput().orElse(System.err), options.verbose()));
    }
    for (RunTracer tracer : tracers) {
      try {
        tracer.attach(info).ifPresent(out::add);
      } catch (RuntimeException e) {
        log.warn("tracer {} failed to attach to run {}: {}", tracer.getClass().getName(), info.runId(), e.toString());
      }
    }
    return out;
  }
}
