package dev.council.bench;

import com.zaxxer.hikari.HikariDataSource;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.Verbosity;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunStarted;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RecorderStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.jdbi.v3.core.Jdbi;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What recording into PostgreSQL costs, with the {@code jdbi} recorder on a real server.
 *
 * <ul>
 *   <li>{@link #eventsIntoPostgres}: events per second written, from {@value #RUNS} small runs of
 *       {@value #EVENTS_PER_RUN} events each (run and round start, three members started and completed,
 *       round and run completed), recorded from one thread and measured until
 *       {@link JdbiRecorder#awaitFlushed} says every row is committed.
 *   <li>{@link #runOneCouncil}: the time of one run of three members and a chair against a provider
 *       that answers at once, with recorder {@code none} and {@code jdbi}. The difference is what the
 *       recorder adds to a run: chiefly the four synchronous journal commits (one per member call);
 *       events are written in the background.
 * </ul>
 *
 * <p>The server is {@code council.jdbc.url}, {@code council.jdbc.user} and {@code council.jdbc.password}
 * given as system properties (in a JMH {@code -jvmArgsAppend}), by default the one
 * {@code scripts/postgres.sh} sets up. Each trial writes to tables of its own random prefix
 * ({@code bench_<hex>_}) and drops them at the end. Each trial prints the recorder's counters, which
 * show whether any event was dropped.
 */
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class RecorderBenchmark {
  /** Runs recorded per {@link #eventsIntoPostgres} invocation. */
  public static final int RUNS = 100;
  /** Events in each of those runs. */
  public static final int EVENTS_PER_RUN = 10;

  private static final String PROVIDER = "instant";
  private static final Map<String, Object> INPUT = Map.of("question", "Should we adopt a four-day week?");
  private static final RunOptions OPTIONS = RunOptions.builder().verbose(Verbosity.OFF).build();
  private static final Council COUNCIL = council();
  private static final Duration FLUSH_TIMEOUT = Duration.ofSeconds(60);

  /** Events per second into PostgreSQL: {@value #RUNS} runs' events recorded, then awaited until written. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(RUNS * EVENTS_PER_RUN)
  public RecorderStats eventsIntoPostgres(EventsState state) {
    for (int i = 0; i < RUNS; i++) {
      String runId = "bench-run-" + state.runs.incrementAndGet();
      RunRecording recording = state.recorder.open(new RunInfo(runId, COUNCIL, INPUT, 1, null, "bench", Instant.now()));
      List<CouncilEvent> events = smallRun(runId);
      for (CouncilEvent event : events) {
        recording.onEvent(event);
      }
      recording.finish(new RunOutcome.Completed(((RunCompleted) events.get(events.size() - 1)).result()));
    }
    if (!state.recorder.awaitFlushed(FLUSH_TIMEOUT)) {
      throw new IllegalStateException("the recorder did not write its buffer within " + FLUSH_TIMEOUT);
    }
    return state.recorder.stats();
  }

  /** One blocking run of three members and a chair, with the {@code recorder} of {@link EngineState}. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public Result runOneCouncil(EngineState state) {
    return state.engine.run(COUNCIL, INPUT, OPTIONS);
  }

  /** A JDBI recorder on fresh tables, for {@link #eventsIntoPostgres}. */
  @State(Scope.Benchmark)
  public static class EventsState {
    final AtomicLong runs = new AtomicLong();
    Database database;
    JdbiRecorder recorder;

    @Setup(Level.Trial)
    public void setUp() {
      database = Database.open();
      recorder = database.recorder();
      recorder.prepareSchema();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      recorder.close();
      System.out.println("\n" + recorder.stats() + " after " + runs.get() + " runs");
      database.close();
    }
  }

  /** An engine recording with {@code none} or {@code jdbi}, for {@link #runOneCouncil}. */
  @State(Scope.Benchmark)
  public static class EngineState {
    /** The recorder: {@code none} or {@code jdbi}. */
    @Param({"none", "jdbi"})
    public String recorder;

    CouncilEngine engine;
    Database database;
    JdbiRecorder jdbi;

    @Setup(Level.Trial)
    public void setUp() {
      CouncilEngine.Builder builder = CouncilEngine.builder()
          .config(CouncilConfig.of(Map.of("council.recorder", "none", "council.reap-after", "0s")))
          .provider(PROVIDER, new InstantProvider());
      if (recorder.equals("jdbi")) {
        database = Database.open();
        jdbi = database.recorder();
        jdbi.prepareSchema();
        builder.recorder(jdbi);
      } else if (!recorder.equals("none")) {
        throw new IllegalArgumentException("recorder must be none or jdbi, was " + recorder);
      }
      engine = builder.build();
      Result check = engine.run(COUNCIL, INPUT, OPTIONS);
      if (check.status() != RunStatus.COMPLETED) {
        throw new IllegalStateException("the bench council did not complete: " + check);
      }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
      if (jdbi != null && !jdbi.awaitFlushed(FLUSH_TIMEOUT)) {
        System.out.println("\nthe recorder did not write its buffer within " + FLUSH_TIMEOUT);
      }
      engine.close();
      if (jdbi != null) {
        System.out.println("\n" + jdbi.stats());
        database.close();
      }
    }
  }

  /** A pool on the benchmark's PostgreSQL and a table prefix of its own; closing drops the tables. */
  static final class Database implements AutoCloseable {
    private final HikariDataSource pool;
    private final String prefix;

    private Database(HikariDataSource pool, String prefix) {
      this.pool = pool;
      this.prefix = prefix;
    }

    static Database open() {
      CouncilConfig config = CouncilConfig.builder().environment(Map.of()).build();
      HikariDataSource pool = new HikariDataSource();
      pool.setPoolName("council-bench");
      pool.setJdbcUrl(config.getString("council.jdbc.url", "jdbc:postgresql://127.0.0.1:5432/council"));
      pool.setUsername(config.getString("council.jdbc.user", "council"));
      pool.setPassword(config.getString("council.jdbc.password", "council"));
      pool.setMaximumPoolSize(4);
      byte[] random = new byte[4];
      ThreadLocalRandom.current().nextBytes(random);
      return new Database(pool, "bench_" + HexFormat.of().formatHex(random) + "_");
    }

    JdbiRecorder recorder() {
      return JdbiRecorder.builder().dataSource(pool).tablePrefix(prefix).build();
    }

    @Override
    public void close() {
      Jdbi.create(pool).useHandle(h -> {
        for (String table : List.of("run_events", "runs", "member_calls", "schema_version")) {
          h.execute("DROP TABLE IF EXISTS " + prefix + table + " CASCADE");
        }
      });
      pool.close();
    }
  }

  /** Answers every request at once with the same response. Stateless and thread-safe. */
  static final class InstantProvider implements LlmProvider {
    private static final ChatResponse RESPONSE = ChatResponse.of("The council agrees.", Usage.of(12, 4));

    @Override
    public String id() {
      return PROVIDER;
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamSink call) {
      return RESPONSE;
    }
  }

  private static Council council() {
    Council.Builder b = Council.builder("bench-recorder");
    for (String id : List.of("m0", "m1", "m2", "chair")) {
      Member member = Member.builder(id).role("Analyst " + id).systemPrompt("You are analyst " + id + ".")
          .provider(PROVIDER).model("bench-model").build();
      if (id.equals("chair")) {
        b.chair(member);
      } else {
        b.member(member);
      }
    }
    return b.round(Round.of("independent_analysis")).build();
  }

  /** The {@value #EVENTS_PER_RUN} events of a small completed run of one round and three members. */
  private static List<CouncilEvent> smallRun(String runId) {
    Instant t = Instant.now();
    List<String> members = List.of("m0", "m1", "m2");
    List<MemberResult> results = new ArrayList<>();
    List<CouncilEvent> events = new ArrayList<>(EVENTS_PER_RUN);
    events.add(new RunStarted(runId, 0, t, COUNCIL.id(), INPUT, 1, null));
    events.add(new RoundStarted(runId, 1, t, "independent_analysis", "independent_analysis", 0, 0, members));
    for (String m : members) {
      events.add(new MemberStarted(runId, events.size(), t, "independent_analysis", 0, 0, m, 1,
          "Question: Should we adopt a four-day week?"));
    }
    for (String m : members) {
      MemberResult r = new MemberResult(m, MemberStatus.OK, "Yes, with care.", null, Usage.of(40, 12), 1,
          Duration.ofMillis(850), null, null, PROVIDER, "bench-model", Map.of());
      results.add(r);
      events.add(new MemberCompleted(runId, events.size(), t, "independent_analysis", 0, 0, r));
    }
    RoundResult round = new RoundResult("independent_analysis", "independent_analysis", 0, 0, results, null, Map.of());
    events.add(new RoundCompleted(runId, events.size(), t, round));
    Result result = new Result(runId, COUNCIL.id(), RunStatus.COMPLETED, "Yes, with care.", List.of(round), List.of(),
        Usage.of(120, 36), t, t, Map.of());
    events.add(new RunCompleted(runId, events.size(), t, result));
    return events;
  }
}
