/** The server's routes, event logs and streams. Not API: may change without notice. */
@NullMarked
package dev.council.server.internal;

import org.jspecify.annotations.NullMarked;
