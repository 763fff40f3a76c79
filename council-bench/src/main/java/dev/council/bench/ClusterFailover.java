package dev.council.bench;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.RunStarted;
import dev.council.api.spi.Subscription;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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

/**
 * Failover time on loopback: how long from the SIGKILL of a run's owner to the adopted run's resumed
 * {@code RunStarted}, with the documented failure-detection settings ({@code council.hazelcast.*}
 * defaults: heartbeat every 1 s, a member declared dead after 5 s without one) and the {@code hazelcast}
 * recorder and journal.
 *
 * <p>Two adopting nodes run in this JVM (each an engine with its own embedded member, {@code
 * council.failover=adopt}); each round starts the owner in a JVM of its own (this class's {@code owner}
 * mode), starts a run there ({@code BenchCouncils.withChair(3)}, every answer taking 2 s), kills the owner
 * 3 s later (its first round finished and journaled, the chair's call in flight) and measures, on a
 * subscriber in this JVM, the time from the kill to the second {@code RunStarted} of the run (the resumed
 * run on the adopter), then waits for the run's result.
 *
 * <p>Usage: {@code java <Hazelcast JVM flags> -cp council-bench/target/benchmarks.jar
 * dev.council.bench.ClusterFailover [rounds [kill|stop]]} (default 5 rounds, {@code kill}; the flags are
 * those of {@link ClusterEvents}). With {@code stop} the owner is paused with SIGSTOP instead (then killed):
 * its sockets stay open, so the cluster notices it only by missing heartbeats, as for a host that lost its
 * network.
 * Prints each round and the p50 / max to standard output; exits 1 when a run is not adopted or does not
 * complete.
 */
public final class ClusterFailover {
  private static final Duration ANSWER = Duration.ofSeconds(2);
  private static final Duration KILL_AFTER = Duration.ofSeconds(3);

  private final String cluster = "council-failover-bench-" + UUID.randomUUID();
  private final int port = freePort();

  /** Whether the owner is paused (SIGSTOP) rather than killed: failure detection by missing heartbeats. */
  private final boolean pause;

  private ClusterFailover(boolean pause) {
    this.pause = pause;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("owner")) {
      owner(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      return;
    }
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    boolean pause = args.length > 1 && args[1].equals("stop");
    if (rounds < 1 || (args.length > 1 && !pause && !args[1].equals("kill"))) {
      System.err.println("usage: ClusterFailover [rounds >= 1 [kill|stop]]");
      System.exit(2);
    }
    System.exit(new ClusterFailover(pause).measure(rounds) ? 0 : 1);
  }

  private boolean measure(int rounds) throws Exception {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    System.out.printf(Locale.ROOT, "machine: %d cores, Java %s, load average %.2f at start%n",
        Runtime.getRuntime().availableProcessors(), Runtime.version(), os.getSystemLoadAverage());
    System.out.printf(Locale.ROOT, "cluster '%s' on 127.0.0.1, ports %d-%d, default council.hazelcast.* settings"
        + " (heartbeat 1 s, max-no-heartbeat 5 s), council.recorder=hazelcast%n", cluster, port, port + 2);
    boolean ok = true;
    long[] samples = new long[rounds];
    try (CouncilEngine b = adopter(1); CouncilEngine c = adopter(2)) {
      for (int i = 0; i < rounds; i++) {
        String runId = "failover-" + i + "-" + UUID.randomUUID();
        AtomicLong resumedAt = new AtomicLong();
        CountDownLatch resumed = new CountDownLatch(1);
        AtomicLong starts = new AtomicLong();
        CouncilListener listener = new CouncilListener() {
          @Override
          public void onEvent(CouncilEvent event) {
            if (event instanceof RunStarted && event.seq() > 0 && starts.incrementAndGet() == 1) { // resumed
              resumedAt.set(System.nanoTime());
              resumed.countDown();
            }
          }
        };
        try (Owner owner = Owner.start(cluster, port, port)) {
          waitForSafeCluster(3);
          owner.command("start " + runId, "started");
          Subscription s = b.subscribe(runId, listener);
          Thread.sleep(KILL_AFTER.toMillis());
          RunHandle handle = b.find(runId).orElseThrow();
          long killedAt = pause ? owner.pause() : owner.kill();
          if (!resumed.await(60, TimeUnit.SECONDS)) {
            System.out.println("round " + (i + 1) + ": run " + runId + " was not resumed within 60 s");
            ok = false;
            continue;
          }
          samples[i] = resumedAt.get() - killedAt;
          Result result = handle.await(Duration.ofSeconds(60));
          String adopter = b.find(runId).map(h -> h.state().owner()).orElse("?");
          System.out.printf(Locale.ROOT, "round %d: resumed RunStarted %.0f ms after the %s, on %s; run %s%n",
              i + 1, samples[i] / 1e6, pause ? "SIGSTOP" : "SIGKILL", adopter, result.status());
          ok &= result.status() == RunStatus.COMPLETED;
          s.close();
        }
        waitForSafeCluster(2);
      }
    }
    long[] sorted = samples.clone();
    Arrays.sort(sorted);
    System.out.printf(Locale.ROOT, "%s -> resumed RunStarted over %d rounds: p50 %.0f ms, max %.0f ms%n",
        pause ? "SIGSTOP" : "SIGKILL", rounds, sorted[(sorted.length - 1) / 2] / 1e6, sorted[sorted.length - 1] / 1e6);
    System.out.printf(Locale.ROOT, "load average %.2f at end%n", os.getSystemLoadAverage());
    return ok;
  }

