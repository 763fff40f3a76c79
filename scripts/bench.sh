#!/usr/bin/env bash
# Builds council-bench and runs one of the benchmark sets that docs/benchmarks.md reports, printing the load
# average before and after (the numbers are only comparable at a similar load).
#
#   scripts/bench.sh compare      engine vs LangChain4j agentic vs the virtual-thread floor (about 3 min)
#   scripts/bench.sh fanout       event fan-out, 1,000 subscribers / 10,000 runs, and the no-subscriber
#                                 baseline, zero-latency model (about 3 min)
#   scripts/bench.sh fanout-paced one run to 1,000 subscribers with a 1 ms model (about 1 min)
#   scripts/bench.sh members      engine vs floor per member call, MemberCallReport (about 3.5 min)
#   scripts/bench.sh throughput   runs per second (about 1 min)
#   scripts/bench.sh concurrent   10,000 concurrent runs with 1 s provider latency, in a JVM with a fixed,
#                                 pre-touched 2 GB heap (CONCURRENT_JVM_ARGS= for the JVM's defaults; about 45 s)
#   scripts/bench.sh sse          SSE fan-out through council-server: events/s, added latency, memory
#                                 per open stream (about 1 min)
#   scripts/bench.sh otel         OpenTelemetry instrumentation off / on without an SDK / with the SDK, and
#                                 the SDK's own floor for the same span tree (about 3.5 min)
#   scripts/bench.sh recorder [sequential [eventRuns [journalEntries]]]
#                                 the jdbi recorder on the local PostgreSQL (scripts/postgres.sh): per-run
#                                 cost, bursts, events/s and journal writes/s (about 30 s with the defaults)
#   scripts/bench.sh council FILE [--latency 200ms] [--config FILE] [--configured] [--question TEXT] [JMH ARGS...]
#                                 your own council file: µs per run, runs per second, CPU and allocation per
#                                 run as a Markdown table; its providers replaced by the offline simulated
#                                 provider answering after --latency (default 0ms), or, with --configured,
#                                 your providers as configured (real calls). Paths are relative to where you
#                                 run the script (about 40 s with the default 3 + 5 iterations of 2 s)
#   scripts/bench.sh jmh ARGS...  benchmarks.jar with your own JMH arguments
#
# Set SKIP_BUILD=1 to reuse council-bench/target/benchmarks.jar; for `council`, COUNCIL_BENCH_CLASSPATH adds
# jars (a third-party provider plugin, say) to the benchmark's class path.
set -euo pipefail
CALLER_DIR=$PWD
cd "$(dirname "$0")/.."
. scripts/java-home.sh
JAR=$PWD/council-bench/target/benchmarks.jar
JAVA="$JAVA_HOME/bin/java"
SHORT=(-f 1 -wi 6 -w 2s -i 5 -r 2s)

usage() {
  sed -n '2,30p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
}

[ $# -ge 1 ] || usage
target=$1
shift
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  ./mvnw -B -q -pl council-bench -am package -DskipTests
fi
echo "load average before: $(cat /proc/loadavg)" >&2
case "$target" in
  compare)    "$JAVA" -cp "$JAR" dev.council.bench.ComparisonReport "${SHORT[@]}" "$@" ;;
  fanout)     "$JAVA" -jar "$JAR" EventFanoutBenchmark -p providerLatency=0ms -f 1 -wi 3 -w 2s -i 5 -r 2s \
                -prof gc -prof dev.council.bench.DeliveryLatencyProfiler "$@" ;;
  fanout-paced) "$JAVA" -jar "$JAR" 'EventFanoutBenchmark.oneRun' -p attach=listeners,topic -p providerLatency=1ms \
                -f 1 -wi 3 -w 2s -i 5 -r 2s -prof gc -prof dev.council.bench.DeliveryLatencyProfiler "$@" ;;
  members)    "$JAVA" -cp "$JAR" dev.council.bench.MemberCallReport "${SHORT[@]}" "$@" ;;
  throughput) "$JAVA" -jar "$JAR" ThroughputBenchmark "${SHORT[@]}" -prof gc -prof dev.council.bench.CpuTimeProfiler "$@" ;;
  concurrent) # word splitting of the JVM arguments is intended
              # shellcheck disable=SC2086
              "$JAVA" ${CONCURRENT_JVM_ARGS--Xms2g -Xmx2g -XX:+AlwaysPreTouch} -cp "$JAR" \
                dev.council.bench.ConcurrentRuns "${@:-10000}" ;;
  sse)        "$JAVA" -cp "$JAR" dev.council.bench.SseFanout "$@" ;;
  otel)       "$JAVA" -jar "$JAR" 'OtelBenchmark|OtelSdkFloorBenchmark' -f 2 -wi 4 -w 2s -i 6 -r 2s -prof gc "$@" ;;
  recorder)   "$JAVA" -cp "$JAR" dev.council.bench.RecorderLoad "$@" ;;
  council)    (cd "$CALLER_DIR" && "$JAVA" -cp "$JAR${COUNCIL_BENCH_CLASSPATH:+:$COUNCIL_BENCH_CLASSPATH}" \
                dev.council.bench.CouncilReport "$@") ;;
  jmh)        "$JAVA" -jar "$JAR" "$@" ;;
  *)          usage ;;
esac
echo "load average after: $(cat /proc/loadavg)" >&2
