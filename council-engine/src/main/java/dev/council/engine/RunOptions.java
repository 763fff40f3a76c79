package dev.council.engine;

import dev.council.api.Budget;
import dev.council.api.FailureMode;
import dev.council.api.RetryPolicy;
import dev.council.api.Verbosity;
import dev.council.api.event.CouncilListener;
import dev.council.api.spi.Recorder;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Options for one run; all optional. Precedence for retry, timeout and failure mode: member option &gt;
 * these options &gt; configuration ({@code council.defaults.*}) &gt; built-in default.
 *
 * <p>Immutable and thread-safe; build with {@link #builder()}.
 */
public final class RunOptions {

  /** No options: every setting comes from configuration and defaults. */
  public static final RunOptions DEFAULTS = builder().build();

  /**
   * The longest one call of a {@link Builder#directListener direct listener} may take: a call that takes
   * longer moves that listener, for the rest of the run, to a delivery thread of its own (logged at WARN).
   */
  public static final Duration DIRECT_LISTENER_BUDGET = Duration.ofMillis(10);

  /** The registry used when none is named. */
  public static final String DEFAULT_REGISTRY = "default";

  private final @Nullable String runId;
  private final String registry;
  private final @Nullable Recorder recorder;
  private final List<String> relayTopics;
  private final List<CouncilListener> listeners;
  private final List<CouncilListener> directListeners;
  private final Verbosity verbose;
  private final @Nullable PrintStream verboseOutput;
  private final @Nullable Duration awaitTimeout;
  private final @Nullable RetryPolicy retry;
  private final @Nullable FailureMode failureMode;
  private final @Nullable Duration memberTimeout;
  private final Budget budget;

  private RunOptions(Builder b) {
    this.runId = b.runId;
    this.registry = b.registry;
    this.recorder = b.recorder;
    this.relayTopics = List.copyOf(b.relayTopics);
    this.listeners = List.copyOf(b.listeners);
    this.directListeners = List.copyOf(b.directListeners);
    this.verbose = b.verbose;
    this.verboseOutput = b.verboseOutput;
    this.awaitTimeout = b.awaitTimeout;
    this.retry = b.retry;
    this.failureMode = b.failureMode;
    this.memberTimeout = b.memberTimeout;
    this.budget = b.budget;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.runId = runId;
    b.registry = registry;
    b.recorder = recorder;
    b.relayTopics.addAll(relayTopics);
    b.listeners.addAll(listeners);
    b.directListeners.addAll(directListeners);
    b.verbose = verbose;
    b.verboseOutput = verboseOutput;
    b.awaitTimeout = awaitTimeout;
    b.retry = retry;
    b.failureMode = failureMode;
    b.memberTimeout = memberTimeout;
    b.budget = budget;
    return b;
  }

  /** The run id to use; a random UUID when empty. */
  public Optional<String> runId() { return Optional.ofNullable(runId); }

  /** The named registry the run is registered in (tenant isolation); {@value #DEFAULT_REGISTRY} by default. */
  public String registry() { return registry; }

  /** A recorder for this run only, replacing the configured one. */
  public Optional<Recorder> recorder() { return Optional.ofNullable(recorder); }

  /** Extra topics every event of the run is also published on. */
  public List<String> relayTopics() { return relayTopics; }

  /** Listeners attached before the run starts: they see {@code RunStarted} and every later event. */
  public List<CouncilListener> listeners() { return listeners; }

  /**
   * Listeners attached before the run starts and called on the threads that emit the events: see {@link
   * Builder#directListener}.
   */
  public List<CouncilListener> directListeners() { return directListeners; }

  public Verbosity verbose() { return verbose; }

  /** Where the verbose tracer prints; standard error when empty. */
  public Optional<PrintStream> verboseOutput() { return Optional.ofNullable(verboseOutput); }

  /** How long {@code run} and {@link RunHandle#await()} wait; forever when empty. */
  public Optional<Duration> awaitTimeout() { return Optional.ofNullable(awaitTimeout); }

  public Optional<RetryPolicy> retry() { return Optional.ofNullable(retry); }

  public Optional<FailureMode> failureMode() { return Optional.ofNullable(failureMode); }

  public Optional<Duration> memberTimeout() { return Optional.ofNullable(memberTimeout); }

  public Budget budget() { return budget; }


  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private @Nullable String runId;
    private String registry = DEFAULT_REGISTRY;
    private @Nullable Recorder recorder;
    private final List<String> relayTopics = new ArrayList<>();
    private final List<CouncilListener> listeners = new ArrayList<>();
    private final List<CouncilListener> directListeners = new ArrayList<>();
    private Verbosity verbose = Verbosity.OFF;
    private @Nullable PrintStream verboseOutput;
    private @Nullable Duration awaitTimeout;
    private @Nullable RetryPolicy retry;
    private @Nullable FailureMode failureMode;
    private @Nullable Duration memberTimeout;
    private Budget budget = Budget.UNLIMITED;

    private Builder() {}

    public Builder runId(String runId) {
      if (runId.isBlank()) {
        throw new IllegalArgumentException("runId must not be blank");
      }
      this.runId = runId;
      return this;
    }

    public Builder registry(String registry) {
      if (registry.isBlank()) {
        throw new IllegalArgumentException("registry name must not be blank");
      }
      this.registry = registry;
      return this;
    }

    public Builder recorder(Recorder recorder) { this.recorder = recorder; return this; }
    public Builder relayTopic(String topic) { this.relayTopics.add(topic); return this; }
    public Builder relayTopics(List<String> topics) { this.relayTopics.addAll(topics); return this; }
    /**
     * A listener attached before the run starts: it sees {@code RunStarted} and every later event, one at a
     * time and in order, on a delivery thread of its own. One that throws or is slow affects neither the
     * run nor other listeners, so its last events may reach it just after {@link RunHandle#await()}
     * returns.
     */
    public Builder listener(CouncilListener listener) {
      this.listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * A listener called on the thread that emits each event, with no hand-off: for listeners that return
     * at once (count, record a number, offer to their own queue), where a delivery thread would be most of
     * the cost and all of the latency (microseconds instead of however long the scheduler's queue is).
     *
     * <p>It sees {@code RunStarted} and every later event, one at a time and in order, never under the
     * engine's locks (it may cancel the run). One that throws is logged at WARN and gets the next event.
     * While it stays direct, it has had the terminal event when {@link RunHandle#await()} returns. Its
     * calls delay the run: one that takes longer than {@link #DIRECT_LISTENER_BUDGET} is moved, for the rest
     * of the run, to a delivery thread of its own, as {@link #listener} has (logged at WARN). So it must
     * never block or wait for the run (a call that never returns holds a run's thread for good); do I/O
     * and long work in a {@link #listener}.
     */
    public Builder directListener(CouncilListener listener) {
      this.directListeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }
    public Builder verbose(Verbosity verbose) { this.verbose = verbose; return this; }
    public Builder verboseOutput(PrintStream out) { this.verboseOutput = out; return this; }
    public Builder awaitTimeout(Duration timeout) { this.awaitTimeout = positive(timeout, "awaitTimeout"); return this; }
    public Builder retry(RetryPolicy retry) { this.retry = retry; return this; }
    public Builder failureMode(FailureMode mode) { this.failureMode = mode; return this; }
    public Builder memberTimeout(Duration timeout) { this.memberTimeout = positive(timeout, "memberTimeout"); return this; }
    public Builder budget(Budget budget) { this.budget = budget; return this; }

    public RunOptions build() {
      return new RunOptions(this);
    }

    private static Duration positive(Duration d, String name) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException(name + " must be positive, was " + d);
      }
      return d;
    }
  }
}
