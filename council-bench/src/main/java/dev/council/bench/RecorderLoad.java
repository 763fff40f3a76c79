package dev.council.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.Council;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunStarted;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RecorderStats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.jspecify.annotations.Nullable;

/**
 * What the {@code jdbi} recorder costs and carries on a real PostgreSQL, outside JMH because its phases
 * are bursts and drains rather than steady loops:
 *
 * <ol>
 *   <li><b>Runs one after another</b>: a council of five members in one round, answered at once by a
 *       zero-latency provider, run {@code sequential} times with recorder {@code none}, then {@code jdbi};
 *       mean and percentiles of one run's wall time.
 *   <li><b>Bursts</b> of 500 and 2,000 such runs started at once: wall time from the first start to the
 *       last completion, per run; for {@code jdbi} also the time until the recorder has written everything
 *       (events and journal) and its counters (dropped, lost, journal failures).
 *   <li><b>Events per second sustained into PostgreSQL</b>: {@code eventRuns} synthetic runs of 14 events
 *       each (the events of the five-member run), handed to the recorder by 4 threads as fast as it
 *       accepts them, measured until {@code awaitFlushed}; the buffer's backpressure paces the producers.
 *   <li><b>Journal writes per second</b>: {@code journalEntries} entries recorded by 500 concurrent
 *       virtual threads (each waits for its group commit, as a member call does).
 * </ol>
 *
 * <p>The pools are the configuration's defaults: 4 connections for events and reads, 1 for the journal.
 * Every {@code jdbi} phase writes to tables of its own random prefix ({@code load_<hex>_}) and drops them.
 * The server comes from {@code COUNCIL_TEST_JDBC_URL}, {@code COUNCIL_TEST_JDBC_USER} and
 * {@code COUNCIL_TEST_JDBC_PASSWORD}, defaults those of {@code scripts/postgres.sh} (as the recorder's
 * tests). Prints the machine's load average before and after.
 *
 * <p>Usage: {@code java -cp council-bench/target/benchmarks.jar dev.council.bench.RecorderLoad
 * [sequential [eventRuns [journalEntries]]]} (defaults 2,000, 20,000 and 20,000; 0 skips a phase, and
 * {@code sequential} 0 also skips the bursts). {@code -Dcouncil.bench.batch-size=n} sets the recorder's
 * batch size, {@code -Dcouncil.bench.writers=n} its writer threads. Exits 1 when a run does
 * not complete or a phase loses anything.
 */
public final class RecorderLoad {
  private static final String URL = env("COUNCIL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/council");
  private static final String USER = env("COUNCIL_TEST_JDBC_USER", "council");
  private static final String PASSWORD = env("COUNCIL_TEST_JDBC_PASSWORD", "council");
  private static final int MEMBERS = 5;
  private static final int EVENTS_PER_RUN = 14;
  private static final Duration WAIT = Duration.ofMinutes(5);
  private static final Council COUNCIL = fiveMembers();
  /** {@code -Dcouncil.bench.batch-size=n} overrides the recorder's batch size (default: the recorder's). */
  private static final @Nullable String BATCH_SIZE = System.getProperty("council.bench.batch-size");
  /** {@code -Dcouncil.bench.writers=n} overrides the recorder's writer threads (default: the recorder's). */
  private static final @Nullable String WRITERS = System.getProperty("council.bench.writers");

  private boolean failed;

  private RecorderLoad() {}

  public static void main(String[] args) throws Exception {
    int sequential = args.length > 0 ? Integer.parseInt(args[0]) : 2_000;
    int eventRuns = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    int journalEntries = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
    RecorderLoad load = new RecorderLoad();
    System.out.printf(Locale.ROOT, "RecorderLoad on %s, %d processors, %s; load average before: %s%n", URL,
        Runtime.getRuntime().availableProcessors(), Runtime.version(), loadAverage());
    if (sequential > 0) {
      for (String recorder : List.of("none", "jdbi")) {
        load.sequential(recorder, sequential);
      }
      for (int burst : List.of(500, 2_000)) {
        for (String recorder : List.of("none", "jdbi")) {
          load.burst(recorder, burst);
        }
      }
    }
    if (eventRuns > 0) {
      load.events(eventRuns);
    }
    if (journalEntries > 0) {
      load.journal(journalEntries);
    }
    System.out.println("load average after: " + loadAverage());
    System.exit(load.failed ? 1 : 0);
  }

  private void sequential(String recorder, int runs) {
    try (Setup s = new Setup(recorder)) {
      for (int i = 0; i < Math.min(runs, 500); i++) {
        check(s.engine.run(COUNCIL, BenchCouncils.INPUT, BenchCouncils.OPTIONS));
      }
      s.flush();
      long[] nanos = new long[runs];
      long t0 = System.nanoTime();
      for (int i = 0; i < runs; i++) {
        long start = System.nanoTime();
        check(s.engine.run(COUNCIL, BenchCouncils.INPUT, BenchCouncils.OPTIONS));
        nanos[i] = System.nanoTime() - start;
      }
      long wall = System.nanoTime() - t0;
      Arrays.sort(nanos);
      System.out.printf(Locale.ROOT, "sequential  recorder=%-4s runs=%d  per run: mean %.3f ms, p50 %.3f ms,"
              + " p99 %.3f ms%n", recorder, runs, wall / 1e6 / runs, nanos[runs / 2] / 1e6,
          nanos[(int) (runs * 0.99)] / 1e6);
      s.flush();
      s.report();
    }
  }

