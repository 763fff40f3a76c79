/**
 * The one JSON form of results, events and errors, as plain trees of maps, lists, strings, numbers and
 * booleans: {@link dev.council.api.json.JsonMapping}. No JSON library type appears here; each module
 * writes and parses the trees with its own library.
 */
@NullMarked
package dev.council.api.json;

import org.jspecify.annotations.NullMarked;
