/** Typed, layered configuration and the secret type that masks itself. */
@NullMarked
package dev.council.api.config;

import org.jspecify.annotations.NullMarked;