  private void burst(String recorder, int runs) {
    try (Setup s = new Setup(recorder)) {
      for (int i = 0; i < 200; i++) {
        check(s.engine.run(COUNCIL, BenchCouncils.INPUT, BenchCouncils.OPTIONS));
      }
      s.flush();
      long t0 = System.nanoTime();
      List<RunHandle> handles = new ArrayList<>(runs);
      for (int i = 0; i < runs; i++) {
        handles.add(s.engine.start(COUNCIL, BenchCouncils.INPUT, BenchCouncils.OPTIONS));
      }
      for (RunHandle h : handles) {
        check(h.await(WAIT));
      }
      long done = System.nanoTime() - t0;
      s.flush();
      long flushed = System.nanoTime() - t0;
      System.out.printf(Locale.ROOT, "burst       recorder=%-4s runs=%d  all completed in %.0f ms (%.3f ms per run)"
              + "%s%n", recorder, runs, done / 1e6, done / 1e6 / runs,
          s.jdbi == null ? "" : String.format(Locale.ROOT, "; everything written after %.0f ms", flushed / 1e6));
      s.report();
    }
  }

  private void events(int runs) throws InterruptedException {
    try (Setup s = new Setup("jdbi")) {
      int threads = 4;
      AtomicLong next = new AtomicLong();
      // Warm-up: a tenth of the runs.
      feed(s.jdbi, runs / 10, threads, next);
      s.flush();
      long written0 = s.jdbi.stats().written();
      long t0 = System.nanoTime();
      feed(s.jdbi, runs, threads, next);
      s.flush();
      long nanos = System.nanoTime() - t0;
      long events = (long) runs * EVENTS_PER_RUN;
      long records = s.jdbi.stats().written() - written0;
      System.out.printf(Locale.ROOT, "events      %d runs x %d events from %d threads: %.0f events/s (%.0f records/s"
              + " with run rows and outcomes), %.0f ms%n", runs, EVENTS_PER_RUN, threads, events / (nanos / 1e9),
          records / (nanos / 1e9), nanos / 1e6);
      s.report();
    }
  }

