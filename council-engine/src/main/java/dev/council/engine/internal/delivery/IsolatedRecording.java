package dev.council.engine.internal.delivery;

import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.RunRecording;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields a run from its recorder. {@link Recorder#open}, every event and the outcome are handed to the
 * recorder asynchronously, in order, on a drain thread of their own; a slow recorder never stalls the
 * run and a failing one never fails it. When {@code open} throws, the failure is logged and the rest of
 * the run is not recorded; each failing event or outcome is logged at WARN and skipped.
 *
 * <p>Thread-safe; no method blocks except {@link #awaitDrained}. {@link #finish} is delivered exactly
 * once, even if called again; events offered after it are dropped. A recording from {@link #notRecording}
 * (for a recorder that records nothing) queues nothing, so it costs a run nothing.
 */
public final class IsolatedRecording implements RunRecording {
  private static final Logger LOG = LoggerFactory.getLogger(IsolatedRecording.class);
  private static final RunRecording NOT_RECORDED = new RunRecording() {
    @Override
    public void onEvent(CouncilEvent event) {}

    @Override
    public void finish(RunOutcome outcome) {}
  };

  private final String runId;
  private final String recorderName;
  /** Null when nothing is recorded: such a recording holds no queue at all. */
  private final @Nullable OrderedDelivery<Runnable> delivery;
  private final AtomicBoolean finished = new AtomicBoolean();
  // Written and read only by drain threads, which are ordered by the delivery's hand-off.
  private RunRecording target = NOT_RECORDED;

  private IsolatedRecording(@Nullable Recorder recorder, RunInfo run, Executor executor) {
    this.runId = run.runId();
    this.recorderName = recorder == null ? "none" : recorder.getClass().getName();
    if (recorder != null) {
      OrderedDelivery<Runnable> d = new OrderedDelivery<>(Runnable::run, this::failed, executor);
      d.offer(() -> target = openQuietly(recorder, run));
      this.delivery = d;
    } else {
      this.delivery = null;
    }
  }

  /**
   * A recording that records nothing and queues nothing: for runs whose recorder records nothing, so
   * recording costs them nothing.
   */
  public static IsolatedRecording notRecording(RunInfo run) {
    return notRecording(run, OrderedDelivery.VIRTUAL_THREADS);
  }

  /** {@link #notRecording(RunInfo)} with the executor it would deliver with, were there anything to deliver. */
  static IsolatedRecording notRecording(RunInfo run, Executor executor) {
    return new IsolatedRecording(null, Objects.requireNonNull(run, "run"), Objects.requireNonNull(executor, "executor"));
  }

  /** Opens a recording of {@code run} on {@code recorder}, delivering on virtual threads. */
  public static IsolatedRecording open(Recorder recorder, RunInfo run) {
    return open(recorder, run, OrderedDelivery.VIRTUAL_THREADS);
  }

  /** Opens a recording of {@code run} on {@code recorder}, delivering with {@code executor}. */
  public static IsolatedRecording open(Recorder recorder, RunInfo run, Executor executor) {
    Objects.requireNonNull(recorder, "recorder");
    Objects.requireNonNull(run, "run");
    return new IsolatedRecording(recorder, run, Objects.requireNonNull(executor, "executor"));
  }

  /** Queues the event; dropped once {@link #finish} was called. */
  @Override
  public void onEvent(CouncilEvent event) {
    OrderedDelivery<Runnable> delivery = this.delivery;
    if (delivery == null) {
      return;
    }
    if (finished.get()) {
      LOG.debug("dropping {} #{} of run {}: its recording is already finished", event.type(), event.seq(), runId);
      return;
    }
    delivery.offer(() -> target.onEvent(event));
  }

  /** Queues the outcome the first time it is called; later calls are ignored. */
  @Override
  public void finish(RunOutcome outcome) {
    Objects.requireNonNull(outcome, "outcome");
    OrderedDelivery<Runnable> delivery = this.delivery;
    if (finished.compareAndSet(false, true) && delivery != null) {
      delivery.offer(() -> target.finish(outcome));
      delivery.close();
    }
  }

  /** Waits until everything queued so far reached the recorder; false on timeout. */
  public boolean awaitDrained(Duration timeout) {
    return delivery == null || delivery.awaitDrained(timeout);
  }

  private RunRecording openQuietly(Recorder recorder, RunInfo run) {
    try {
      return Objects.requireNonNull(recorder.open(run), "Recorder.open returned null");
    } catch (RuntimeException e) {
      LOG.warn("recorder {} could not open run {}; this run will not be recorded", recorderName, runId, e);
      return NOT_RECORDED;
    }
  }

  private void failed(Runnable task, Throwable failure) {
    LOG.warn("recorder {} failed while recording run {}; the run is unaffected", recorderName, runId, failure);
  }
}
