/**
 * The wiring of an engine: settings ({@link dev.council.engine.internal.wiring.EngineSettings}), plugin
 * discovery ({@link dev.council.engine.internal.wiring.PluginLoader}) and selection by configured name,
 * overrides given in code, the Dagger component and modules that assemble {@link
 * dev.council.engine.internal.wiring.EnginePlugins}, and the lazily created providers and run registries.
 *
 * <p>Internal, not API: anything here may change without notice. Depends on nothing else in the engine
 * (only the council API and Dagger); built-in plugins are found through {@code META-INF/services} like any
 * other.
 */
@NullMarked
package dev.council.engine.internal.wiring;

import org.jspecify.annotations.NullMarked;
