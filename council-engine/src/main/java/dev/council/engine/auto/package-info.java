/**
 * Auto councils: a council that chooses, for each input, one council from a catalog and runs it.
 * {@link dev.council.engine.auto.AutoCouncil} builds one in Java; in JSON it is a council whose one round
 * has type {@code auto} ({@link dev.council.engine.auto.AutoRound}). See docs/councils.md.
 */
@NullMarked
package dev.council.engine.auto;

import org.jspecify.annotations.NullMarked;
