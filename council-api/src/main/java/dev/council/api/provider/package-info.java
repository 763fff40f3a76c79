/**
 * The provider-neutral chat model: requests, responses, messages, tool calls and stream chunks that
 * every {@link dev.council.api.spi.LlmProvider} speaks.
 */
@NullMarked
package dev.council.api.provider;

import org.jspecify.annotations.NullMarked;
