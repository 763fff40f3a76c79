/**
 * The engine's built-in plugin factories, found through {@code META-INF/services} like third-party ones:
 * the {@code local} pubsub and run registry, the {@code none} and {@code memory} recorders, the {@code
 * logging} tracer and the {@code mock} and {@code simulated} provider types.
 *
 * <p>Internal, not API: anything here may change without notice. Depends only on the public engine
 * packages whose plugins it creates ({@code local}, {@code provider}, {@code trace}); nothing in the
 * engine refers to these classes by name.
 */
@NullMarked
package dev.council.engine.internal.builtin;

import org.jspecify.annotations.NullMarked;
