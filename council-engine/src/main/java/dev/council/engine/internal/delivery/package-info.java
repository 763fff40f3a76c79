/**
 * Observer delivery: {@link dev.council.engine.internal.delivery.OrderedDelivery} (asynchronous, ordered
 * hand-off to one consumer) and the shields built on it that keep listeners and recorders from stalling
 * or failing a run ({@link dev.council.engine.internal.delivery.IsolatedListener}, {@link
 * dev.council.engine.internal.delivery.IsolatedRecording}).
 *
 * <p>Internal, not API: anything here may change without notice. Depends only on {@code support} (and the
 * council API), so the public {@code local} package may use it.
 */
@NullMarked
package dev.council.engine.internal.delivery;

import org.jspecify.annotations.NullMarked;
