/**
 * Not API. Structured output support for the member dispatcher: JSON Schema validation of parsed model
 * output, the built-in {@code vote} and {@code ranking} schemas, and extraction of the JSON inside a
 * model's reply, all through {@link dev.council.engine.internal.schema.JsonSchemas}. JSON values are
 * plain Java trees (maps, lists, strings, numbers, booleans, null). Users reach the built-in schemas
 * through {@link dev.council.engine.CouncilEngine#outputSchema(String)}.
 */
@NullMarked
package dev.council.engine.internal.schema;

import org.jspecify.annotations.NullMarked;
