/**
 * Engine internals: settings, plugin discovery and selection, Dagger wiring, and observer isolation.
 * Not API: anything here may change without notice.
 */
@NullMarked
package dev.council.engine.internal;

import org.jspecify.annotations.NullMarked;
