/**
 * Compatibility kits and helpers for testing council SPI implementations.
 *
 * <p>Each kit is an abstract JUnit 5 class: an implementation's test extends it, supplies the instance
 * under test, and inherits the behaviour every implementation of that SPI must show. The in-memory
 * implementations in the engine and every plugin extend the same kits. Helpers here ({@link
 * dev.council.testkit.EventCapture}, {@link dev.council.testkit.TestEvents}, {@link
 * dev.council.testkit.FakeRun}, and {@link dev.council.testkit.ManualClock} with {@link
 * dev.council.testkit.RecordingSleeper} for time that passes only when the test says so) are for tests
 * only.
 */
@NullMarked
package dev.council.testkit;

import org.jspecify.annotations.NullMarked;
