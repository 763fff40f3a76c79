package dev.council.spring.boot.autoconfigure.web;

import dev.council.engine.CouncilEngine;
import dev.council.spring.boot.autoconfigure.CouncilAutoConfiguration;
import dev.council.spring.boot.autoconfigure.CouncilProperties;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The SSE helpers: {@link RunEventStreams} always, {@link CouncilSseEmitters} with Spring MVC on the class
 * path, {@link CouncilServerSentEvents} with WebFlux.
 */
@AutoConfiguration(after = CouncilAutoConfiguration.class)
@ConditionalOnBean(CouncilEngine.class)
public final class CouncilWebAutoConfiguration {

  /** Created by Spring. */
  public CouncilWebAutoConfiguration() {}

  /** Run event streams with the {@code council.spring.sse.*} settings. */
  @Bean
  @ConditionalOnMissingBean
  public RunEventStreams councilRunEventStreams(CouncilEngine engine, CouncilProperties properties) {
    return new RunEventStreams(engine, properties.spring().sse());
  }

  /**
   * Lets the streams of drained runs end before the web server stops: stops right after the engine
   * closed (whose lifecycle stops just before) and waits up to 5 s for every viewer's stream to end.
   */
  @Bean
  SmartLifecycle councilRunEventStreamsLifecycle(RunEventStreams streams) {
    return new SmartLifecycle() {
      private volatile boolean running;

      @Override
      public void start() {
        running = true;
      }

      @Override
      public void stop() {
        running = false;
        try {
          streams.awaitViewers(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }

      @Override
      public boolean isRunning() {
        return running;
      }

      @Override
      public int getPhase() {
        // one below the engine's lifecycle (DEFAULT_PHASE - 512), above the web server's (DEFAULT_PHASE - 1024)
        return SmartLifecycle.DEFAULT_PHASE - 513;
      }
    };
  }

  /** The Spring MVC helper. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.web.servlet.mvc.method.annotation.SseEmitter")
  static class Mvc {
    @Bean
    @ConditionalOnMissingBean
    CouncilSseEmitters councilSseEmitters(RunEventStreams streams) {
      return new CouncilSseEmitters(streams);
    }
  }

  /** The WebFlux helper. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = {"org.springframework.http.codec.ServerSentEvent", "reactor.core.publisher.Flux"})
  static class WebFlux {
    @Bean
    @ConditionalOnMissingBean
    CouncilServerSentEvents councilServerSentEvents(RunEventStreams streams) {
      return new CouncilServerSentEvents(streams);
    }
  }
}
