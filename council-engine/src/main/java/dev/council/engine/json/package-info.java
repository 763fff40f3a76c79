/**
 * JSON for councils, results, events and structured output. The JSON library is an implementation
 * detail: every public signature here uses plain Java types ({@code Map<String, Object>},
 * {@code List<Object>}, {@code String}, numbers, booleans).
 */
@NullMarked
package dev.council.engine.json;

import org.jspecify.annotations.NullMarked;