  private static void feed(JdbiRecorder recorder, int runs, int threads, AtomicLong next) throws InterruptedException {
    List<Thread> feeders = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int share = runs / threads + (t < runs % threads ? 1 : 0);
      feeders.add(Thread.ofPlatform().start(() -> {
        for (int i = 0; i < share; i++) {
          String runId = "load-" + next.incrementAndGet();
          RunRecording recording = recorder.open(new RunInfo(runId, COUNCIL, BenchCouncils.INPUT, 1, null, "load",
              Instant.now()));
          List<CouncilEvent> events = syntheticRun(runId);
          for (CouncilEvent e : events) {
            recording.onEvent(e);
          }
          recording.finish(new RunOutcome.Completed(((RunCompleted) events.get(events.size() - 1)).result()));
        }
      }));
    }
    for (Thread t : feeders) {
      t.join();
    }
  }

  private void journal(int entries) throws InterruptedException {
    try (Setup s = new Setup("jdbi")) {
      int callers = 500;
      MemberResult result = new MemberResult("m0", MemberStatus.OK, "Yes, with care.", null, Usage.of(40, 12), 1,
          Duration.ofMillis(850), null, null, BenchCouncils.PROVIDER, "bench-model", Map.of());
      for (int pass = 0; pass < 2; pass++) {  // the first pass warms up
        int n = pass == 0 ? entries / 10 : entries;
        String run = "journal-" + pass;
        s.jdbi.open(new RunInfo(run, COUNCIL, BenchCouncils.INPUT, 1, null, "load", Instant.now()));
        AtomicLong next = new AtomicLong();
        long t0 = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < callers; c++) {
          threads.add(Thread.ofVirtual().start(() -> {
            for (long i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
              s.jdbi.journal().record(new CallKey(run, (int) (i / 1000), 0, "m" + (i % 1000)), "hash", result);
            }
          }));
        }
        for (Thread t : threads) {
          t.join();
        }
        long nanos = System.nanoTime() - t0;
        if (pass == 1) {
          System.out.printf(Locale.ROOT, "journal     %d entries from %d concurrent callers: %.0f writes/s, %.0f ms%n",
              n, callers, n / (nanos / 1e9), nanos / 1e6);
        }
      }
      s.flush();
      s.report();
    }
  }

  private void check(Result r) {
    if (r.status() != RunStatus.COMPLETED) {
      failed = true;
      throw new IllegalStateException("a run did not complete: " + r.status() + " " + r.errors());
    }
  }

  /** An engine with recorder {@code none} or {@code jdbi} (on fresh tables); closing drops the tables. */
  private final class Setup implements AutoCloseable {
    final CouncilEngine engine;
    final @Nullable JdbiRecorder jdbi;
    private final @Nullable HikariDataSource pool;
    private final @Nullable String prefix;

    Setup(String recorder) {
      CouncilEngine.Builder b = CouncilEngine.builder().config(CouncilConfig.builder().environment(Map.of())
              .set("council.recorder", "none").set("council.reap-after", "0s").set("council.reap-max", "100000")
              .build())
          .provider(BenchCouncils.PROVIDER, new ZeroLatencyProvider(BenchCouncils.PROVIDER));
      if (recorder.equals("jdbi")) {
        byte[] random = new byte[4];
        ThreadLocalRandom.current().nextBytes(random);
        prefix = "load_" + HexFormat.of().formatHex(random) + "_";
        pool = pool("load", 4);
        JdbiRecorder.Builder rb = JdbiRecorder.builder().dataSource(pool).journalDataSource(pool("load-journal", 1))
            .closeDataSource(true).tablePrefix(prefix).closeTimeout(WAIT);
        if (BATCH_SIZE != null) {
          rb.batchSize(Integer.parseInt(BATCH_SIZE));
        }
        if (WRITERS != null) {
          rb.writers(Integer.parseInt(WRITERS));
        }
        jdbi = rb.build();
        jdbi.prepareSchema();
        b.recorder(jdbi);
      } else {
        pool = null;
        prefix = null;
        jdbi = null;
      }
      engine = b.build();
    }

    void flush() {
      if (jdbi != null && !jdbi.awaitFlushed(WAIT)) {
        failed = true;
        System.out.println("the recorder did not write everything within " + WAIT);
      }
    }

    void report() {
      if (jdbi == null) {
        return;
      }
      RecorderStats st = jdbi.stats();
      System.out.printf(Locale.ROOT, "            written %d, dropped %d, conflicted %d, write failures %d;"
              + " journal written %d, lost %d, at risk %d, failures %d%n", st.written(), st.dropped(), st.conflicted(),
          st.failures(), st.journalWritten(), st.journalLost(), st.journalAtRisk(), st.journalFailures());
      if (st.dropped() > 0 || st.journalLost() > 0 || st.journalFailures() > 0) {
        failed = true;
      }
    }

    @Override
    public void close() {
      engine.close();
      if (jdbi != null) {
        HikariDataSource cleanup = pool("load-cleanup", 1);
        try {
          Jdbi.create(cleanup).useHandle(h -> {
            for (String table : List.of("run_events", "runs", "member_calls", "schema_version")) {
              h.execute("DROP TABLE IF EXISTS " + prefix + table + " CASCADE");
            }
          });
        } finally {
          cleanup.close();
        }
      }
    }
  }

  private static HikariDataSource pool(String name, int size) {
    HikariDataSource pool = new HikariDataSource();
    pool.setPoolName(name);
    pool.setJdbcUrl(URL);
    pool.setUsername(USER);
    pool.setPassword(PASSWORD);
    pool.setMaximumPoolSize(size);
    return pool;
  }

  private static Council fiveMembers() {
    Council.Builder b = Council.builder("load-5");
    for (int i = 0; i < MEMBERS; i++) {
      b.member(BenchCouncils.member("m" + i));
    }
    return b.round(Round.of("independent_analysis")).build();
  }

  /** The {@value #EVENTS_PER_RUN} events of a completed run of the five-member council. */
  private static List<CouncilEvent> syntheticRun(String runId) {
    Instant t = Instant.now();
    List<String> members = List.of("m0", "m1", "m2", "m3", "m4");
    List<MemberResult> results = new ArrayList<>();
    List<CouncilEvent> events = new ArrayList<>(EVENTS_PER_RUN);
    events.add(new RunStarted(runId, 0, t, COUNCIL.id(), BenchCouncils.INPUT, 1, null));
    events.add(new RoundStarted(runId, 1, t, "independent_analysis", "independent_analysis", 0, 0, members));
    for (String m : members) {
      events.add(new MemberStarted(runId, events.size(), t, "independent_analysis", 0, 0, m, 1,
          "Question: Should we adopt a four-day week?"));
    }
    for (String m : members) {
      MemberResult r = new MemberResult(m, MemberStatus.OK, "Yes, with care.", null, Usage.of(40, 12), 1,
          Duration.ofMillis(850), null, null, BenchCouncils.PROVIDER, "bench-model", Map.of());
      results.add(r);
      events.add(new MemberCompleted(runId, events.size(), t, "independent_analysis", 0, 0, r));
    }
    RoundResult round = new RoundResult("independent_analysis", "independent_analysis", 0, 0, results, null, Map.of());
    events.add(new RoundCompleted(runId, events.size(), t, round));
    Result result = new Result(runId, COUNCIL.id(), RunStatus.COMPLETED, "Yes, with care.", List.of(round),
        List.of(), Usage.of(200, 60), t, t, Map.of());
    events.add(new RunCompleted(runId, events.size(), t, result));
    return events;
  }

  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String env(String name, String fallback) {
    String v = System.getenv(name);
    return v == null || v.isBlank() ? fallback : v;
  }
}
