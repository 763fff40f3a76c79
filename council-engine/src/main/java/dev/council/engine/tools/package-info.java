/**
 * Built-in {@link dev.council.api.spi.Tool}s that members' models may call, such as the in-memory BM25
 * document search {@link dev.council.engine.tools.InMemoryDocsTool}.
 */
@NullMarked
package dev.council.engine.tools;

import org.jspecify.annotations.NullMarked;
