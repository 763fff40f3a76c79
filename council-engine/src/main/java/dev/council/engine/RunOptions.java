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

  /** The registry used when none is named. */
  public static final String DEFAULT_REGISTRY = "default";

  private final @Nullable String runId;
  private final String registry;
  private final @Nullable Recorder recorder;
  private final List<String> relayTopics;
  private final List<CouncilListener> listeners;
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
    public Builder listener(CouncilListener listener) { this.listeners.add(listener); return this; }
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
