/**
 * OpenTelemetry instrumentation of runs: the span tree of a run ({@code invoke_workflow} →
 * rounds → {@code invoke_agent} → {@code chat}/{@code execute_tool}), the GenAI client metrics and the
 * council's own metrics, following the OpenTelemetry GenAI semantic conventions.
 *
 * <p>Internal, not API: anything here may change without notice. Depends on the OpenTelemetry API only
 * (the application brings the SDK) and on {@code support}; the run machinery ({@code internal.run}) calls
 * it through {@link dev.council.engine.internal.otel.Telemetry} and its span handles, which are no-ops
 * costing nothing when no SDK is installed or {@code council.otel.enabled=false}.
 */
@NullMarked
package dev.council.engine.internal.otel;

import org.jspecify.annotations.NullMarked;
