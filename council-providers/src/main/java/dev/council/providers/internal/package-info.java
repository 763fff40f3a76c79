/**
 * The wire adapters behind {@link dev.council.api.spi.LlmProvider}: OpenAI chat completions (and every
 * OpenAI-compatible server), Anthropic messages, Gemini {@code generateContent}, Ollama {@code /api/chat}
 * and OpenRouter, each created by an {@link dev.council.api.spi.LlmProviderFactory} listed in
 * {@code META-INF/services}. Everything here is internal: not API, changed without notice. Select an
 * adapter with {@code council.providers.<id>.type}.
 */
@NullMarked
package dev.council.providers.internal;

import org.jspecify.annotations.NullMarked;
