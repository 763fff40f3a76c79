package dev.council.bench;

import dev.council.api.Council;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.Councils;
import dev.council.engine.json.JsonOutput;
import dev.council.engine.provider.SimulatedProvider;
import dev.council.server.CouncilServer;
import dev.council.server.ServerConfig;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sustained Server-Sent Events fan-out through {@code council-server}, with browser-like clients (one HTTP
 * connection and one reading virtual thread each, java.net.http) in the same JVM as the server, on
 * loopback. Councils of 3 members and a chair on the simulated provider, streaming tokens (one event per
 * word, a 2 ms pause before each), after a 1 s first-answer latency during which every client connects.
 *
 * <ul>
 *   <li><b>few runs, many clients</b>: {@code R} runs, {@code C} clients on each;
 *   <li><b>many runs, one client each</b>: {@code N} runs, one client each;
 *   <li><b>memory per open stream</b>: {@code M} clients on one run held at its first member call; used
 *       heap after a full GC, less the same before they connected, divided by {@code M}. It includes the
 *       client's side of each connection (same JVM), so the server's share is lower.
 * </ul>
 *
 * <p>Events per second are the events all clients received between the first and the last token any
 * client received, divided by that time. Added latency is receive time less the event's own timestamp
 * (set by the engine when it published the event), over events from the first token on (every client was
 * connected by then), so it is what the server, the connection and the client's read add.
 *
 * <p>Usage: {@code java -cp council-bench/target/benchmarks.jar dev.council.bench.SseFanout [R C N M]},
 * defaults {@code 4 100 200 500}. Prints a report; exits 1 when a client misses its run's end.
 */
public final class SseFanout {
  private static final String COUNCIL = """
      {"id": "fanout", "profiles": [{"name": "sim", "provider": "simulated", "model": "simulated-1", "stream": true}],
       "defaultProfile": "sim",
       "members": [{"id": "m1", "role": "Analyst"}, {"id": "m2", "role": "Engineer"}, {"id": "m3", "role": "Skeptic"}],
       "rounds": [{"type": "independent_analysis"}, {"type": "synthesis"}],
       "chair": {"id": "chair", "role": "Chair"}}
      """;
  private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

  private SseFanout() {}

  /** What one scenario measured. */
  private record Outcome(long events, double eventsPerSecond, long[] latencyMicros, int incomplete) {}

  public static void main(String[] args) throws Exception {
    int runs = arg(args, 0, 4);
    int clientsPerRun = arg(args, 1, 100);
    int singleRuns = arg(args, 2, 200);
    int held = arg(args, 3, 500);
    Council council = Councils.fromJson(COUNCIL);
    System.out.printf("SseFanout: %d cores, JDK %s, load average %.2f%n", Runtime.getRuntime().availableProcessors(),
        Runtime.version(), ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    try (Bench b = new Bench(council, Duration.ofSeconds(1), Duration.ofMillis(2))) {
      b.scenario(1, 10); // warm-up
      report("few runs, many clients (" + runs + " runs x " + clientsPerRun + " clients)", b.scenario(runs, clientsPerRun));
      report("many runs, one client each (" + singleRuns + " runs)", b.scenario(singleRuns, 1));
    }
    try (Bench b = new Bench(council, Duration.ofMinutes(10), Duration.ZERO)) {
      System.out.printf("memory per open stream (%d streams on one held run): %.1f KiB%n", held,
          b.heapPerStream(held) / 1024.0);
    }
  }

  private static void report(String name, Outcome o) {
    long[] l = o.latencyMicros();
    Arrays.sort(l);
    System.out.printf("%s: %d events delivered, %.0f events/s; added latency p50 %.2f ms, p99 %.2f ms, max %.2f ms;"
            + " %d clients missed their end%n", name, o.events(), o.eventsPerSecond(), pct(l, 0.50) / 1000.0,
        pct(l, 0.99) / 1000.0, l.length == 0 ? 0 : l[l.length - 1] / 1000.0, o.incomplete());
    if (o.incomplete() > 0) {
      System.exit(1);
    }
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  private static int arg(String[] args, int i, int fallback) {
    return args.length > i ? Integer.parseInt(args[i]) : fallback;
  }

  /** An engine, a server and a client. */
  private static final class Bench implements AutoCloseable {
    private final Council council;
    private final CouncilEngine engine;
    private final CouncilServer server;
    private final ExecutorService clientThreads = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .executor(clientThreads).build();

    Bench(Council council, Duration latency, Duration chunkDelay) {
      this.council = council;
      this.engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of("council.reap-after", "1m")))
          .provider("simulated", SimulatedProvider.create("simulated", latency, chunkDelay)).build();
      this.server = CouncilServer.builder(engine).council("fanout", council)
          .config(ServerConfig.DEFAULTS.withPort(0).withMaxConcurrentRuns(100_000)).start();
    }

    String start() throws Exception {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri("/v1/runs"))
          .POST(HttpRequest.BodyPublishers.ofString("{\"council\": \"fanout\", \"question\": \"Fan out?\"}")).build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 202) {
        throw new IllegalStateException("start failed: " + r.statusCode() + " " + r.body());
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> body = (Map<String, Object>) JsonOutput.parse(r.body());
      return (String) body.get("runId");
    }

