/**
 * Providers that ship with the engine and need no network: {@link dev.council.engine.provider.MockProvider}
 * (scripted per member, for tests) and {@link dev.council.engine.provider.SimulatedProvider} (deterministic,
 * role-aware offline answers for demos and the CLI without API keys).
 */
@NullMarked
package dev.council.engine.provider;

import org.jspecify.annotations.NullMarked;
