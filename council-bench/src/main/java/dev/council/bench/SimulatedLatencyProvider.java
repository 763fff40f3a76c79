package dev.council.bench;

import dev.council.api.ErrorKind;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.spi.LlmProvider;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.LongAdder;

/**
 * A provider that stands in for a slow model: each call blocks the calling (virtual) thread, either for
 * a fixed latency or until a gate opens, then answers with {@link ZeroLatencyProvider#RESPONSE}.
 *
 * <p>Thread-safe. An interrupted call throws a {@link ProviderException} of kind {@code CANCELLED}, as a
 * real adapter does.
 */
public final class SimulatedLatencyProvider implements LlmProvider {
  private final String id;
  private final Duration latency;
  private final CountDownLatch gate;
  private final LongAdder arrived = new LongAdder();

  private SimulatedLatencyProvider(String id, Duration latency, CountDownLatch gate) {
    this.id = Objects.requireNonNull(id, "id");
    this.latency = Objects.requireNonNull(latency, "latency");
    this.gate = Objects.requireNonNull(gate, "gate");
  }

  /** Every call sleeps {@code latency} on the calling thread. */
  public static SimulatedLatencyProvider sleeping(String id, Duration latency) {
    return new SimulatedLatencyProvider(id, latency, new CountDownLatch(0));
  }

  /** Every call waits until {@link #open()}; {@link #arrived()} counts the calls that reached the gate. */
  public static SimulatedLatencyProvider gated(String id) {
    return new SimulatedLatencyProvider(id, Duration.ZERO, new CountDownLatch(1));
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink call) {
    arrived.increment();
    try {
      if (latency.isPositive()) {
        Thread.sleep(latency);
      }
      gate.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ProviderException(ErrorKind.CANCELLED, "simulated call to '" + id + "' was interrupted");
    }
    return ZeroLatencyProvider.RESPONSE;
  }

  /** Calls that have entered {@link #chat} so far (including those still waiting). */
  public long arrived() {
    return arrived.sum();
  }

  /** Lets every waiting and later call through (gated providers only). */
  public void open() {
    gate.countDown();
  }
}
