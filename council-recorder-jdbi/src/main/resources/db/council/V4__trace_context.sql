-- Version 4: the run's trace context (OpenTelemetry), so that a run resumed from these tables continues
-- the trace it started in. trace_context holds the W3C headers of the run's invoke_workflow span as a
-- JSON object ({"traceparent": "00-...", "tracestate": "..."}); NULL when the run was not traced. A resume
-- replaces it with the resumed run span's context (same trace), keeping the old one when the resuming
-- engine does not trace.
ALTER TABLE ${prefix}runs ADD COLUMN IF NOT EXISTS trace_context jsonb;
