/**
 * In-JVM implementations of the pubsub, run-registry and recorder SPIs: the defaults in single-node
 * mode ({@code local} pubsub and registry, {@code none} and {@code memory} recorders).
 */
@NullMarked
package dev.council.engine.local;

import org.jspecify.annotations.NullMarked;
