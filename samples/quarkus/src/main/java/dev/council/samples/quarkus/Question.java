package dev.council.samples.quarkus;

import org.jspecify.annotations.Nullable;

/**
 * The body of {@code POST /runs}: {@code {"question": "..."}}. Immutable.
 *
 * @param question what to ask the council; null when the body lacks it (the request is then refused)
 */
public record Question(@Nullable String question) {}