    URI uri(String path) {
      return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    Outcome scenario(int runs, int clientsPerRun) throws Exception {
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < runs; i++) {
        ids.add(start());
      }
      ConcurrentLinkedQueue<long[]> samples = new ConcurrentLinkedQueue<>();
      AtomicLong events = new AtomicLong();
      AtomicLong firstToken = new AtomicLong(Long.MAX_VALUE);
      AtomicLong lastToken = new AtomicLong();
      AtomicLong windowEvents = new AtomicLong();
      AtomicLong incomplete = new AtomicLong();
      CountDownLatch done = new CountDownLatch(runs * clientsPerRun);
      for (String id : ids) {
        for (int c = 0; c < clientsPerRun; c++) {
          clientThreads.execute(() -> {
            List<Long> mine = new ArrayList<>();
            boolean ended = false;
            boolean tokens = false;
            try (InputStream in = http.send(HttpRequest.newBuilder(uri("/v1/runs/" + id + "/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body()) {
              BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
              String line;
              while ((line = reader.readLine()) != null) {
                if (line.startsWith("event: end")) {
                  ended = true;
                  break;
                }
                if (!line.startsWith("data: ")) {
                  continue;
                }
                long nowNanos = System.nanoTime();
                Instant now = Instant.now();
                events.incrementAndGet();
                tokens |= line.contains("\"type\":\"member_token\"");
                if (tokens) {
                  firstToken.accumulateAndGet(nowNanos, Math::min);
                  lastToken.accumulateAndGet(nowNanos, Math::max);
                  windowEvents.incrementAndGet();
                  int t = line.indexOf("\"timestamp\":\"") + 13;
                  Instant sent = Instant.parse(line.substring(t, line.indexOf('"', t)));
                  mine.add(Duration.between(sent, now).toNanos() / 1_000);
                }
              }
            } catch (Exception e) {
              // counted below as a client that missed its end
            } finally {
              if (!ended) {
                incomplete.incrementAndGet();
              }
              samples.add(mine.stream().mapToLong(Long::longValue).toArray());
              done.countDown();
            }
          });
        }
      }
      if (!done.await(5, TimeUnit.MINUTES)) {
        throw new IllegalStateException("clients did not finish within 5 minutes");
      }
      long[] all = samples.stream().flatMapToLong(Arrays::stream).toArray();
      double seconds = Math.max(1, lastToken.get() - firstToken.get()) / 1e9;
      return new Outcome(events.get(), windowEvents.get() / seconds, all, (int) incomplete.get());
    }

    double heapPerStream(int streams) throws Exception {
      String id = start();
      long before = usedAfterGc();
      CountDownLatch connected = new CountDownLatch(streams);
      ConcurrentLinkedQueue<InputStream> bodies = new ConcurrentLinkedQueue<>();
      for (int i = 0; i < streams; i++) {
        clientThreads.execute(() -> {
          try {
            InputStream in = http.send(HttpRequest.newBuilder(uri("/v1/runs/" + id + "/events")).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
            bodies.add(in);
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
              if (line.startsWith("data: ") && line.contains("\"type\":\"member_started\"")) {
                connected.countDown();
                break;
              }
            }
          } catch (Exception e) {
            connected.countDown();
          }
        });
      }
      if (!connected.await(2, TimeUnit.MINUTES)) {
        throw new IllegalStateException("streams did not connect within 2 minutes");
      }
      long after = usedAfterGc();
      for (InputStream in : bodies) {
        in.close();
      }
      http.send(HttpRequest.newBuilder(uri("/v1/runs/" + id)).DELETE().build(), HttpResponse.BodyHandlers.discarding());
      return (after - before) / (double) streams;
    }

    private static long usedAfterGc() throws InterruptedException {
      for (int i = 0; i < 3; i++) {
        System.gc();
        Thread.sleep(200);
      }
      return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() {
      server.close();
      engine.close();
      clientThreads.shutdownNow();
    }
  }
}
