package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.EventGap;
import dev.council.api.event.RoundStarted;
import dev.council.api.spi.PubSub;
import dev.council.api.spi.Subscription;
import dev.council.engine.CouncilEngine;
import dev.council.pubsub.hazelcast.HazelcastPubSubFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Clustered mode on loopback: how long an event takes from one node to another, how many events per second
 * the clustered pubsub carries between nodes, and what a run costs on a cluster node against a local one.
 * Every node is a Hazelcast member on 127.0.0.1 with its own cluster name and ports.
 *
 * <ol>
 *   <li><b>One-way latency, two members in this JVM</b> (one clock): node A publishes one event at a time
 *       and waits until node B's listener has it; the time from {@code publish} to B's listener.
 *   <li><b>Events per second, A to B</b>: A publishes a burst as fast as it can, to one topic (one run's
 *       events, one stripe) and to 64 topics (many runs, every stripe); then to one topic again keeping at
 *       most 2,048 events unreceived (what one stripe sustains without overrunning its reader); the time
 *       until B's listeners have all of them. Gaps (events B was told it missed: a burst larger than a
 *       stripe's capacity outruns the reader) are counted and reported, never hidden.
 *   <li><b>Round trip to a separate JVM</b>: B is closed and a member in its own JVM (this class's {@code
 *       echo} mode) republishes every ping it receives; A measures ping to pong, so one way is about half.
 *   <li><b>A run on a cluster node against a local one</b>: the same council (3 members + chair, zero
 *       latency provider), run one after another on an engine in {@code council.mode=multi-node} (sharing
 *       A's member, so the cluster is A plus the separate JVM) and on a single-node engine; ms per run.
 * </ol>
 *
 * <p>Usage: {@code java <Hazelcast JVM flags> -cp council-bench/target/benchmarks.jar
 * dev.council.bench.ClusterEvents [pings [burst [runs]]]} (defaults 2,000, 50,000, 500); see
 * docs/benchmarks.md for the flags. Prints a report to standard output; exits 1 when events go unaccounted for
 * (neither delivered nor reported as a gap) or a run fails.
 */
public final class ClusterEvents {
  static final List<String> HAZELCAST_FLAGS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");
  private static final int TOPICS = 64;
  /** Unreceived events the windowed publisher allows: half a stripe's default capacity. */
  private static final int WINDOW = 2_048;
  private static final long PING_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(5);

  private final String cluster = "council-bench-" + UUID.randomUUID();
  private final int port = freePort();
  private final com.sun.management.OperatingSystemMXBean os =
      (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private boolean failed;

  private ClusterEvents() {}

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("echo")) {
      echo(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int pings = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int burst = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    if (pings < 10 || burst < TOPICS || runs < 10) {
      System.err.println("usage: ClusterEvents [pings >= 10 [burst >= " + TOPICS + " [runs >= 10]]]");
      System.exit(2);
    }
    ClusterEvents bench = new ClusterEvents();
    bench.measure(pings, burst, runs);
    System.exit(bench.failed ? 1 : 0);
  }

  private void measure(int pings, int burst, int runs) throws Exception {
    Runtime rt = Runtime.getRuntime();
    System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, load average %.2f at start%n",
        rt.availableProcessors(), Runtime.version(), os.getSystemLoadAverage());
    System.out.printf(Locale.ROOT, "cluster '%s' on 127.0.0.1, ports %d-%d, default council.hazelcast.* settings"
        + " (8 stripes, backup-count 1)%n", cluster, port, port + 2);
    PubSub a = pubSub(0);
    PubSub b = pubSub(1);
    try {
      oneWay(a, b, pings);
      throughput(a, b, burst, 1, 0);
      throughput(a, b, burst, TOPICS, 0);
      throughput(a, b, burst, 1, WINDOW);
    } finally {
      b.close();
    }
    try (EchoNode echo = EchoNode.start(cluster, port + 2, port)) {
      roundTrip(a, pings);
      runs(runs);
    } finally {
      a.close();
    }
    System.out.printf(Locale.ROOT, "load average %.2f at end%n", os.getSystemLoadAverage());
  }

  /** Node A publishes one event at a time; the time until B's listener has it. */
  private void oneWay(PubSub a, PubSub b, int pings) throws InterruptedException {
    String topic = "bench.latency";
    Pinger pinger = new Pinger(pings + pings / 5);
    try (Subscription s = b.subscribe(topic, pinger)) {
      waitForCluster(a, topic, pinger);
      long[] samples = pinger.pingAll(a, topic, pings / 5, pings);
      report("one-way A -> B, two members in one JVM", samples, 1);
    }
  }

  /** Pings go to the echo node, which sends them back; the round trip, and half of it. */
  private void roundTrip(PubSub a, int pings) throws InterruptedException {
    Pinger pinger = new Pinger(pings + pings / 5);
    try (Subscription s = a.subscribe(EchoNode.PONG, pinger)) {
      waitForCluster(a, EchoNode.PING, pinger);
      long[] samples = pinger.pingAll(a, EchoNode.PING, pings / 5, pings);
      report("round trip A -> separate JVM -> A", samples, 1);
      report("  one way (round trip / 2)", samples, 2);
    }
  }

  /**
   * A publishes {@code burst} events over {@code topics} topics until B has them all (or was told it missed
   * them): as fast as it can ({@code window} 0), or keeping at most {@code window} events unreceived.
   */
  private void throughput(PubSub a, PubSub b, int burst, int topics, int window) throws InterruptedException {
    for (int pass = 0; pass < 2; pass++) {
      String prefix = "bench.burst." + window + "." + pass + "." + topics + ".";
      CountDownLatch all = new CountDownLatch(burst);
      AtomicLong gaps = new AtomicLong();
      AtomicLong delivered = new AtomicLong();
      CouncilListener counter = new CouncilListener() {
        @Override
        public void onEvent(CouncilEvent event) {
          delivered.incrementAndGet();
          all.countDown();
        }

        @Override
        public void onGap(EventGap gap) {
          gaps.addAndGet(gap.missed());
          for (long i = 0; i < gap.missed(); i++) {
            all.countDown();
          }
        }
      };
      List<Subscription> subs = new ArrayList<>();
      for (int t = 0; t < topics; t++) {
        subs.add(b.subscribe(prefix + t, counter));
      }
      long start = System.nanoTime();
      for (int i = 0; i < burst; i++) {
        while (window > 0 && i - (burst - all.getCount()) >= window) {
          Thread.onSpinWait();
        }
        a.publish(prefix + (i % topics), event("burst", i / topics));
      }
      long published = System.nanoTime() - start;
      boolean done = all.await(2, TimeUnit.MINUTES);
      long took = System.nanoTime() - start;
      subs.forEach(Subscription::close);
      if (pass == 0) {
        continue; // warm-up
      }
      if (!done) {
        failed = true;
      }
      System.out.printf(Locale.ROOT, "%s A -> B, %,d events over %d topic%s: %,.0f events/s delivered"
          + " (publish calls took %.0f ms, the last arrived after %.0f ms)%s%s%n",
          window == 0 ? "burst" : "windowed (" + window + " in flight)", burst, topics, topics == 1 ? "" : "s",
          delivered.get() / (took / 1e9), published / 1e6, took / 1e6,
          gaps.get() > 0 ? "; " + gaps.get() + " not delivered, reported to the listener as gaps" : "",
          done ? "" : "; NOT ALL ACCOUNTED FOR within 2 minutes (" + all.getCount() + " missing)");
    }
  }

  /** The same council one run after another, on a cluster node and on a local engine. */
  private void runs(int runs) {
    Council council = BenchCouncils.withChair(3);
    Map<String, String> clustered = keys(0);
    clustered.put("council.mode", "multi-node");
    clustered.put("council.node-id", "bench-a");
    clustered.put("council.recorder", "none");
    clustered.put("council.reap-after", "0s");
    Map<String, String> local = new LinkedHashMap<>();
    local.put("council.recorder", "none");
    local.put("council.reap-after", "0s");
    for (int pass = 0; pass < 2; pass++) {
      double localMs = perRun(local, council, runs);
      double clusteredMs = perRun(clustered, council, runs);
      if (pass == 1) {
        System.out.printf(Locale.ROOT, "runs one after another (3 members + chair, zero-latency provider, %d runs):"
            + " local %.3f ms/run, cluster node %.3f ms/run (+%.3f ms, x%.1f)%n", runs, localMs, clusteredMs,
            clusteredMs - localMs, clusteredMs / localMs);
      }
    }
  }

  private double perRun(Map<String, String> keys, Council council, int runs) {
    CouncilConfig config = CouncilConfig.builder().environment(Map.of()).systemProperties(Map.of()).setAll(keys)
        .build();
    try (CouncilEngine engine = CouncilEngine.builder().config(config)
        .provider(BenchCouncils.PROVIDER, new ZeroLatencyProvider(BenchCouncils.PROVIDER)).build()) {
      for (int i = 0; i < runs / 5; i++) {
        check(engine.run(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS));
      }
      long start = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        check(engine.run(council, BenchCouncils.INPUT, BenchCouncils.OPTIONS));
      }
      return (System.nanoTime() - start) / 1e6 / runs;
    }
  }

  private void check(Result r) {
    if (r.status() != RunStatus.COMPLETED) {
      failed = true;
      System.out.println("run " + r.runId() + " ended " + r.status() + ": " + r.errors());
    }
  }

  /** Publishes until the subscriber on the other node sees events (the members have formed the cluster). */
  private static void waitForCluster(PubSub a, String topic, Pinger pinger) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!pinger.ping(a, topic, 0)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the other member did not receive events within 60 s");
      }
    }
    pinger.reset();
  }

  private static void report(String what, long[] samples, int divisor) {
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%s: %,d events, p50 %.3f ms, p99 %.3f ms, max %.3f ms%n", what, sorted.length,
        at(sorted, 0.50) / divisor / 1e6, at(sorted, 0.99) / divisor / 1e6, sorted[sorted.length - 1] / divisor / 1e6);
  }

  private static double at(long[] sorted, double quantile) {
    int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
    return sorted[Math.max(0, index)];
  }

  private PubSub pubSub(int offset) {
    return new HazelcastPubSubFactory().create(CouncilConfig.builder().environment(Map.of())
        .systemProperties(Map.of()).setAll(keys(offset)).build());
  }

  private Map<String, String> keys(int offset) {
    return keys(cluster, port + offset, port);
  }

  private static Map<String, String> keys(String cluster, int port, int first) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("council.hazelcast.cluster-name", cluster);
    m.put("council.hazelcast.port", Integer.toString(port));
    m.put("council.hazelcast.members", "127.0.0.1:" + first + ",127.0.0.1:" + (first + 1) + ",127.0.0.1:"
        + (first + 2));
    return m;
  }

  static CouncilEvent event(String runId, long seq) {
    return new RoundStarted(runId, seq, Instant.now(), "bench", "independent_analysis", 0, 0,
        List.of("m0", "m1", "m2"));
  }

  /** The separate-JVM node: republishes each event of {@code ping} to {@code pong} until stdin closes. */
  private static void echo(String cluster, int port, int first) throws IOException {
    PubSub pubSub = new HazelcastPubSubFactory().create(CouncilConfig.builder().environment(Map.of())
        .systemProperties(Map.of()).setAll(keys(cluster, port, first)).build());
    try (Subscription s = pubSub.subscribe(EchoNode.PING, e -> pubSub.publish(EchoNode.PONG, e))) {
      System.out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      while (in.readLine() != null) {
        // wait for the benchmark to close our standard input
      }
    } finally {
      pubSub.close();
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends one event at a time and records when its seq comes back to the listener. */
  private static final class Pinger implements CouncilListener {
    private final AtomicLongArray received;
    private volatile long expected = -1;
    private volatile CountDownLatch arrived = new CountDownLatch(1);

    Pinger(int capacity) {
      this.received = new AtomicLongArray(capacity);
    }

    @Override
    public void onEvent(CouncilEvent event) {
      long now = System.nanoTime();
      if (event.seq() == expected) {
        received.set((int) event.seq(), now);
        arrived.countDown();
      }
    }

    void reset() {
      expected = -1;
    }

    /** Publishes event {@code seq} and waits for it; false when it did not come within 5 s. */
    boolean ping(PubSub pubSub, String topic, long seq) throws InterruptedException {
      arrived = new CountDownLatch(1);
      expected = seq;
      pubSub.publish(topic, event("ping", seq));
      return arrived.await(PING_TIMEOUT_NANOS, TimeUnit.NANOSECONDS);
    }

    /** {@code warmUp} unmeasured pings, then {@code n} measured ones; their latencies in nanoseconds. */
    long[] pingAll(PubSub pubSub, String topic, int warmUp, int n) throws InterruptedException {
      long[] samples = new long[n];
      for (int i = 0; i < warmUp + n; i++) {
        long start = System.nanoTime();
        if (!ping(pubSub, topic, i)) {
          throw new IllegalStateException("ping " + i + " did not arrive within 5 s");
        }
        if (i >= warmUp) {
          samples[i - warmUp] = received.get(i) - start;
        }
      }
      return samples;
    }
  }

  /** The echo member in its own JVM, started with the flags Hazelcast wants; closed by closing its stdin. */
  private static final class EchoNode implements AutoCloseable {
    static final String PING = "bench.ping";
    static final String PONG = "bench.pong";

    private final Process process;

    private EchoNode(Process process) {
      this.process = process;
    }

    static EchoNode start(String cluster, int port, int first) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      if (Runtime.version().feature() >= 23) {
        command.add("--sun-misc-unsafe-memory-access=allow");
      }
      command.addAll(HAZELCAST_FLAGS);
      command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"), ClusterEvents.class.getName(),
          "echo", cluster, Integer.toString(port), Integer.toString(first)));
      Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String line = out.readLine();
      if (!"ready".equals(line)) {
        p.destroyForcibly();
        throw new IllegalStateException("the echo node did not start (it printed " + line + ")");
      }
      return new EchoNode(p);
    }

    @Override
    public void close() throws IOException {
      process.getOutputStream().close();
      try {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
          process.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
