package dev.council.testkit;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * A provider that answers its one primed reply in memory: an answer, a stream, a failure, a rate limit, a
 * call that waits, or a stream that stalls until the caller is interrupted. With {@link Defect#NONE} it
 * follows {@link LlmProvider}'s contract; each other {@link Defect} breaks exactly one of its rules, so
 * the kit tests can show that {@link LlmProviderKit} catches it.
 */
final class ScriptedProvider implements LlmProvider {

  /** One way to break the provider contract. */
  enum Defect {
    /** Follows the contract. */
    NONE,
    /** Swallows the interrupt of a waiting call and goes on waiting (until the provider is closed). */
    IGNORES_INTERRUPTS,
    /** Throws {@code CANCELLED} when interrupted but leaves the thread's interrupt status cleared. */
    CLEARS_THE_INTERRUPT_STATUS,
    /** Ends an interrupted stream as if it were complete and answers what arrived so far. */
    ANSWERS_AN_INTERRUPTED_STREAM,
    /** Numbers stream chunks from 1. */
    INDEXES_CHUNKS_FROM_ONE,
    /** Puts the finish reason on the response only, never on the stream's last chunk. */
    LEAVES_THE_LAST_CHUNK_WITHOUT_FINISH_REASON,
    /** Reports a rate limit without the server's Retry-After. */
    DROPS_THE_RETRY_AFTER
  }

  /** The one reply the provider gives. */
  sealed interface Reply {
    record Answer(String text) implements Reply {}

    record Stream(List<String> chunks, boolean stall) implements Reply {}

    record Failure(ErrorKind kind, String message, @Nullable Duration retryAfter) implements Reply {}

    record Wait() implements Reply {}
  }

  private final Defect defect;
  private final Reply reply;
  private final CountDownLatch closed = new CountDownLatch(1);

  ScriptedProvider(Defect defect, Reply reply) {
    this.defect = defect;
    this.reply = reply;
  }

  @Override
  public String id() {
    return "scripted";
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink sink) {
    return switch (reply) {
      case Reply.Answer a -> ChatResponse.of(a.text(), Usage.of(1, 1));
      case Reply.Failure f -> throw new ProviderException(f.kind(), f.message(), -1,
          defect == Defect.DROPS_THE_RETRY_AFTER ? null : f.retryAfter(), null);
      case Reply.Wait w -> {
        awaitClose("waiting for the answer");
        throw new ProviderException(ErrorKind.CANCELLED, "provider closed while the call waited");
      }
      case Reply.Stream s -> stream(s, request.stream() ? sink : StreamSink.IGNORE);
    };
  }

  private ChatResponse stream(Reply.Stream s, StreamSink sink) {
    StringBuilder content = new StringBuilder();
    List<String> chunks = new ArrayList<>(s.chunks());
    int first = defect == Defect.INDEXES_CHUNKS_FROM_ONE ? 1 : 0;
    for (int i = 0; i < chunks.size(); i++) {
      boolean last = i == chunks.size() - 1 && !s.stall();
      String finish = last && defect != Defect.LEAVES_THE_LAST_CHUNK_WITHOUT_FINISH_REASON ? "stop" : null;
      sink.onChunk(new StreamChunk(chunks.get(i), finish, first + i));
      content.append(chunks.get(i));
    }
    if (s.stall()) {
      try {
        awaitClose("in the middle of a stream");
      } catch (ProviderException e) {
        if (defect == Defect.ANSWERS_AN_INTERRUPTED_STREAM) {
          return new ChatResponse(content.toString(), List.of(), "stop", Usage.of(1, 1), null, Map.of());
        }
        throw e;
      }
    }
    return new ChatResponse(content.toString(), List.of(), "stop", Usage.of(1, 1), null, Map.of());
  }

  /** Waits until the provider is closed; an interrupt ends the wait with {@code CANCELLED} unless a defect says otherwise. */
  private void awaitClose(String where) {
    while (true) {
      try {
        closed.await();
        return;
      } catch (InterruptedException e) {
        if (defect == Defect.IGNORES_INTERRUPTS) {
          continue;
        }
        if (defect != Defect.CLEARS_THE_INTERRUPT_STATUS) {
          Thread.currentThread().interrupt();
        }
        throw new ProviderException(ErrorKind.CANCELLED, "interrupted " + where, -1, null, e);
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
  }
}
