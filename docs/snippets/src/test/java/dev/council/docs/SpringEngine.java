package dev.council.docs;

import dev.council.engine.CouncilEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** docs/running.md: one engine per application, as a Spring bean. */
final class SpringEngine {
  private SpringEngine() {}

  @Configuration
  class CouncilConfiguration {
    @Bean(destroyMethod = "close")
    CouncilEngine councilEngine() {
      return CouncilEngine.create();          // council.* system properties, COUNCIL_* env, council.properties
    }
  }
}
