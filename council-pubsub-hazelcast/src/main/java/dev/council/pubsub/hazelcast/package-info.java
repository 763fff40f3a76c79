/**
 * Clustered mode on Hazelcast: the {@code hazelcast} {@link dev.council.api.spi.PubSub} and {@link
 * dev.council.api.spi.RunRegistry}, selected by {@code council.mode=multi-node} (or {@code
 * council.pubsub=hazelcast} and {@code council.registry=hazelcast}). Both share one Hazelcast instance per
 * JVM: one the application passes as a shared object ({@link
 * dev.council.api.config.CouncilConfig.Builder#share}), else a client or an embedded member configured by
 * the {@code council.hazelcast.*} keys of {@link HazelcastSettings}. The {@code hazelcast} {@link
 * dev.council.api.spi.Recorder} ({@code council.recorder=hazelcast}) keeps run history and the member-call
 * journal in backed-up maps of the same instance, for clusters without PostgreSQL.
 *
 * <p>Everything public here is thread-safe. Nothing here imports the engine.
 */
@NullMarked
package dev.council.pubsub.hazelcast;

import org.jspecify.annotations.NullMarked;
