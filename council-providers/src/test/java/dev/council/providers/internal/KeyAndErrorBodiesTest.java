package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static dev.council.providers.internal.TestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.ErrorKind;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.spi.LlmProvider;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * However a provider shapes a key refusal or an error body, every adapter names the variable the key
 * comes from (never the key) and keeps the server's own message.
 */
class KeyAndErrorBodiesTest {
  static final String GEMINI_INVALID_KEY = "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a "
      + "valid API key.\",\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}";
  static final String OPENAI_INVALID_KEY = "{\"error\":{\"message\":\"Incorrect API key provided: sk-test-****LEAK. "
      + "You can find your API key at https://platform.openai.com/account/api-keys.\",\"type\":"
      + "\"invalid_request_error\",\"code\":\"invalid_api_key\"}}";

  /** The conventional key variable of each adapter type. */
  private static final Map<String, String> KEY_ENV = Map.of("openai", "OPENAI_API_KEY", "anthropic",
      "ANTHROPIC_API_KEY", "gemini", "GEMINI_API_KEY", "ollama", "OLLAMA_API_KEY", "openrouter", "OPENROUTER_API_KEY");

  private static final Map<String, String> BODIES = new LinkedHashMap<>();

  static {
    BODIES.put("gemini", GEMINI_INVALID_KEY);
    BODIES.put("openai", OPENAI_INVALID_KEY);
    BODIES.put("empty", "");
    BODIES.put("html", "<html><head><title>401 Authorization Required</title></head><body><h1>Unauthorized</h1>"
        + "</body></html>");
    BODIES.put("plain string", "Unauthorized: bad key " + KEY);
    BODIES.put("json string", "\"Unauthorized\"");
  }

  static Stream<Arguments> everyTypeAndBody() {
    return TestSupport.FiveServers.TYPES.stream()
        .flatMap(type -> BODIES.keySet().stream().map(body -> Arguments.of(type, body)));
  }

  @ParameterizedTest(name = "{0}, {1} body")
  @MethodSource("everyTypeAndBody")
  void http401NamesTheKeyVariableWhateverTheBody(String type, String bodyName) {
    try (ScriptedServer server = ScriptedServer.start(); LlmProvider provider = provider(type, server, Map.of())) {
      server.enqueue(Reply.status(401).header("Content-Type", bodyName.equals("html") ? "text/html" : "application/json")
          .piece(BODIES.get(bodyName)).build());

      ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
          StreamSink.IGNORE));

      assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(e.httpStatus()).isEqualTo(401);
      assertThat(e.getMessage()).startsWith(type + ": the provider rejected the API key from environment variable "
          + KEY_ENV.get(type) + " (HTTP 401). ").contains("council.providers." + type + ".api-key-env");
      assertThat(e.getMessage()).doesNotContain(KEY, "LEAK");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void aKeyFromACustomVariableIsNamedByThatVariable(String type) {
    Map<String, String> env = Map.of("TEAM_" + type.toUpperCase() + "_KEY", KEY);
    try (ScriptedServer server = ScriptedServer.start(); LlmProvider provider = provider(type, server, env,
        "council.providers." + type + ".api-key-env", "TEAM_" + type.toUpperCase() + "_KEY")) {
      server.enqueue(Reply.json(401, OPENAI_INVALID_KEY));

      ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
          StreamSink.IGNORE));

      assertThat(e.getMessage()).contains("the API key from environment variable TEAM_" + type.toUpperCase() + "_KEY")
          .doesNotContain(KEY);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void http401WithoutAConfiguredKeyNamesTheConventionalVariable(String type) {
    try (ScriptedServer server = ScriptedServer.start();
        LlmProvider provider = TestSupport.factory(type).create(type, config(Map.of(),
            "council.providers." + type + ".base-url", baseUrl(type, server)))) {
      server.enqueue(Reply.json(401, "{\"error\": \"unauthorized\"}"));

      ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
          StreamSink.IGNORE));

      assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(e.getMessage()).isEqualTo(type + ": the server wants an API key (HTTP 401) but none is configured: "
          + "set environment variable " + KEY_ENV.get(type) + (type.equals("gemini") ? " or GOOGLE_API_KEY" : "")
          + ", or set council.providers." + type + ".api-key-env to the name of the variable holding it");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("types")
  void anErrorFieldThatIsAStringKeepsTheServersMessage(String type) {
    try (ScriptedServer server = ScriptedServer.start(); LlmProvider provider = provider(type, server, Map.of())) {
      server.enqueue(Reply.json(404, "{\"error\":\"model not found\"}"));

      ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
          StreamSink.IGNORE));

      assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(e.getMessage()).startsWith(type + ": request refused (HTTP 404): model not found (POST ")
          .doesNotContain("{\"error\"");
    }
  }

  @Test
  void geminisInvalidKeyAsBadRequestNamesTheVariableAndKeepsGeminisWords() {
    try (ScriptedServer server = ScriptedServer.start(); LlmProvider provider = provider("gemini", server, Map.of())) {
      server.enqueue(Reply.json(400, GEMINI_INVALID_KEY));

      ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
          StreamSink.IGNORE));

      assertThat(e.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(e.getMessage()).isEqualTo("gemini: the provider rejected the API key from environment variable "
          + "GEMINI_API_KEY (HTTP 400): API key not valid. Please pass a valid API key.. Check that the key is valid "
          + "and allowed to use this model, or point council.providers.gemini.api-key-env at the variable holding "
          + "the right key");
    }
  }

  @Test
  void geminisInvalidKeyWithoutDetailsIsStillAKeyProblem() {
    try (ScriptedServer server = ScriptedServer.start(); LlmProvider provider = provider("gemini", server, Map.of())) {
      server.enqueue(Reply.json(400, "{\"error\":{\"code\":400,\"message\":\"API key not valid. Please pass a valid "
          + "API key.\",\"status\":\"INVALID_ARGUMENT\"}}"));

      ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
          StreamSink.IGNORE));

      assertThat(e.getMessage()).contains("rejected the API key from environment variable GEMINI_API_KEY (HTTP 400)");
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("openAiProtocol")
  void openAisInvalidKeyAsBadRequestOrInsideAStreamNamesTheVariable(String type) {
    try (ScriptedServer server = ScriptedServer.start(); LlmProvider provider = provider(type, server, Map.of())) {
      server.enqueue(Reply.json(400, OPENAI_INVALID_KEY), Reply.sse(sse("\n", OPENAI_INVALID_KEY)));

      ProviderException badRequest = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
          StreamSink.IGNORE));
      ProviderException inStream = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(true),
          StreamSink.IGNORE));

      assertThat(badRequest.getMessage()).contains("rejected the API key from environment variable "
          + KEY_ENV.get(type) + " (HTTP 400)");
      assertThat(inStream.kind()).isEqualTo(ErrorKind.PERMANENT);
      assertThat(inStream.getMessage()).isEqualTo(type + ": the provider rejected the API key from environment "
          + "variable " + KEY_ENV.get(type) + " (reported in the response body). Check that the key is valid and "
          + "allowed to use this model, or point council.providers." + type + ".api-key-env at the variable holding "
          + "the right key");
    }
  }

  @Test
  void geminiAnsweringOkWithAStringErrorKeepsTheServersMessage() {
    try (ScriptedServer server = ScriptedServer.start(); LlmProvider provider = provider("gemini", server, Map.of())) {
      server.enqueue(Reply.json(200, "{\"error\":\"model not found\"}"));

      ProviderException e = catchThrowableOfType(ProviderException.class, () -> provider.chat(request(false),
          StreamSink.IGNORE));

      assertThat(e.getMessage()).startsWith("gemini: ").endsWith(": model not found");
    }
  }

  static List<String> types() {
    return TestSupport.FiveServers.TYPES;
  }

  static List<String> openAiProtocol() {
    return List.of("openai", "openrouter");
  }

  private static LlmProvider provider(String type, ScriptedServer server, Map<String, String> env,
      String... settings) {
    Map<String, String> all = new LinkedHashMap<>(env);
    if (settings.length == 0) {
      all.put(KEY_ENV.get(type), KEY);
    }
    String[] withBase = new String[settings.length + 2];
    System.arraycopy(settings, 0, withBase, 0, settings.length);
    withBase[settings.length] = "council.providers." + type + ".base-url";
    withBase[settings.length + 1] = baseUrl(type, server);
    return TestSupport.factory(type).create(type, config(all, withBase));
  }

  private static String baseUrl(String type, ScriptedServer server) {
    return type.equals("openrouter") ? server.baseUrl() + "/api/v1" : server.baseUrl();
  }

  private static ChatRequest request(boolean stream) {
    return ChatRequest.of("some-model", "Be brief.", "Capital of France?").withStream(stream);
  }
}