  private CouncilEngine adopter(int offset) {
    Map<String, String> keys = keys(cluster, port + offset, port);
    keys.put("council.node-id", "adopter-" + offset);
    return engine(keys);
  }

  private static CouncilEngine engine(Map<String, String> keys) {
    keys.put("council.mode", "multi-node");
    keys.put("council.recorder", "hazelcast");
    keys.put("council.failover", "adopt");
    CouncilConfig config = CouncilConfig.builder().environment(Map.of()).systemProperties(Map.of()).setAll(keys)
        .build();
    return CouncilEngine.builder().config(config)
        .provider(BenchCouncils.PROVIDER, SimulatedLatencyProvider.sleeping(BenchCouncils.PROVIDER, ANSWER)).build();
  }

  /** Until every member of this JVM sees {@code members} members and every partition has its backups. */
  private static void waitForSafeCluster(int members) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      boolean safe = true;
      for (HazelcastInstance hz : Hazelcast.getAllHazelcastInstances()) {
        safe &= hz.getCluster().getMembers().size() == members && hz.getPartitionService().isClusterSafe();
      }
      if (safe) {
        return;
      }
      Thread.sleep(20);
    }
    throw new IllegalStateException("the cluster did not settle on " + members + " members within 60 s");
  }

  private static Map<String, String> keys(String cluster, int port, int first) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("council.hazelcast.cluster-name", cluster);
    m.put("council.hazelcast.port", Integer.toString(port));
    m.put("council.hazelcast.members", "127.0.0.1:" + first + ",127.0.0.1:" + (first + 1) + ",127.0.0.1:"
        + (first + 2));
    return m;
  }

  /** The owner node in its own JVM: starts a run for each {@code start RUN_ID} line on standard input. */
  private static void owner(String cluster, int port, int first) throws IOException {
    Map<String, String> keys = keys(cluster, port, first);
    keys.put("council.node-id", "owner");
    Council council = BenchCouncils.withChair(3);
    try (CouncilEngine engine = engine(keys)) {
      System.out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("start ")) {
          engine.start(council, BenchCouncils.INPUT, RunOptions.builder().runId(line.substring(6).trim()).build());
          System.out.println("started");
        }
      }
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The owner JVM, driven over its standard input; killed with SIGKILL. */
  private static final class Owner implements AutoCloseable {
    private final Process process;
    private final BufferedReader out;
    private final PrintWriter in;

    private Owner(Process process) {
      this.process = process;
      this.out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
      this.in = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
    }

    static Owner start(String cluster, int port, int first) throws IOException {
      List<String> command = new ArrayList<>();
      command.add(ProcessHandle.current().info().command().orElse("java"));
      if (Runtime.version().feature() >= 23) {
        command.add("--sun-misc-unsafe-memory-access=allow");
      }
      command.addAll(ClusterEvents.HAZELCAST_FLAGS);
      command.addAll(List.of("-Xmx256m", "-cp", System.getProperty("java.class.path"),
          ClusterFailover.class.getName(), "owner", cluster, Integer.toString(port), Integer.toString(first)));
      Owner owner = new Owner(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start());
      owner.expect("ready");
      return owner;
    }

    void command(String line, String answer) throws IOException {
      in.println(line);
      expect(answer);
    }

    private void expect(String answer) throws IOException {
      for (String line = out.readLine(); line != null; line = out.readLine()) {
        if (line.startsWith(answer)) {
          return;
        }
      }
      throw new IllegalStateException("the owner JVM exited before printing '" + answer + "'");
    }

    /** SIGSTOP (the JVM stops answering heartbeats); returns {@link System#nanoTime()} just before the signal. */
    long pause() throws IOException, InterruptedException {
      long at = System.nanoTime();
      new ProcessBuilder("kill", "-STOP", Long.toString(process.pid())).start().waitFor(10, TimeUnit.SECONDS);
      return at;
    }

    /** SIGKILL; returns {@link System#nanoTime()} just before the signal. */
    long kill() throws InterruptedException {
      long at = System.nanoTime();
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      return at;
    }

    @Override
    public void close() throws InterruptedException {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }
}
