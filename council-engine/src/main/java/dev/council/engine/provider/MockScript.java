package dev.council.engine.provider;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.ToolCall;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link MockProvider} does when one member calls it: answer with text, stream chunks, fail with
 * an error kind, compute an answer, block until interrupted, or follow a per-call sequence.
 *
 * <p>Immutable and thread-safe; {@link #delay} and {@link #usage} return modified copies. Scripts run on
 * the calling thread. Every wait (a {@link #delay}, a {@link #stream} chunk delay,
 * {@link #blockUntilInterrupted()}) is interruptible: an interrupt is counted by the provider (see {@link
 * MockProvider#interruptions}), the thread's interrupt flag is restored, and the call fails with a
 * {@link ProviderException} of kind {@link ErrorKind#CANCELLED}.
 *
 * <p>When the request streams ({@link ChatRequest#stream()}), a {@link #stream} script emits its chunks;
 * every other answer is emitted as one final chunk, so a streaming caller always sees at least one chunk.
 * Unless {@link #usage} overrides it, usage counts words: input tokens are the words of all messages,
 * output tokens the words of the answer ({@link #respond} keeps the usage its function returns).
 */
public final class MockScript {
  private final Behaviour behaviour;
  private final Duration delay;
  private final @Nullable Usage usage;

  private MockScript(Behaviour behaviour, Duration delay, @Nullable Usage usage) {
    this.behaviour = behaviour;
    this.delay = delay;
    this.usage = usage;
  }

  /** Answers with {@code content} and finish reason {@code stop}. */
  public static MockScript content(String content) {
    return new MockScript(new Content(Objects.requireNonNull(content, "content")), Duration.ZERO, null);
  }

  /**
   * Answers with the concatenation of {@code chunks}; when the request streams, emits each chunk in order
   * (the last with finish reason {@code stop}), waiting {@code chunkDelay} before each one. The chunk
   * delay applies to non-streamed requests too, so the call takes as long either way.
   */
  public static MockScript stream(List<String> chunks, Duration chunkDelay) {
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a streamed mock answer needs at least one chunk");
    }
    requireNotNegative(chunkDelay, "chunkDelay");
    return new MockScript(new Stream(List.copyOf(chunks), chunkDelay), Duration.ZERO, null);
  }

  /** Fails every call with a {@link ProviderException} of {@code kind} carrying {@code message}. */
  public static MockScript error(ErrorKind kind, String message) {
    return new MockScript(new Failure(kind, message, null), Duration.ZERO, null);
  }

  /**
   * Fails every call with a {@link ProviderException} of {@code kind} carrying {@code message} and the
   * provider's requested wait {@code retryAfter} (typically with {@link ErrorKind#RATE_LIMITED}).
   */
  public static MockScript error(ErrorKind kind, String message, Duration retryAfter) {
    requireNotNegative(retryAfter, "retryAfter");
    return new MockScript(new Failure(kind, message, retryAfter), Duration.ZERO, null);
  }

  /**
   * Answers with whatever {@code responder} returns for the request; a {@link ProviderException} it throws
   * is the call's failure. The function runs on the calling thread and must be thread-safe when several
   * calls may use it at once.
   */
  public static MockScript respond(Function<ChatRequest, ChatResponse> responder) {
    return new MockScript(new Respond(Objects.requireNonNull(responder, "responder")), Duration.ZERO, null);
  }

  /**
   * Blocks the calling thread until it is interrupted, then counts the interruption and fails with a
   * {@link ProviderException} of kind {@link ErrorKind#CANCELLED}. For cancel, fail-fast and timeout tests.
   */
  public static MockScript blockUntilInterrupted() {
    return new MockScript(new Block(), Duration.ZERO, null);
  }

  /** Answers with these tool calls (empty content, finish reason {@code tool_calls}). */
  public static MockScript toolCalls(List<ToolCall> calls) {
    if (calls.isEmpty()) {
      throw new IllegalArgumentException("a tool-call answer needs at least one tool call");
    }
    return new MockScript(new ToolCalls(List.copyOf(calls)), Duration.ZERO, null);
  }

  /**
   * The n-th call of a member runs the n-th script; once the list is used up the last one repeats. For
   * retry tests: {@code sequence(error(TRANSIENT, "503"), content("ok"))}.
   */
  public static MockScript sequence(MockScript... perCall) {
    if (perCall.length == 0) {
      throw new IllegalArgumentException("a mock sequence needs at least one script");
    }
    return new MockScript(new Sequence(List.of(perCall)), Duration.ZERO, null);
  }

  /** Answers {@code "mock answer from <memberId>"}: the default fallback of a {@link MockProvider}. */
  static MockScript memberEcho() {
    return new MockScript(new MemberEcho(), Duration.ZERO, null);
  }

  /** This script, waiting {@code delay} (interruptibly) before it does anything else. */
  public MockScript delay(Duration delay) {
    requireNotNegative(delay, "delay");
    return new MockScript(behaviour, delay, usage);
  }

  /** This script, reporting {@code usage} instead of the word count. */
  public MockScript usage(Usage usage) {
    return new MockScript(behaviour, delay, Objects.requireNonNull(usage, "usage"));
  }

  @Override
  public String toString() {
    return "MockScript[" + behaviour + (delay.isZero() ? "" : ", delay=" + delay)
        + (usage == null ? "" : ", usage=" + usage) + "]";
  }

  /** Runs this script for one call; a sequence picks its step by the invocation's call number. */
  ChatResponse run(Invocation inv) {
    pause(delay, inv, "waiting before its answer");
    ChatResponse response = switch (behaviour) {
      case Sequence s -> s.scripts().get(Math.min(inv.callNumber(), s.scripts().size()) - 1).run(inv);
      case Content c -> emit(inv, answer(inv.request(), c.text(), List.of(), "stop"));
      case MemberEcho e -> emit(inv, answer(inv.request(), "mock answer from " + inv.memberId(), List.of(), "stop"));
      case ToolCalls t -> emit(inv, answer(inv.request(), "", t.calls(), "tool_calls"));
      case Respond r -> emit(inv, r.responder().apply(inv.request()));
      case Stream s -> stream(inv, s);
      case Failure f -> throw new ProviderException(f.kind(), f.message(), -1, f.retryAfter(), null);
      case Block b -> block(inv);
    };
    return usage == null ? response : withUsage(response, usage);
  }

  private static ChatResponse stream(Invocation inv, Stream s) {
    StringBuilder content = new StringBuilder();
    for (int i = 0; i < s.chunks().size(); i++) {
      pause(s.chunkDelay(), inv, "streaming chunk " + i);
      String chunk = s.chunks().get(i);
      content.append(chunk);
      if (inv.request().stream()) {
        inv.call().onChunk(new StreamChunk(chunk, i == s.chunks().size() - 1 ? "stop" : null, i));
      }
    }
    return answer(inv.request(), content.toString(), List.of(), "stop");
  }

  private static ChatResponse emit(Invocation inv, ChatResponse response) {
    if (inv.request().stream()) {
      inv.call().onChunk(new StreamChunk(response.content(), response.finishReason(), 0));
    }
    return response;
  }

  private static ChatResponse block(Invocation inv) {
    try {
      new CountDownLatch(1).await();
      throw new IllegalStateException("a latch nobody counts down was released");
    } catch (InterruptedException e) {
      throw interrupted(inv, "blocked until interrupted", e);
    }
  }

  private static void pause(Duration duration, Invocation inv, String doing) {
    if (duration.isZero()) {
      return;
    }
    try {
      Thread.sleep(duration);
    } catch (InterruptedException e) {
      throw interrupted(inv, doing, e);
    }
  }

  private static ProviderException interrupted(Invocation inv, String doing, InterruptedException e) {
    inv.onInterrupt().run();
    Thread.currentThread().interrupt();
    return new ProviderException(ErrorKind.CANCELLED, "mock call " + inv.callNumber() + " of member '"
        + inv.memberId() + "' was interrupted while " + doing, -1, null, e);
  }

  private static ChatResponse answer(ChatRequest request, String content, List<ToolCall> calls, String finish) {
    long in = 0;
    for (ChatMessage m : request.messages()) {
      in += words(m.content());
    }
    return new ChatResponse(content, calls, finish, Usage.of(in, words(content)), request.model(), Map.of());
  }

  private static ChatResponse withUsage(ChatResponse r, Usage usage) {
    return new ChatResponse(r.content(), r.toolCalls(), r.finishReason(), usage, r.model(), r.metadata());
  }

  private static long words(String text) {
    String t = text.strip();
    return t.isEmpty() ? 0 : t.split("\\s+").length;
  }

  private static void requireNotNegative(Duration d, String name) {
    if (d.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, was " + d);
    }
  }

  /** One call being answered. */
  record Invocation(String memberId, int callNumber, ChatRequest request, StreamSink call, Runnable onInterrupt) {}

  private sealed interface Behaviour permits Content, MemberEcho, Stream, Failure, Respond, Block, ToolCalls, Sequence {}

  private record Content(String text) implements Behaviour {}

  private record MemberEcho() implements Behaviour {}

  private record Stream(List<String> chunks, Duration chunkDelay) implements Behaviour {}

  private record Failure(ErrorKind kind, String message, @Nullable Duration retryAfter) implements Behaviour {
    Failure {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(message, "message");
    }
  }

  private record Respond(Function<ChatRequest, ChatResponse> responder) implements Behaviour {}

  private record Block() implements Behaviour {}

  private record ToolCalls(List<ToolCall> calls) implements Behaviour {}

  private record Sequence(List<MockScript> scripts) implements Behaviour {}
}
