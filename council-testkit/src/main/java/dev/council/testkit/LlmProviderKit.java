package dev.council.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.council.api.ErrorKind;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.StreamChunk;
import dev.council.api.spi.LlmProvider;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The compatibility kit every {@link LlmProvider} implementation's tests extend: it holds each provider
 * to the same behaviour for plain answers, usage, streaming, error classification and interruption.
 *
 * <p>Subclasses implement the hooks that prime a provider (for an HTTP adapter: start a local server that
 * answers, streams, fails or hangs in the provider's wire format). Requests come from {@link #request},
 * with member id {@link #MEMBER_ID} and model {@link #model()}. Each test closes the providers it gets.
 * Tests run one at a time per instance (JUnit's default per-method lifecycle gives each its own instance).
 *
 * <p>What the kit holds a provider to, as {@link LlmProvider} and {@link StreamChunk} define it:
 *
 * <ul>
 *   <li>a plain answer, with non-negative usage;
 *   <li>a stream delivered chunk by chunk, in order, indexed 0, 1, 2, ... without gaps, whose last chunk
 *       (and only that one) carries the finish reason, which is also the response's; the chunks add up to
 *       the response's content;
 *   <li>failures as {@link ProviderException}s of the right {@link ErrorKind}, a rate limit with its
 *       retry-after delay;
 *   <li>an interrupt of the calling thread, while the call waits for a response or in the middle of a
 *       stream, ends the call promptly with {@code CANCELLED}, keeps the thread's interrupt status, and
 *       releases what the call held ({@link #assertAbortedCallReleased()}: an HTTP adapter checks there that
 *       the server saw the connection close);
 *   <li>{@link LlmProvider#close()} may be called twice.
 * </ul>
 *
 * <p>Each failure is an {@link AssertionError} whose message names the rule broken ({@code indexes count
 * from 0 without gaps}, {@code the last chunk, and only that one, carries the finish reason}, {@code a rate
 * limit carries the server's Retry-After}, {@code an interrupted call must end promptly}, {@code must end
 * with a ProviderException of kind CANCELLED}, {@code must keep its thread's interrupt status}).
 */
public abstract class LlmProviderKit {
  /** The member id every kit request carries. */
  protected static final String MEMBER_ID = "kit-member";

  /** How long the kit waits for a call to block or to end after an interrupt before it fails, by default. */
  protected static final Duration PATIENCE = Duration.ofSeconds(20);

  /** A provider whose next call answers {@code text}. */
  protected abstract LlmProvider providerAnswering(String text);

  /** A provider whose next call streams exactly {@code chunks}, in order, when the request streams. */
  protected abstract LlmProvider providerStreaming(List<String> chunks);

  /** A provider whose next call fails in the way the provider classifies as {@code kind}. */
  protected abstract LlmProvider providerFailing(ErrorKind kind, String message);

  /** A provider whose next call blocks (e.g. a server that never answers) until the caller is interrupted. */
  protected abstract LlmProvider providerBlocking();

  /**
   * A provider whose next streaming call delivers {@code first}, in order, and then stalls (e.g. a server
   * that holds the stream open without sending more) until the caller is interrupted.
   */
  protected abstract LlmProvider providerStreamingThenStalling(List<String> first);

  /** A provider whose next call is refused as rate limited, asking the caller to retry after {@code retryAfter}. */
  protected abstract LlmProvider providerRateLimited(Duration retryAfter);

  /**
   * Checks that the call the kit just interrupted gave back what it held; called after the call ended.
   * An HTTP adapter asserts here that its local server saw the client close the connection (the request
   * was aborted, not left running). The default checks nothing.
   *
   * @throws Exception when waiting for the evidence fails
   */
  protected void assertAbortedCallReleased() throws Exception {
    // nothing to check by default
  }

  /** The error kinds {@link #errorKindsSurfaceAsProviderExceptionsOfThatKind} checks. */
  protected List<ErrorKind> failureKinds() {
    return List.of(ErrorKind.TRANSIENT, ErrorKind.RATE_LIMITED, ErrorKind.PERMANENT);
  }

  /**
   * How long the kit waits for a call to block, for a stream's first chunk, or for a call to end after an
   * interrupt, before it fails; {@link #PATIENCE} by default.
   */
  protected Duration patience() {
    return PATIENCE;
  }

  /** The model kit requests name. */
  protected String model() {
    return "kit-model";
  }

  /** A request with a system turn and {@code user} as the user turn, from {@link #MEMBER_ID}. */
  protected ChatRequest request(String user, boolean stream) {
    return new ChatRequest(model(), List.of(ChatMessage.system("You are a concise assistant."),
        ChatMessage.user(user)), null, null, stream, List.of(), null, Map.of(),
        new CallContext("kit-run", "kit-round", 0, 0, MEMBER_ID, 1));
  }

  @Test
  void answersWithThePrimedText() {
    try (LlmProvider provider = providerAnswering("The answer is 42.")) {
      ChatResponse response = provider.chat(request("What is the answer?", false), StreamSink.IGNORE);

      assertThat(response.content()).isEqualTo("The answer is 42.");
      assertThat(response.hasToolCalls()).isFalse();
    }
  }

  @Test
  void reportsNonNegativeUsage() {
    try (LlmProvider provider = providerAnswering("Usage is counted.")) {
      ChatResponse response = provider.chat(request("Count my tokens, please.", false), StreamSink.IGNORE);

      assertThat(response.usage().inputTokens()).isNotNegative();
      assertThat(response.usage().outputTokens()).isNotNegative();
      if (response.usage().cost() != null) {
        assertThat(response.usage().cost()).isNotNegative();
      }
    }
  }

  @Test
  void hasANonBlankId() {
    try (LlmProvider provider = providerAnswering("id")) {
      assertThat(provider.id()).isNotBlank();
    }
  }

  @Test
  void streamsChunksInOrderWithIncreasingIndexAndAssemblesThem() {
    List<String> primed = List.of("Streams ", "arrive ", "in ", "order.");
    List<StreamChunk> received = Collections.synchronizedList(new ArrayList<>());
    try (LlmProvider provider = providerStreaming(primed)) {
      ChatResponse response = provider.chat(request("Stream something.", true), received::add);

      assertThat(received).as("chunks passed to StreamSink.onChunk").isNotEmpty();
      List<String> texts = received.stream().map(StreamChunk::content).filter(c -> !c.isEmpty()).toList();
      assertThat(texts).as("non-empty chunk contents, in order").containsExactlyElementsOf(primed);
      for (int i = 0; i < received.size(); i++) {
        assertThat(received.get(i).index()).as("index of chunk %d of %s (indexes count from 0 without gaps)", i,
            received).isEqualTo(i);
      }
      for (int i = 0; i < received.size() - 1; i++) {
        assertThat(received.get(i).finishReason()).as("finish reason of chunk %d of %s, which is not the last (the "
            + "last chunk, and only that one, carries the finish reason)", i, received).isNull();
      }
      assertThat(received.getLast().finishReason()).as("finish reason of the last chunk of %s (the last chunk, and "
          + "only that one, carries the finish reason, the response's)", received).isNotNull()
          .isEqualTo(response.finishReason());
      String assembled = String.join("", received.stream().map(StreamChunk::content).toList());
      assertThat(assembled).isEqualTo(String.join("", primed));
      assertThat(response.content()).isEqualTo(assembled);
    }
  }

  @Test
  void rateLimitCarriesItsRetryAfter() {
    Duration retryAfter = Duration.ofSeconds(7);
    try (LlmProvider provider = providerRateLimited(retryAfter)) {
      try {
        provider.chat(request("Too fast?", false), StreamSink.IGNORE);
        fail("expected a ProviderException of kind RATE_LIMITED");
      } catch (ProviderException e) {
        assertThat(e.kind()).as("kind of a rate limit's ProviderException").isEqualTo(ErrorKind.RATE_LIMITED);
        assertThat(e.retryAfter()).as("retryAfter() of a rate limit's ProviderException (a rate limit carries the "
            + "server's Retry-After, so the engine waits as long as asked)").isEqualTo(retryAfter);
        assertThat(e.error().retryAfter()).as("error().retryAfter() of a rate limit's ProviderException (a rate limit "
            + "carries the server's Retry-After)").isEqualTo(retryAfter);
        assertThat(e.error().retryable()).as("a rate limit is retryable").isTrue();
      }
    }
  }

  @Test
  void closeMayBeCalledTwice() {
    LlmProvider provider = providerAnswering("closing");
    provider.close();
    provider.close();
  }

  @TestFactory
  Stream<DynamicTest> errorKindsSurfaceAsProviderExceptionsOfThatKind() {
    return failureKinds().stream().map(kind -> DynamicTest.dynamicTest(kind.name(), () -> {
      try (LlmProvider provider = providerFailing(kind, "primed " + kind + " failure")) {
        try {
          provider.chat(request("Fail, please.", false), StreamSink.IGNORE);
          fail("expected a ProviderException of kind " + kind);
        } catch (ProviderException e) {
          assertThat(e.kind()).isEqualTo(kind);
          assertThat(e.getMessage()).isNotBlank();
          assertThat(e.error().retryable()).isEqualTo(kind.retryable());
        }
      }
    }));
  }

  @Test
  void interruptAbortsABlockedCallWithCancelled() throws Exception {
    Outcome outcome = new Outcome();
    try (LlmProvider provider = providerBlocking()) {
      Thread caller = Thread.ofVirtual().name("kit-caller").start(
          () -> outcome.run(() -> provider.chat(request("Take your time.", false), StreamSink.IGNORE)));
      awaitBlocked(caller);
      caller.interrupt();
      if (!caller.join(patience())) {
        fail("the call did not end within " + patience() + " after its thread was interrupted; an interrupted "
            + "call must end promptly with a ProviderException of kind CANCELLED (abort the request, do not wait on)");
      }
      outcome.assertCancelled();
      assertAbortedCallReleased();
    }
  }

  @Test
  void interruptInTheMiddleOfAStreamAbortsItWithCancelled() throws Exception {
    List<String> first = List.of("Half an ", "answer");
    List<StreamChunk> received = Collections.synchronizedList(new ArrayList<>());
    CountDownLatch firstChunk = new CountDownLatch(1);
    Outcome outcome = new Outcome();
    try (LlmProvider provider = providerStreamingThenStalling(first)) {
      Thread caller = Thread.ofVirtual().name("kit-streaming-caller").start(
          () -> outcome.run(() -> provider.chat(request("Stream, then stall.", true), chunk -> {
            received.add(chunk);
            if (!chunk.content().isEmpty()) {
              firstChunk.countDown();
            }
          })));
      if (!firstChunk.await(patience().toMillis(), TimeUnit.MILLISECONDS)) {
        fail("no stream chunk arrived within " + patience() + "; the call's thread is " + caller.getState());
      }
      caller.interrupt();
      if (!caller.join(patience())) {
        fail("the streaming call did not end within " + patience() + " after its thread was interrupted; an "
            + "interrupted call must end promptly with a ProviderException of kind CANCELLED (abort the stream, do "
            + "not wait on)");
      }
      outcome.assertCancelled();
      List<String> texts = received.stream().map(StreamChunk::content).filter(c -> !c.isEmpty()).toList();
      assertThat(first).as("the primed chunks start with what arrived before the interrupt").startsWith(
          texts.toArray(String[]::new));
      assertAbortedCallReleased();
    }
  }

  /** How a call made on another thread ended, and whether that thread's interrupt status was kept. */
  private static final class Outcome {
    private final AtomicReference<@Nullable Throwable> thrown = new AtomicReference<>();
    private final AtomicReference<@Nullable ChatResponse> answered = new AtomicReference<>();
    private final AtomicBoolean interruptKept = new AtomicBoolean();

    void run(java.util.function.Supplier<ChatResponse> call) {
      try {
        answered.set(call.get());
      } catch (Throwable t) {
        thrown.set(t);
        interruptKept.set(Thread.currentThread().isInterrupted());
      }
    }

    void assertCancelled() {
      assertThat(answered.get()).as("response of an interrupted call (an interrupted call must end with a "
          + "ProviderException of kind CANCELLED, not answer)").isNull();
      assertThat(thrown.get()).as("what an interrupted call threw (an interrupted call must end with a "
          + "ProviderException of kind CANCELLED)").isInstanceOf(ProviderException.class);
      assertThat(((ProviderException) thrown.get()).kind()).as("kind of an interrupted call's ProviderException "
          + "(an interrupted call must end with a ProviderException of kind CANCELLED, %s)", thrown.get())
          .isEqualTo(ErrorKind.CANCELLED);
      assertThat(interruptKept.get()).as("the caller's interrupt status after the CANCELLED exception (an "
          + "interrupted call must keep its thread's interrupt status: restore it before throwing)").isTrue();
    }
  }

  /**
   * Waits until {@code caller} is parked inside the provider call (its state is {@code WAITING} or
   * {@code TIMED_WAITING}). Override when the provider can tell more precisely.
   */
  protected void awaitBlocked(Thread caller) throws InterruptedException {
    long deadline = System.nanoTime() + patience().toNanos();
    while (caller.isAlive()) {
      Thread.State state = caller.getState();
      if (state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING) {
        return;
      }
      if (System.nanoTime() > deadline) {
        fail("the call never blocked within " + patience() + "; its thread is " + state);
      }
      Thread.sleep(5);
    }
  }
}
