/** Engine internals: run machinery, wiring and built-in plugin factories. Not API. */
@NullMarked
package dev.council.engine.internal;

import org.jspecify.annotations.NullMarked;
