package dev.council.docs;

import com.hazelcast.core.HazelcastInstance;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;

/** docs/clustering.md: an engine on the application's own Hazelcast instance. */
final class ClusteredEngine {
  private ClusteredEngine() {}

  static CouncilEngine onOwnInstance(HazelcastInstance hz) {
    CouncilEngine engine = CouncilEngine.builder()
        .config(CouncilConfig.builder().share(HazelcastInstance.class, hz).build())   // hz: the application's instance
        .build();
    return engine;
  }
}
