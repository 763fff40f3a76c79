/** Prebuilt council topologies: the shapes most councils take, as plain {@link dev.council.api.Council}s. */
@NullMarked
package dev.council.engine.topology;

import org.jspecify.annotations.NullMarked;
