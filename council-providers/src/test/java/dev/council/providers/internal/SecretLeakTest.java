package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The API key never shows up in exceptions, their error data, toString, or logs, whatever the server sends back. */
class SecretLeakTest {

  @ParameterizedTest
  @ValueSource(strings = {"openai", "anthropic", "gemini", "ollama", "openrouter"})
  void keyNeverAppearsInExceptionsToStringOrLogs(String type) throws Exception {
    PrintStream originalErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<String> seen = new ArrayList<>();
    try (ScriptedServer server = ScriptedServer.start()) {
      String echo = "{\"error\": {\"message\": \"bad key " + KEY + "\", \"type\": \"x\", \"status\": \"INTERNAL\"}, "
          + "\"type\": \"error\"}";
      server.enqueue(Reply.json(401, echo), Reply.json(403, echo), Reply.json(500, echo), Reply.json(429, echo),
          Reply.json(200, "{not json " + KEY), Reply.json(404, "not json at all " + KEY));
      System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
      try (LlmProvider provider = TestSupport.factory(type).create("p", config(Map.of(),
          "council.providers.p.base-url", server.baseUrl(), "council.providers.p.api-key", KEY))) {
        seen.add(provider.toString());
        for (int i = 0; i < 6; i++) {
          ProviderException e = catchThrowableOfType(ProviderException.class,
              () -> provider.chat(ChatRequest.of("m", "system", "hi"), StreamSink.IGNORE));
          seen.add(e.getMessage());
          seen.add(e.toString());
          seen.add(e.error().toString());
        }
      }
      assertThat(server.requestCount()).isEqualTo(6);
    } finally {
      System.setErr(originalErr);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).as("debug logging ran").contains("POST");
    seen.add(logged);
    assertThat(seen).allSatisfy(text -> assertThat(text).doesNotContain(KEY));
  }

  @Test
  void settingsAndConfigProblemsMaskTheKeyAndHeaderValues() {
    CouncilConfig values = config(Map.of(), "council.providers.p.api-key", KEY,
        "council.providers.p.headers.X-Api-Token", KEY, "council.providers.p.read-timeout", "forever");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> new OpenAiProviderFactory().create("p",
        values));
    ProviderSettings settings = ProviderSettings.read("p", config(Map.of(), "council.providers.p.api-key", KEY,
        "council.providers.p.headers.X-Api-Token", KEY), OpenAiProviderFactory.DEFAULTS);

    assertThat(e.getMessage()).contains("read-timeout").doesNotContain(KEY);
    assertThat(settings.toString()).contains("X-Api-Token", "******").doesNotContain(KEY);
  }

}
