package dev.council.bench;

import dev.council.api.Usage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;
import java.util.Objects;

/**
 * A provider that answers every request at once with the same constant response, so a benchmark
 * measures what surrounds the call and nothing of the call itself. Allocates nothing per call.
 *
 * <p>Stateless and thread-safe; never blocks.
 */
public final class ZeroLatencyProvider implements LlmProvider {
  /** The response to every request. */
  public static final ChatResponse RESPONSE = ChatResponse.of("The council agrees.", Usage.of(12, 4));

  private final String id;

  public ZeroLatencyProvider(String id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink call) {
    return RESPONSE;
  }
}
