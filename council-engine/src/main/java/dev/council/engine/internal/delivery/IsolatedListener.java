package dev.council.engine.internal.delivery;

import dev.council.api.event.CouncilEvent;
import dev.council.api.event.CouncilListener;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shields the caller from a {@link CouncilListener}: events are handed over asynchronously and
 * delivered in order on a drain thread of their own, each failure is caught and logged at WARN, and a
 * slow listener delays nobody but itself.
 *
 * <p>Thread-safe; {@link #onEvent} never blocks. {@link #close()} refuses later events while the ones
 * already accepted are still delivered; {@link #awaitDrained} waits for them.
 */
public final class IsolatedListener implements CouncilListener, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(IsolatedListener.class);

  private final CouncilListener delegate;
  private final String description;
  private final String subject;
  private final OrderedDelivery<CouncilEvent> delivery;

  /** Delivers on virtual threads. */
  public IsolatedListener(CouncilListener delegate, String description) {
    this(delegate, description, "", OrderedDelivery.VIRTUAL_THREADS);
  }

  /**
   * Delivers on virtual threads; log messages name the listener as {@code description + subject}, joined
   * only when a message is written (a run's listeners share both parts, so attaching one costs no string).
   */
  public IsolatedListener(CouncilListener delegate, String description, String subject) {
    this(delegate, description, subject, OrderedDelivery.VIRTUAL_THREADS);
  }

  /**
   * @param delegate the listener to shield
   * @param description names the listener in log messages (e.g. its class and topic)
   * @param executor runs delivery drains
   */
  public IsolatedListener(CouncilListener delegate, String description, Executor executor) {
    this(delegate, description, "", executor);
  }

  private IsolatedListener(CouncilListener delegate, String description, String subject, Executor executor) {
    this.delegate = Objects.requireNonNull(delegate, "delegate");
    this.description = Objects.requireNonNull(description, "description");
    this.subject = Objects.requireNonNull(subject, "subject");
    this.delivery = new OrderedDelivery<>(delegate::onEvent, this::failed, executor);
  }

  /** Queues the event for the listener; ignored once closed. */
  @Override
  public void onEvent(CouncilEvent event) {
    delivery.offer(event);
  }

  /** Waits until every accepted event was delivered; false on timeout. */
  public boolean awaitDrained(Duration timeout) {
    return delivery.awaitDrained(timeout);
  }

  /** The listener being shielded. */
  public CouncilListener delegate() {
    return delegate;
  }

  /** Refuses further events; accepted ones are still delivered. Idempotent; never blocks. */
  @Override
  public void close() {
    delivery.close();
  }

  private void failed(CouncilEvent event, Throwable failure) {
    logFailure(description + subject, event, failure);
  }

  /** The WARN for a listener that threw, however it is delivered to. */
  static void logFailure(String listener, CouncilEvent event, Throwable failure) {
    LOG.warn("listener {} failed on {} #{} of run {}; the run and other listeners are unaffected",
        listener, event.type(), event.seq(), event.runId(), failure);
  }
}
