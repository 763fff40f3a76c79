/** The built-in round types, discovered through {@link dev.council.api.spi.RoundType}. */
@NullMarked
package dev.council.engine.rounds;

import org.jspecify.annotations.NullMarked;
