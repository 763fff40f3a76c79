/**
 * Built-in {@link dev.council.api.spi.Tool}s that members' models may call: the in-memory BM25 document
 * search {@link dev.council.engine.tools.InMemoryDocsTool} (built and registered by the application) and
 * the {@link dev.council.engine.tools.CalculatorTool} (registered on every engine).
 */
@NullMarked
package dev.council.engine.tools;

import org.jspecify.annotations.NullMarked;
