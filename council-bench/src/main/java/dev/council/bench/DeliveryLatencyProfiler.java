package dev.council.bench;

import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting {@link EventFanoutBenchmark}'s emit-to-listener latency per iteration as secondary
 * results: {@code delivery.p50}, {@code delivery.p99}, {@code delivery.p999} and {@code delivery.max}, in
 * microseconds (averaged over iterations; the max is the largest). Use with {@code -prof
 * dev.council.bench.DeliveryLatencyProfiler}; for other benchmarks it reports nothing.
 *
 * <p>Runs inside the forked benchmark JVM; one instance per fork, called by JMH's thread only.
 */
public final class DeliveryLatencyProfiler implements InternalProfiler {
  @Override
  public String getDescription() {
    return "event delivery latency percentiles (EventFanoutBenchmark)";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    // The benchmark starts each window in its own iteration set-up.
  }

  @Override
  public Collection<? extends Result<?>> afterIteration(BenchmarkParams benchmarkParams,
      IterationParams iterationParams, IterationResult result) {
    if (!benchmarkParams.getBenchmark().startsWith(EventFanoutBenchmark.class.getName() + ".")) {
      return List.of();
    }
    LatencySamples.Stats s = EventFanoutBenchmark.LATENCY.snapshot();
    return List.of(
        new ScalarResult("delivery.p50", s.p50() / 1000, "µs", AggregationPolicy.AVG),
        new ScalarResult("delivery.p99", s.p99() / 1000, "µs", AggregationPolicy.AVG),
        new ScalarResult("delivery.p999", s.p999() / 1000, "µs", AggregationPolicy.AVG),
        new ScalarResult("delivery.max", s.max() / 1000, "µs", AggregationPolicy.MAX));
  }
}
