package dev.council.bench;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;

/**
 * LangChain4j's counterpart of {@link ZeroLatencyProvider}: a {@link ChatModel} that answers every request at
 * once with the same constant response (the same text and token counts), so a benchmark measures the
 * framework around the call. It implements {@link #doChat} as LangChain4j's own model integrations do, so
 * requests pass through {@link ChatModel#chat(ChatRequest)}'s usual wrapping (parameters, listeners).
 *
 * <p>When given a counter, counts its calls, so a benchmark's set-up can check that a workflow made the calls it
 * should; the measured instances get none, like {@link ZeroLatencyProvider}. Thread-safe; never blocks.
 */
public final class ZeroLatencyChatModel implements ChatModel {
  /** The response to every request. */
  public static final ChatResponse RESPONSE = ChatResponse.builder()
      .aiMessage(AiMessage.from(ZeroLatencyProvider.RESPONSE.content()))
      .tokenUsage(new TokenUsage(12, 4))
      .finishReason(FinishReason.STOP)
      .build();

  private final @Nullable LongAdder calls;

  /** A model that counts nothing. */
  public ZeroLatencyChatModel() {
    this(null);
  }

  /** A model that adds one to {@code calls} for every request, or counts nothing when it is null. */
  public ZeroLatencyChatModel(@Nullable LongAdder calls) {
    this.calls = calls;
  }

  @Override
  public ChatResponse doChat(ChatRequest chatRequest) {
    if (calls != null) {
      calls.increment();
    }
    return RESPONSE;
  }
}
