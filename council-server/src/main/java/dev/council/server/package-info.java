/**
 * {@code council serve}: an HTTP API (JSON, Server-Sent Events, RFC 9457 problem details) and a live web
 * page over a {@link dev.council.engine.CouncilEngine}. Start one with {@link
 * dev.council.server.CouncilServer#builder}. Packages named {@code internal} are not API.
 */
@NullMarked
package dev.council.server;

import org.jspecify.annotations.NullMarked;
