/**
 * Run observers that describe runs for people: the verbose timeline printer and the SLF4J logging
 * tracer.
 */
@NullMarked
package dev.council.engine.trace;

import org.jspecify.annotations.NullMarked;
