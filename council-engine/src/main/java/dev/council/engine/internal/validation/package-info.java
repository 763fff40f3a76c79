/**
 * The checks a council passes before any provider call: every problem with a JSON path, a stable code and
 * a message saying how to fix it.
 *
 * <p>Internal, not API: anything here may change without notice. Depends on {@code catalog} (and the
 * {@code wiring} types the catalog hands out); never on runs.
 */
@NullMarked
package dev.council.engine.internal.validation;

import org.jspecify.annotations.NullMarked;
