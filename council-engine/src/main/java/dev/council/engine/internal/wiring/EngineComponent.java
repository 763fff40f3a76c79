package dev.council.engine.internal.wiring;

import dagger.BindsInstance;
import dagger.Component;
import dev.council.api.config.CouncilConfig;
import jakarta.inject.Singleton;

/**
 * The engine's object graph: discovery ({@link DiscoveryModule}) and selection ({@link
 * SelectionModule}) over a configuration, a class loader and overrides. Dagger stays inside the
 * engine; plugins never see it. One component builds one engine's plugins.
 */
@Singleton
@Component(modules = {DiscoveryModule.class, SelectionModule.class})
interface EngineComponent {

  EnginePlugins plugins();

  /** Takes the three inputs of the graph. */
  @Component.Builder
  interface Builder {
    @BindsInstance
    Builder config(CouncilConfig config);

    @BindsInstance
    Builder classLoader(ClassLoader classLoader);

    @BindsInstance
    Builder overrides(EngineOverrides overrides);

    EngineComponent build();
  }
}
