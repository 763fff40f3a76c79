package dev.council.spring.boot.autoconfigure;

import dev.council.engine.CouncilEngine;
import java.time.Duration;
import org.springframework.context.SmartLifecycle;

/**
 * Closes the engine with its drain when the application context stops, before the web server stops
 * (a higher phase stops earlier): runs in flight finish while their SSE clients are still connected,
 * the rest are stopped as resumable. Thread-safe.
 */
final class CouncilEngineLifecycle implements SmartLifecycle {
  /** Stops before the web server's graceful shutdown ({@code SmartLifecycle.DEFAULT_PHASE - 1024}). */
  static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 512;

  private final CouncilEngine engine;
  private final Duration drain;
  private volatile boolean running;

  CouncilEngineLifecycle(CouncilEngine engine, Duration drain) {
    this.engine = engine;
    this.drain = drain;
  }

  @Override
  public void start() {
    running = true;
  }

  @Override
  public void stop() {
    running = false;
    engine.close(drain);
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  @Override
  public int getPhase() {
    return PHASE;
  }
}
