package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.ErrorKind;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.providers.internal.ScriptedServer.RecordedRequest;
import dev.council.providers.internal.ScriptedServer.Reply;
import dev.council.providers.internal.TestSupport.BackgroundCall;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What every adapter gets from {@link HttpTransport}: limits, headers, timeouts, failures, shutdown. */
class HttpTransportTest {
  private static final String COMPLETION = """
      {"id": "c1", "model": "m", "choices": [{"index": 0, "finish_reason": "stop",
        "message": {"role": "assistant", "content": "ok"}}], "usage": {"prompt_tokens": 1, "completion_tokens": 1}}
      """;
  private static final ChatRequest HELLO = ChatRequest.of("m", null, "hello");

  private ScriptedServer server;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private OpenAiProvider provider(String... settings) {
    String[] all = new String[settings.length + 2];
    all[0] = "council.providers.p.base-url";
    all[1] = server.baseUrl();
    System.arraycopy(settings, 0, all, 2, settings.length);
    return new OpenAiProviderFactory().create("p", config(Map.of("OPENAI_API_KEY", KEY), all), Clock.systemUTC());
  }

  @Test
  void callsBeyondMaxConcurrentWaitInLineInsteadOfBeingSent() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.enqueue(Reply.status(200).header("Content-Type", "application/json").await(release).piece(COMPLETION)
        .build(), Reply.json(200, COMPLETION));
    try (OpenAiProvider p = provider("council.providers.p.max-concurrent", "1")) {
      BackgroundCall first = BackgroundCall.start(p, HELLO, StreamSink.IGNORE);
      server.takeRequest();
      BackgroundCall second = BackgroundCall.start(p, HELLO, StreamSink.IGNORE);

      second.awaitParkedIn("java.util.concurrent.Semaphore.acquire");
      assertThat(server.requestCount()).as("the second call was not sent while the first is in flight").isEqualTo(1);
      release.countDown();

      assertThat(first.await().content()).isEqualTo("ok");
      assertThat(second.await().content()).isEqualTo("ok");
      assertThat(server.requestCount()).isEqualTo(2);
    }
  }

  @Test
  void interruptedWhileWaitingInLineIsCancelledWithoutARequest() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    server.enqueue(Reply.status(200).header("Content-Type", "application/json").await(release).piece(COMPLETION)
        .build());
    try (OpenAiProvider p = provider("council.providers.p.max-concurrent", "1")) {
      BackgroundCall first = BackgroundCall.start(p, HELLO, StreamSink.IGNORE);
      server.takeRequest();
      BackgroundCall second = BackgroundCall.start(p, HELLO, StreamSink.IGNORE);
      second.awaitParkedIn("java.util.concurrent.Semaphore.acquire");

      second.thread.interrupt();

      assertThat(second.awaitFailure().kind()).isEqualTo(ErrorKind.CANCELLED);
      release.countDown();
      assertThat(first.await().content()).isEqualTo("ok");
      assertThat(server.requestCount()).isEqualTo(1);
    }
  }

  @Test
  void configuredHeadersAreSentAndOverrideTheAdapters() {
    server.enqueue(Reply.json(200, COMPLETION));
    try (OpenAiProvider p = provider("council.providers.p.headers.OpenAI-Organization", "org-123",
        "council.providers.p.headers.Accept", "application/x-custom")) {
      p.chat(HELLO, StreamSink.IGNORE);
      RecordedRequest sent = server.takeRequest();
      assertThat(sent.header("OpenAI-Organization")).isEqualTo("org-123");
      assertThat(sent.header("Accept")).isEqualTo("application/x-custom");
      assertThat(p.toString()).doesNotContain("org-123");
    }
  }

  @Test
  void refusedConnectionIsTransientAndSaysWhatToCheck() throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
      port = s.getLocalPort();
    }
    try (OpenAiProvider p = new OpenAiProviderFactory().create("p", config(Map.of(),
        "council.providers.p.base-url", "http://127.0.0.1:" + port), Clock.systemUTC())) {
      ProviderException e = catchThrowableOfType(ProviderException.class, () -> p.chat(HELLO, StreamSink.IGNORE));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).isEqualTo("p: cannot connect to 127.0.0.1:" + port + ": is the server running, and "
          + "is council.providers.p.base-url (now http://127.0.0.1:" + port + ") right?");
    }
  }

  @Test
  void noResponseWithinTheReadTimeoutIsTransient() {
    server.enqueue(Reply.silence());
    try (OpenAiProvider p = provider("council.providers.p.read-timeout", "200ms")) {
      ProviderException e = catchThrowableOfType(ProviderException.class, () -> p.chat(HELLO, StreamSink.IGNORE));
      assertThat(e.kind()).isEqualTo(ErrorKind.TRANSIENT);
      assertThat(e.getMessage()).isEqualTo("p: no response from " + server.baseUrl() + "/v1/chat/completions within "
          + "200ms (council.providers.p.read-timeout)");
    }
  }

  @Test
  void alreadyInterruptedCallIsCancelledBeforeAnythingIsSent() {
    try (OpenAiProvider p = provider()) {
      Thread.currentThread().interrupt();
      ProviderException e;
      try {
        e = catchThrowableOfType(ProviderException.class, () -> p.chat(HELLO, StreamSink.IGNORE));
      } finally {
        assertThat(Thread.interrupted()).as("the interrupt status is kept").isTrue();
      }
      assertThat(e.kind()).isEqualTo(ErrorKind.CANCELLED);
      assertThat(e.getMessage()).isEqualTo("p: the call was cancelled and its HTTP request aborted");
      assertThat(server.requestCount()).isZero();
    }
  }

  @Test
  void closedProviderRefusesCallsAndClosingTwiceIsHarmless() {
    OpenAiProvider p = provider();
    p.close();
    p.close();
    ProviderException e = catchThrowableOfType(ProviderException.class, () -> p.chat(HELLO, StreamSink.IGNORE));
    assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
    assertThat(e.getMessage()).isEqualTo("p: the provider has been closed; create a new one");
  }

  @Test
  void connectionsAreReusedAcrossCalls() {
    server.enqueue(Reply.json(200, COMPLETION), Reply.sse(TestSupport.sse("\n",
        "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"ok\"},\"finish_reason\":\"stop\"}]}", "[DONE]")),
        Reply.json(200, COMPLETION));
    try (OpenAiProvider p = provider()) {
      p.chat(HELLO, StreamSink.IGNORE);
      p.chat(HELLO.withStream(true), StreamSink.IGNORE);
      p.chat(HELLO, StreamSink.IGNORE);
    }
    assertThat(server.connectionCount()).isEqualTo(1);
  }
}
