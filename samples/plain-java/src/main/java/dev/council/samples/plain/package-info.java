/**
 * A council behind the JDK's own HTTP server ({@code com.sun.net.httpserver}): {@code POST /runs} starts a
 * run and streams its events as Server-Sent Events, cancelling the run when the client goes away;
 * {@code GET /runs/{id}} reports a run's state.
 */
@NullMarked
package dev.council.samples.plain;

import org.jspecify.annotations.NullMarked;
