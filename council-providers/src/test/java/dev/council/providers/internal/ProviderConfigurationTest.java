package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.config.Secret;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.LlmProviderFactory;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ProviderConfigurationTest {

  @Test
  void serviceLoaderFindsEveryAdapterType() {
    assertThat(ServiceLoader.load(LlmProviderFactory.class).stream().map(ServiceLoader.Provider::get)
        .filter(TestSupport::isOurs).map(LlmProviderFactory::type))
        .containsExactlyInAnyOrder("openai", "anthropic", "gemini", "ollama", "openrouter");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "openai | OPENAI_API_KEY",
      "anthropic | ANTHROPIC_API_KEY",
      "gemini | GEMINI_API_KEY or GOOGLE_API_KEY",
      "openrouter | OPENROUTER_API_KEY"})
  void missingKeyFailsAtCreationNamingTheVariable(String type, String variables) {
    LlmProviderFactory factory = TestSupport.factory(type);

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> factory.create("main", config(Map.of())));

    assertThat(e.problems()).containsExactly("provider 'main' (type " + type + ") has no API key: set environment "
        + "variable " + variables + ", or set council.providers.main.api-key-env to the name of the variable that "
        + "holds the key, or set council.providers.main.api-key");
  }

  @Test
  void ollamaNeedsNoKey() {
    try (LlmProvider p = TestSupport.factory("ollama").create("local", config(Map.of()))) {
      assertThat(p.id()).isEqualTo("local");
    }
  }

  @Test
  void keyEnvironmentVariableCanBeRenamed() {
    ProviderSettings s = ProviderSettings.read("work", config(Map.of("WORK_OPENAI_KEY", KEY, "OPENAI_API_KEY", "other"),
        "council.providers.work.api-key-env", "WORK_OPENAI_KEY"), OpenAiProviderFactory.DEFAULTS);
    assertThat(s.apiKey()).isEqualTo(Secret.of(KEY));
    assertThat(s.apiKeySource()).isEqualTo("environment variable WORK_OPENAI_KEY");
  }

  @Test
  void renamedKeyVariableThatIsUnsetIsReported() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> TestSupport.factory("anthropic").create("claude",
        config(Map.of("ANTHROPIC_API_KEY", KEY), "council.providers.claude.api-key-env", "CLAUDE_KEY")));
    assertThat(e.problems()).containsExactly("council.providers.claude.api-key-env names environment variable "
        + "CLAUDE_KEY, but it is not set or empty: export CLAUDE_KEY with the API key of provider 'claude', or point "
        + "council.providers.claude.api-key-env at the variable that holds it");
  }

  @Test
  void keyMayBeConfiguredDirectlyAndWinsOverTheEnvironment() {
    ProviderSettings s = ProviderSettings.read("openai", config(Map.of("OPENAI_API_KEY", "from-env"),
        "council.providers.openai.api-key", KEY), OpenAiProviderFactory.DEFAULTS);
    assertThat(s.apiKey()).isEqualTo(Secret.of(KEY));
    assertThat(s.apiKeySource()).isEqualTo("configuration key council.providers.openai.api-key");
  }

  @Test
  void severalIdsShareOneTypeWithTheirOwnSettings() {
    CouncilConfig values = config(Map.of("OPENAI_API_KEY", KEY, "VLLM_KEY", "vllm-secret"),
        "council.providers.vllm.base-url", "http://10.0.0.5:8000/v1", "council.providers.vllm.api-key-env", "VLLM_KEY",
        "council.providers.vllm.read-timeout", "10m", "council.providers.vllm.max-concurrent", "2",
        "council.providers.vllm.connect-timeout", "1500ms");

    ProviderSettings openai = ProviderSettings.read("openai", values, OpenAiProviderFactory.DEFAULTS);
    ProviderSettings vllm = ProviderSettings.read("vllm", values, OpenAiProviderFactory.DEFAULTS);

    assertThat(openai.baseUrl()).isEqualTo(URI.create("https://api.openai.com"));
    assertThat(openai.apiKey()).isEqualTo(Secret.of(KEY));
    assertThat(openai.readTimeout()).isEqualTo(ProviderSettings.DEFAULT_READ_TIMEOUT);
    assertThat(openai.connectTimeout()).isEqualTo(ProviderSettings.DEFAULT_CONNECT_TIMEOUT);
    assertThat(openai.maxConcurrent()).isEqualTo(ProviderSettings.DEFAULT_MAX_CONCURRENT);
    assertThat(vllm.baseUrl()).isEqualTo(URI.create("http://10.0.0.5:8000/v1"));
    assertThat(vllm.apiKey()).isEqualTo(Secret.of("vllm-secret"));
    assertThat(vllm.readTimeout()).isEqualTo(Duration.ofMinutes(10));
    assertThat(vllm.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
    assertThat(vllm.maxConcurrent()).isEqualTo(2);
  }

  @Test
  void loopbackBaseUrlNeedsNoKeyUnlessRequired() {
    ProviderSettings local = ProviderSettings.read("local", config(Map.of("OPENAI_BASE_URL", "http://localhost:8080")),
        OpenAiProviderFactory.DEFAULTS);
    assertThat(local.apiKey()).isNull();
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> ProviderSettings.read("local",
        config(Map.of("OPENAI_BASE_URL", "http://127.0.0.1:8080"), "council.providers.local.api-key-required", "true"),
        OpenAiProviderFactory.DEFAULTS));
    assertThat(e.problems()).singleElement().asString().startsWith("provider 'local' (type openai) has no API key");
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> TestSupport.factory("openai").create("openai", config(
        Map.of("OPENAI_BASE_URL", "api.openai.com"),
        "council.providers.openai.connect-timeout", "soon",
        "council.providers.openai.read-timeout", "0s",
        "council.providers.openai.max-concurrent", "0",
        "council.providers.openai.headers.Host", "evil",
        "council.providers.openai.max-tokens-field", "max_output_tokens")));

    assertThat(e.problems()).containsExactly(
        "environment variable OPENAI_BASE_URL is 'api.openai.com' but must be an http(s) URL without a query, such as "
            + "https://api.openai.com",
        "council.providers.openai.connect-timeout is 'soon' but must be a duration such as 500ms, 30s, 2m or PT30S "
            + "(set it as system property -Dcouncil.providers.openai.connect-timeout=..., environment variable "
            + "COUNCIL_PROVIDERS_OPENAI_CONNECT_TIMEOUT, or in council.properties)",
        "council.providers.openai.read-timeout is PT0S but must be a positive duration such as 30s",
        "council.providers.openai.max-concurrent is 0 but must be at least 1 (the number of requests provider "
            + "'openai' may have in flight at once)",
        "council.providers.openai.headers.Host cannot be set: the HTTP client manages the Host header itself; remove "
            + "the setting",
        "provider 'openai' (type openai) has no API key: set environment variable OPENAI_API_KEY, or set "
            + "council.providers.openai.api-key-env to the name of the variable that holds the key, or set "
            + "council.providers.openai.api-key",
        "council.providers.openai.max-tokens-field is 'max_output_tokens' but must be one of [max_completion_tokens, "
            + "max_tokens] (the request field that carries the output token limit)");
  }

  @Test
  void openAiItselfGetsMaxCompletionTokensAndOthersMaxTokens() {
    OpenAiProviderFactory f = new OpenAiProviderFactory();
    ChatRequest limited = new ChatRequest("gpt-5", List.of(ChatMessage.user("hi")), null, 99, false, List.of(), null,
        Map.of(), CallContext.NONE);
    try (OpenAiProvider official = f.create("openai", config(Map.of("OPENAI_API_KEY", KEY)), Clock.systemUTC());
        OpenAiProvider local = f.create("lm", config(Map.of(), "council.providers.lm.base-url",
            "http://localhost:1234"), Clock.systemUTC())) {
      assertThat(official.body(limited)).containsEntry("max_completion_tokens", 99).doesNotContainKey("max_tokens");
      assertThat(local.body(limited)).containsEntry("max_tokens", 99).doesNotContainKey("max_completion_tokens");
    }
  }

  @Test
  void extraRequestOptionsAreMergedButCannotTurnStreamingOff() {
    ChatRequest request = new ChatRequest("llama3.2", List.of(ChatMessage.user("hi")), 0.1, null, true, List.of(),
        null, Map.of("keep_alive", "10m", "stream", false, "options", Map.of("num_ctx", 8192)), CallContext.NONE);
    Map<String, Object> body;
    try (OllamaProvider ollama = new OllamaProviderFactory().create("ollama", config(Map.of()), Clock.systemUTC())) {
      body = ollama.body(request);
    }
    assertThat(body).containsEntry("keep_alive", "10m").containsEntry("stream", true)
        .containsEntry("options", Map.of("temperature", 0.1, "num_ctx", 8192));
  }

  @Test
  void geminiSchemaDialectMustBeKnown() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> TestSupport.factory("gemini").create("gemini",
        config(Map.of("GEMINI_API_KEY", KEY), "council.providers.gemini.schema-dialect", "yaml")));
    assertThat(e.problems()).singleElement().asString()
        .startsWith("council.providers.gemini.schema-dialect is 'yaml' but must be one of [openapi, json-schema]");
  }

  @Test
  void aTypoOfTheGeminiSchemaDialectIsAnsweredWithTheClosestOne() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> TestSupport.factory("gemini").create("gemini",
        config(Map.of("GEMINI_API_KEY", KEY), "council.providers.gemini.schema-dialect", "json_shema")));
    assertThat(e.problems()).singleElement().asString()
        .startsWith("council.providers.gemini.schema-dialect is 'json_shema' but must be one of [openapi, json-schema]")
        .endsWith(". Did you mean 'json-schema'?");
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "127.0.0.1, http://127.0.0.1:11434",
      "localhost:11435, http://localhost:11435",
      "0.0.0.0, http://0.0.0.0:11434",
      ":11434, http://127.0.0.1:11434",
      "[::1], http://[::1]:11434",
      "[::1]:9000, http://[::1]:9000",
      "https://ollama.example.com, https://ollama.example.com",
      "http://gpu-box:11434/, http://gpu-box:11434/",
      "gpu-box/ollama, http://gpu-box:11434/ollama"})
  void ollamaHostIsReadAsOllamaReadsIt(String host, String url) {
    assertThat(OllamaProviderFactory.normalizeHost(host)).isEqualTo(url);
  }

  @ParameterizedTest(name = "{0} + {1} -> {3}")
  @CsvSource({
      "https://api.openai.com, /v1, /chat/completions, https://api.openai.com/v1/chat/completions",
      "http://localhost:8000/v1, /v1, /chat/completions, http://localhost:8000/v1/chat/completions",
      "https://openrouter.ai/api/v1, /v1, /chat/completions, https://openrouter.ai/api/v1/chat/completions",
      "https://api.groq.com/openai/v1, /v1, /chat/completions, https://api.groq.com/openai/v1/chat/completions",
      "https://generativelanguage.googleapis.com, /v1beta, /models/g:generateContent, https://generativelanguage.googleapis.com/v1beta/models/g:generateContent",
      "https://proxy.example/gemini/v1beta, /v1beta, /models/g:generateContent, https://proxy.example/gemini/v1beta/models/g:generateContent",
      "http://localhost:11434, /api, /chat, http://localhost:11434/api/chat",
      "http://localhost:11434/api, /api, /chat, http://localhost:11434/api/chat"})
  void endpointsJoinWithOrWithoutTheVersionSegment(String base, String prefix, String path, String expected) {
    assertThat(Endpoints.resolve(URI.create(base), prefix, path)).isEqualTo(URI.create(expected));
  }

}
