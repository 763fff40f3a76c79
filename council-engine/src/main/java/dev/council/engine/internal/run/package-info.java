/**
 * The run machinery: {@link dev.council.engine.internal.run.Runs} starts, resumes, tracks, reaps and drains
 * runs; a {@link dev.council.engine.internal.run.Run} is one run's state machine, executing its rounds
 * through {@link dev.council.engine.internal.run.RoundExecution}; member calls go through the dispatcher
 * (retries, time limits, structured output), the tool loop, sub-council calls and the member-call journal.
 *
 * <p>Each run, round, member call, provider call and tool call is traced through {@code otel}'s span
 * handles, called synchronously on the thread doing the work (so provider calls carry their span's trace
 * context); the {@code RunTracer} listeners, asynchronous and isolated from the run, cannot do that.
 *
 * <p>Internal, not API: anything here may change without notice. Depends on {@code catalog}, {@code
 * validation}, {@code wiring}, {@code delivery}, {@code prompt}, {@code schema}, {@code otel} and {@code support}, and on
 * the public engine packages ({@link dev.council.engine.RunOptions} and {@link dev.council.engine.Sleeper},
 * {@code rounds}, {@code trace}, {@code local}); only the public facade package ({@link
 * dev.council.engine.CouncilEngine}, {@link dev.council.engine.RunHandle}) depends on it. At the package
 * level that is the one two-way edge left, and it is not a cycle between classes: {@code RunOptions} and
 * {@code Sleeper} are public values the caller builds, they depend on nothing here, and moving them out of
 * {@code dev.council.engine} would change public names users import.
 */
@NullMarked
package dev.council.engine.internal.run;

import org.jspecify.annotations.NullMarked;
