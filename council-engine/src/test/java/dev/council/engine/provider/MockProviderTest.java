package dev.council.engine.provider;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.ToolCall;
import dev.council.api.spi.LlmProvider;
import dev.council.testkit.LlmProviderKit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class MockProviderTest extends LlmProviderKit {

  @Override
  protected LlmProvider providerAnswering(String text) {
    return MockProvider.create("mock").script(MEMBER_ID, MockScript.content(text));
  }

  @Override
  protected LlmProvider providerStreaming(List<String> chunks) {
    return MockProvider.create("mock").script(MEMBER_ID, MockScript.stream(chunks, Duration.ZERO));
  }

  @Override
  protected LlmProvider providerFailing(ErrorKind kind, String message) {
    return MockProvider.create("mock").script(MEMBER_ID, MockScript.error(kind, message));
  }

  @Override
  protected LlmProvider providerBlocking() {
    return MockProvider.create("mock").script(MEMBER_ID, MockScript.blockUntilInterrupted());
  }

  @Override
  protected LlmProvider providerStreamingThenStalling(List<String> first) {
    List<String> chunks = new ArrayList<>(first);
    chunks.add("(sent only if the interrupt never came)");
    // the mock waits before each chunk: the kit interrupts while it waits before the last one
    return MockProvider.create("mock").script(MEMBER_ID, MockScript.stream(chunks, Duration.ofSeconds(1)));
  }

  @Override
  protected LlmProvider providerRateLimited(Duration retryAfter) {
    return MockProvider.create("mock").script(MEMBER_ID, MockScript.error(ErrorKind.RATE_LIMITED, "429 slow down",
        retryAfter));
  }

  private static ChatRequest ask(String memberId, String user, boolean stream) {
    return new ChatRequest("m1", List.of(ChatMessage.system("You are terse."), ChatMessage.user(user)), null, null,
        stream, List.of(), null, Map.of(), new CallContext("run-1", "independent_analysis", 0, 0, memberId, 1));
  }

  @Test
  void scriptedMemberAnswersWithItsContent() {
    MockProvider mock = MockProvider.create("mock")
        .script("alice", MockScript.content("Alice says yes."))
        .script("bob", MockScript.content("Bob says no."));

    assertThat(mock.chat(ask("alice", "Should we?", false), StreamSink.IGNORE).content()).isEqualTo("Alice says yes.");
    assertThat(mock.chat(ask("bob", "Should we?", false), StreamSink.IGNORE).content()).isEqualTo("Bob says no.");
    assertThat(mock.calls("alice")).isEqualTo(1);
    assertThat(mock.calls("bob")).isEqualTo(1);
  }

  @Test
  void unscriptedMemberGetsTheDefaultFallbackAnswer() {
    MockProvider mock = MockProvider.create("mock");

    ChatResponse response = mock.chat(ask("carol", "Anything?", false), StreamSink.IGNORE);

    assertThat(response.content()).isEqualTo("mock answer from carol");
    assertThat(response.finishReason()).isEqualTo("stop");
    assertThat(response.model()).isEqualTo("m1");
  }

  @Test
  void customFallbackAnswersMembersWithoutScripts() {
    MockProvider mock = MockProvider.create("mock").fallback(MockScript.content("fallback"))
        .script("alice", MockScript.content("own"));

    assertThat(mock.chat(ask("zed", "?", false), StreamSink.IGNORE).content()).isEqualTo("fallback");
    assertThat(mock.chat(ask("alice", "?", false), StreamSink.IGNORE).content()).isEqualTo("own");
  }

  @Test
  void requestWithoutMemberIdFailsPermanentlySayingSo() {
    MockProvider mock = MockProvider.create("mock-x");

    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> mock.chat(ChatRequest.of("m1", null, "hi"), StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).contains("mock provider 'mock-x'").contains("without a member id")
        .contains("memberId");
  }

  @Test
  void recordsEveryRequestInOrder() {
    MockProvider mock = MockProvider.create("mock");
    mock.chat(ask("alice", "first", false), StreamSink.IGNORE);
    mock.chat(ask("alice", "second", false), StreamSink.IGNORE);

    assertThat(mock.requests("alice")).extracting(ChatRequest::lastUserMessage).containsExactly("first", "second");
    assertThat(mock.requests("nobody")).isEmpty();
    assertThat(mock.calls("nobody")).isZero();
  }

  @Test
  void streamScriptEmitsChunksInOrderEndingWithStop() {
    MockProvider mock = MockProvider.create("mock")
        .script("alice", MockScript.stream(List.of("a", "b", "c"), Duration.ZERO));
    List<StreamChunk> chunks = new ArrayList<>();

    ChatResponse response = mock.chat(ask("alice", "stream", true), chunks::add);

    assertThat(chunks).containsExactly(new StreamChunk("a", null, 0), new StreamChunk("b", null, 1),
        new StreamChunk("c", "stop", 2));
    assertThat(response.content()).isEqualTo("abc");
    assertThat(response.finishReason()).isEqualTo("stop");
  }

  @Test
  void streamScriptAnswersWithoutChunksWhenTheRequestDoesNotStream() {
    MockProvider mock = MockProvider.create("mock")
        .script("alice", MockScript.stream(List.of("a", "b"), Duration.ZERO));
    List<StreamChunk> chunks = new ArrayList<>();

    ChatResponse response = mock.chat(ask("alice", "no stream", false), chunks::add);

    assertThat(chunks).isEmpty();
    assertThat(response.content()).isEqualTo("ab");
  }

  @Test
  void contentScriptDeliversOneFinalChunkWhenTheRequestStreams() {
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.content("whole answer"));
    List<StreamChunk> chunks = new ArrayList<>();

    mock.chat(ask("alice", "stream", true), chunks::add);

    assertThat(chunks).containsExactly(new StreamChunk("whole answer", "stop", 0));
  }

  @Test
  void sequenceUsesTheNthScriptForTheNthCallAndRepeatsTheLast() {
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.sequence(
        MockScript.error(ErrorKind.TRANSIENT, "503 one"),
        MockScript.error(ErrorKind.TRANSIENT, "503 two"),
        MockScript.content("finally")));

    assertThatThrownBy(() -> mock.chat(ask("alice", "q", false), StreamSink.IGNORE)).hasMessage("503 one");
    assertThatThrownBy(() -> mock.chat(ask("alice", "q", false), StreamSink.IGNORE)).hasMessage("503 two");
    assertThat(mock.chat(ask("alice", "q", false), StreamSink.IGNORE).content()).isEqualTo("finally");
    assertThat(mock.chat(ask("alice", "q", false), StreamSink.IGNORE).content()).isEqualTo("finally");
    assertThat(mock.calls("alice")).isEqualTo(4);
  }

  @Test
  void sequenceCountsCallsPerMember() {
    MockScript script = MockScript.sequence(MockScript.content("first"), MockScript.content("second"));
    MockProvider mock = MockProvider.create("mock").script("alice", script).script("bob", script);

    mock.chat(ask("alice", "q", false), StreamSink.IGNORE);

    assertThat(mock.chat(ask("bob", "q", false), StreamSink.IGNORE).content()).isEqualTo("first");
    assertThat(mock.chat(ask("alice", "q", false), StreamSink.IGNORE).content()).isEqualTo("second");
  }

  @Test
  void errorScriptThrowsProviderExceptionOfItsKindWithoutRetryAfter() {
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.error(ErrorKind.PERMANENT, "bad key"));

    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> mock.chat(ask("alice", "q", false), StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).isEqualTo("bad key");
    assertThat(e.retryAfter()).isNull();
    assertThat(e.error().retryable()).isFalse();
  }

  @Test
  void rateLimitCarriesItsRetryAfter() {
    MockProvider mock = MockProvider.create("mock")
        .script("alice", MockScript.error(ErrorKind.RATE_LIMITED, "429 slow down", Duration.ofSeconds(7)));

    ProviderException e = catchThrowableOfType(ProviderException.class,
        () -> mock.chat(ask("alice", "q", false), StreamSink.IGNORE));

    assertThat(e.kind()).isEqualTo(ErrorKind.RATE_LIMITED);
    assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
    assertThat(e.error().retryAfter()).isEqualTo(Duration.ofSeconds(7));
  }

  @Test
  void respondScriptComputesTheAnswerFromTheRequest() {
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.respond(
        req -> ChatResponse.of("echo: " + req.lastUserMessage(), Usage.of(3, 4))));

    ChatResponse response = mock.chat(ask("alice", "ping", false), StreamSink.IGNORE);

    assertThat(response.content()).isEqualTo("echo: ping");
    assertThat(response.usage()).isEqualTo(Usage.of(3, 4));
  }

  @Test
  void toolCallScriptAnswersWithToolCalls() {
    ToolCall call = new ToolCall("call-1", "search", Map.of("q", "council"));
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.sequence(
        MockScript.toolCalls(List.of(call)), MockScript.content("done")));

    ChatResponse first = mock.chat(ask("alice", "use a tool", false), StreamSink.IGNORE);
    ChatResponse second = mock.chat(ask("alice", "use a tool", false), StreamSink.IGNORE);

    assertThat(first.toolCalls()).containsExactly(call);
    assertThat(first.finishReason()).isEqualTo("tool_calls");
    assertThat(first.content()).isEmpty();
    assertThat(second.hasToolCalls()).isFalse();
    assertThat(second.content()).isEqualTo("done");
  }

  @Test
  void defaultUsageCountsWordsOfMessagesAndAnswer() {
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.content("three word answer"));

    ChatResponse response = mock.chat(ask("alice", "four words right here", false), StreamSink.IGNORE);

    assertThat(response.usage()).isEqualTo(Usage.of(3 + 4, 3));
  }

  @Test
  void usageOverrideReplacesTheWordCount() {
    Usage usage = new Usage(100, 50, 0.25);
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.content("x").usage(usage));

    assertThat(mock.chat(ask("alice", "q", false), StreamSink.IGNORE).usage()).isEqualTo(usage);
  }

  @Test
  void blockUntilInterruptedCountsTheInterruptionAndThrowsCancelled() throws Exception {
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.blockUntilInterrupted());
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    AtomicReference<Boolean> flagAfter = new AtomicReference<>();

    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        mock.chat(ask("alice", "wait", false), StreamSink.IGNORE);
      } catch (Throwable t) {
        thrown.set(t);
        flagAfter.set(Thread.currentThread().isInterrupted());
      }
    });
    awaitBlocked(caller);
    assertThat(mock.interruptions("alice")).isZero();
    caller.interrupt();
    assertThat(caller.join(Duration.ofSeconds(10))).isTrue();

    assertThat(thrown.get()).isInstanceOf(ProviderException.class);
    assertThat(((ProviderException) thrown.get()).kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(thrown.get().getMessage()).contains("member 'alice'").contains("interrupted");
    assertThat(flagAfter.get()).as("interrupt flag restored").isTrue();
    assertThat(mock.interruptions("alice")).isEqualTo(1);
    assertThat(mock.calls("alice")).isEqualTo(1);
  }

  @Test
  void interruptDuringDelayCountsAndCancels() throws Exception {
    MockProvider mock = MockProvider.create("mock")
        .script("alice", MockScript.content("late").delay(Duration.ofMinutes(10)));
    AtomicReference<Throwable> thrown = new AtomicReference<>();

    Thread caller = Thread.ofVirtual().start(() -> {
      try {
        mock.chat(ask("alice", "wait", false), StreamSink.IGNORE);
      } catch (Throwable t) {
        thrown.set(t);
      }
    });
    awaitBlocked(caller);
    caller.interrupt();
    assertThat(caller.join(Duration.ofSeconds(10))).isTrue();

    assertThat(((ProviderException) thrown.get()).kind()).isEqualTo(ErrorKind.CANCELLED);
    assertThat(mock.interruptions("alice")).isEqualTo(1);
  }

  @Test
  void delayedScriptStillAnswersWhenNotInterrupted() {
    MockProvider mock = MockProvider.create("mock")
        .script("alice", MockScript.content("after a nap").delay(Duration.ofMillis(1)));

    assertThat(mock.chat(ask("alice", "q", false), StreamSink.IGNORE).content()).isEqualTo("after a nap");
    assertThat(mock.interruptions("alice")).isZero();
  }

  @Test
  void parallelMembersOnOneInstanceKeepTheirOwnScriptsAndCounts() throws Exception {
    int members = 8;
    int callsEach = 25;
    MockProvider mock = MockProvider.create("mock");
    for (int m = 0; m < members; m++) {
      mock.script("member-" + m, MockScript.sequence(MockScript.content("first of " + m),
          MockScript.content("rest of " + m)));
    }
    CountDownLatch start = new CountDownLatch(1);
    List<Future<List<String>>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int m = 0; m < members; m++) {
        String id = "member-" + m;
        futures.add(pool.submit(() -> {
          start.await();
          List<String> answers = new ArrayList<>();
          for (int c = 0; c < callsEach; c++) {
            answers.add(mock.chat(ask(id, "call " + c, false), StreamSink.IGNORE).content());
          }
          return answers;
        }));
      }
      start.countDown();
      for (int m = 0; m < members; m++) {
        List<String> answers = futures.get(m).get(30, TimeUnit.SECONDS);
        assertThat(answers.get(0)).isEqualTo("first of " + m);
        assertThat(answers.subList(1, callsEach)).containsOnly("rest of " + m);
        assertThat(mock.calls("member-" + m)).isEqualTo(callsEach);
        assertThat(mock.requests("member-" + m)).extracting(ChatRequest::lastUserMessage)
            .startsWith("call 0", "call 1", "call 2").hasSize(callsEach);
      }
    }
  }

  @Test
  void resetForgetsScriptsRecordsAndFallback() {
    MockProvider mock = MockProvider.create("mock").script("alice", MockScript.content("scripted"))
        .fallback(MockScript.content("custom fallback"));
    mock.chat(ask("alice", "q", false), StreamSink.IGNORE);

    mock.reset();

    assertThat(mock.calls("alice")).isZero();
    assertThat(mock.requests("alice")).isEmpty();
    assertThat(mock.chat(ask("alice", "q", false), StreamSink.IGNORE).content()).isEqualTo("mock answer from alice");
    assertThat(mock.chat(ask("bob", "q", false), StreamSink.IGNORE).content()).isEqualTo("mock answer from bob");
  }

  @Test
  void scriptsRejectMeaninglessArguments() {
    assertThatThrownBy(() -> MockScript.sequence()).hasMessageContaining("at least one script");
    assertThatThrownBy(() -> MockScript.stream(List.of(), Duration.ZERO)).hasMessageContaining("at least one chunk");
    assertThatThrownBy(() -> MockScript.content("x").delay(Duration.ofSeconds(-1)))
        .hasMessageContaining("delay must not be negative");
    assertThatThrownBy(() -> MockScript.toolCalls(List.of())).hasMessageContaining("at least one tool call");
  }
}
