package dev.council.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.council.api.ErrorKind;
import dev.council.api.config.CouncilConfig;
import dev.council.providers.internal.ScriptedServer.Reply;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.StreamChunk;
import dev.council.api.spi.LlmProvider;
import dev.council.api.provider.ChatRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/** Helpers shared by the adapter tests. */
final class TestSupport {
  /** A fake key; tests assert it never shows up where it must not. */
  static final String KEY = "sk-test-4f9c2a7e1b3d-DO-NOT-LEAK";

  private TestSupport() {}

  /** A configuration of exactly these values and environment: nothing from the real machine. */
  static CouncilConfig config(Map<String, String> env, String... keyValues) {
    Map<String, String> values = new LinkedHashMap<>();
    for (int i = 0; i < keyValues.length; i += 2) {
      values.put(keyValues[i], keyValues[i + 1]);
    }
    return CouncilConfig.builder().environment(env).systemProperties(Map.of()).setAll(values).build();
  }

  /** SSE text: one {@code data:} event per payload, lines ended by {@code eol}. */
  static String sse(String eol, String... payloads) {
    return Arrays.stream(payloads).map(p -> "data: " + p + eol + eol).collect(Collectors.joining());
  }

  /** Records stream chunks and opens a latch at the first one. */
  static final class RecordingCall implements StreamSink {
    final List<StreamChunk> chunks = new CopyOnWriteArrayList<>();
    final CountDownLatch firstChunk = new CountDownLatch(1);

    @Override
    public void onChunk(StreamChunk chunk) {
      chunks.add(chunk);
      firstChunk.countDown();
    }

    String text() {
      return chunks.stream().map(StreamChunk::content).collect(Collectors.joining());
    }

    void awaitFirstChunk() throws InterruptedException {
      assertThat(firstChunk.await(ScriptedServer.WAIT.toMillis(), TimeUnit.MILLISECONDS))
          .as("a first stream chunk arrived").isTrue();
    }

    /** Indexes 0..n-1 in order, only the last carries a finish reason. */
    void assertWellFormed(String finishReason) {
      for (int i = 0; i < chunks.size(); i++) {
        assertThat(chunks.get(i).index()).isEqualTo(i);
        assertThat(chunks.get(i).finishReason()).isEqualTo(i == chunks.size() - 1 ? finishReason : null);
      }
      assertThat(chunks.getLast().content()).isEmpty();
    }
  }

  /** A chat call running on its own virtual thread, as the engine runs them. */
  static final class BackgroundCall {
    final Thread thread;
    final CompletableFuture<ChatResponse> result = new CompletableFuture<>();

    private BackgroundCall(LlmProvider provider, ChatRequest request, StreamSink call) {
      thread = Thread.ofVirtual().unstarted(() -> {
        try {
          result.complete(provider.chat(request, call));
        } catch (Throwable t) {
          result.completeExceptionally(t);
        }
      });
      thread.start();
    }

    static BackgroundCall start(LlmProvider provider, ChatRequest request, StreamSink call) {
      return new BackgroundCall(provider, request, call);
    }

    ChatResponse await() throws Exception {
      return result.get(ScriptedServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    ProviderException awaitFailure() throws InterruptedException, TimeoutException {
      try {
        ChatResponse r = result.get(ScriptedServer.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        return fail("expected the call to fail, but it returned " + r);
      } catch (ExecutionException e) {
        assertThat(e.getCause()).isInstanceOf(ProviderException.class);
        return (ProviderException) e.getCause();
      }
    }

    /** Waits until the call's thread is parked with {@code frame} on its stack. */
    void awaitParkedIn(String frame) throws InterruptedException {
      long deadline = System.nanoTime() + ScriptedServer.WAIT.toNanos();
      while (System.nanoTime() < deadline) {
        if (Arrays.stream(thread.getStackTrace()).anyMatch(f -> (f.getClassName() + "." + f.getMethodName())
            .startsWith(frame))) {
          return;
        }
        Thread.sleep(Duration.ofMillis(5));
      }
      fail("the call never parked in " + frame + "; its stack: " + Arrays.toString(thread.getStackTrace()));
    }
  }

  /**
   * One scripted server per adapter type, each holding that type's streamed "Paris" answer first, and the
   * environment (keys and base URLs) that points every adapter at its server. Closing closes every server.
   */
  static final class FiveServers implements AutoCloseable {
    static final List<String> TYPES = List.of("openai", "anthropic", "gemini", "ollama", "openrouter");

    private final Map<String, ScriptedServer> servers = new LinkedHashMap<>();

    private FiveServers() {}

    static FiveServers start() {
      FiveServers five = new FiveServers();
      try {
        for (String type : TYPES) {
          five.servers.put(type, ScriptedServer.start());
        }
        five.get("openai").enqueue(Reply.sse(sse("\r\n", OpenAiProviderTest.TEXT_STREAM)));
        five.get("anthropic").enqueue(Reply.sse(AnthropicProviderTest.TEXT_STREAM));
        five.get("gemini").enqueue(Reply.sse(sse("\r\n", GeminiProviderTest.TEXT_STREAM)));
        five.get("ollama").enqueue(Reply.ndjson(OllamaProviderTest.STREAM));
        five.get("openrouter").enqueue(Reply.sse(sse("\n",
            "{\"id\":\"gen-1\",\"model\":\"openai/gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Paris.\"},"
                + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"cost\":0.25}}",
            "[DONE]")));
      } catch (RuntimeException | Error e) {
        five.close();
        throw e;
      }
      return five;
    }

    ScriptedServer get(String type) {
      return Objects.requireNonNull(servers.get(type), type);
    }

    /** API keys and base URLs for all five adapter types. */
    Map<String, String> env() {
      Map<String, String> env = new LinkedHashMap<>();
      env.put("OPENAI_API_KEY", KEY);
      env.put("ANTHROPIC_API_KEY", KEY);
      env.put("GEMINI_API_KEY", KEY);
      env.put("OPENROUTER_API_KEY", KEY);
      env.put("OPENAI_BASE_URL", get("openai").baseUrl());
      env.put("ANTHROPIC_BASE_URL", get("anthropic").baseUrl());
      env.put("GEMINI_BASE_URL", get("gemini").baseUrl());
      env.put("OLLAMA_HOST", get("ollama").baseUrl());
      env.put("OPENROUTER_BASE_URL", get("openrouter").baseUrl() + "/api/v1");
      return env;
    }

    /** The five servers, in {@link #TYPES} order. */
    Collection<ScriptedServer> values() {
      return servers.values();
    }

    @Override
    public void close() {
      servers.values().forEach(ScriptedServer::close);
    }
  }

  /** Whether a discovered factory is one of this module's adapters (the engine's mock and simulated are on the test class path too). */
  static boolean isOurs(LlmProviderFactory factory) {
    return factory.getClass().getPackageName().equals(TestSupport.class.getPackageName());
  }

  /** The discovered factory of an adapter type. */
  static LlmProviderFactory factory(String type) {
    return java.util.ServiceLoader.load(LlmProviderFactory.class).stream().map(java.util.ServiceLoader.Provider::get)
        .filter(f -> f.type().equals(type)).findFirst().orElseThrow();
  }
}
