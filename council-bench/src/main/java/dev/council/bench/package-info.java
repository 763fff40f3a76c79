/**
 * JMH benchmarks and scale checks of the council engine (targets and results: {@code docs/benchmarks.md}): engine cost per member call
 * against a raw virtual-thread fan-out ({@link dev.council.bench.MemberCallBenchmark}), runs per second
 * ({@link dev.council.bench.ThroughputBenchmark}), many concurrent runs with simulated provider latency
 * ({@link dev.council.bench.ConcurrentRuns}), the engine next to LangChain4j's agentic module on the same
 * shape ({@link dev.council.bench.FrameworkComparisonBenchmark}) and event fan-out to local listeners
 * ({@link dev.council.bench.EventFanoutBenchmark}). Not API; results are written up in {@code docs/benchmarks.md}.
 */
@NullMarked
package dev.council.bench;

import org.jspecify.annotations.NullMarked;
