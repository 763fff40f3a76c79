/**
 * Structured output support: JSON Schema validation of parsed model output, the built-in {@code vote}
 * and {@code ranking} schemas, and extraction of the JSON inside a model's reply, all through
 * {@link dev.council.engine.schema.JsonSchemas}. JSON values are plain Java trees (maps, lists,
 * strings, numbers, booleans, null); no JSON library type appears in this package's API.
 */
@NullMarked
package dev.council.engine.schema;

import org.jspecify.annotations.NullMarked;
