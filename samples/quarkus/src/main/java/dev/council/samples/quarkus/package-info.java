/**
 * A council in Quarkus: the engine is a CDI bean closed on shutdown ({@link
 * dev.council.samples.quarkus.CouncilProducer}), and {@link dev.council.samples.quarkus.RunResource}
 * streams a run's events through a JAX-RS {@code SseEventSink}, cancelling the run when the client
 * disconnects.
 */
@NullMarked
package dev.council.samples.quarkus;

import org.jspecify.annotations.NullMarked;
