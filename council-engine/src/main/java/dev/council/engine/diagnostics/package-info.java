/** Diagnostics over a council's answers that call no model: the lexicon bias detector. */
@NullMarked
package dev.council.engine.diagnostics;

import org.jspecify.annotations.NullMarked;
