/**
 * The events a run publishes, in order, on its topic {@code council:run:<runId>}.
 *
 * <p>Every event carries its run id, a per-run sequence number starting at 0 and a timestamp. Order is
 * guaranteed within a run: rounds strictly ordered, each member's own events ordered; members of one
 * round may interleave.
 */
@NullMarked
package dev.council.api.event;

import org.jspecify.annotations.NullMarked;
