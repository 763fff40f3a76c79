/**
 * Leaf helpers of the engine: its one JSON configuration ({@link dev.council.engine.internal.support.Json},
 * plain Java trees in and out) and saturating duration arithmetic ({@link
 * dev.council.engine.internal.support.Durations}).
 *
 * <p>Internal, not API: anything here may change without notice. Depends on nothing else in the engine
 * (only the council API and Jackson), so the public {@code json} and {@code schema} packages and every
 * internal package may use it.
 */
@NullMarked
package dev.council.engine.internal.support;

import org.jspecify.annotations.NullMarked;
