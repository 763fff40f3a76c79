/**
 * JMH benchmarks and scale checks of the council engine (DESIGN §11): engine cost per member call
 * against a raw virtual-thread fan-out ({@link dev.council.bench.MemberCallBenchmark}), runs per second
 * ({@link dev.council.bench.ThroughputBenchmark}) and many concurrent runs with simulated provider latency
 * ({@link dev.council.bench.ConcurrentRuns}). Not API; results are written up in {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.council.bench;

import org.jspecify.annotations.NullMarked;
