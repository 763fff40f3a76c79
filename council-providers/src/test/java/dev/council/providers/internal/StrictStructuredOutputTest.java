package dev.council.providers.internal;

import static dev.council.providers.internal.ScriptedServer.json;
import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.OutputSchema;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.internal.schema.JsonSchemas;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every schema the engine sends through the OpenAI adapter in strict mode obeys strict mode's rules, and
 * a strict-mode model's answers (null for every optional value) pass the engine's validation.
 */
class StrictStructuredOutputTest {
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  /** One schema-bound request the server saw: the schema's name, whether it was strict, the schema. */
  record Sent(String name, boolean strict, JsonNode schema) {}

  @Test
  void everyBuiltInSchemaIsSentStrictAndObeysStrictModeRules() throws Exception {
    List<Sent> sent = new CopyOnWriteArrayList<>();
    HttpServer server = strictModel(sent);
    try {
      Map<String, String> env = Map.of("OPENAI_API_KEY", KEY,
          "OPENAI_BASE_URL", "http://127.0.0.1:" + server.getAddress().getPort());
      Council council = Council.builder("strict")
          .member(member("a")).member(member("b")).member(member("c"))
          .member(member("voter").toBuilder().outputSchemaRef("vote").build())
          .member(member("ranker").toBuilder().outputSchemaRef("ranking").build())
          .chair(member("chair"))
          .round(Round.of("independent_analysis"))
          .round(Round.of("vote"))
          .round(Round.of("ranking"))
          .round(Round.of("anonymized_peer_review"))
          .round(Round.of("pairwise_elimination"))
          .build();

      Result r;
      try (CouncilEngine engine = CouncilEngine.create(config(env))) {
        r = engine.run(council, Map.of("question", "Which plan?"),
            RunOptions.builder().awaitTimeout(Duration.ofSeconds(60)).build());
      }

      assertThat(r.status()).as(r.errors().toString()).isEqualTo(RunStatus.COMPLETED);
      for (RoundResult round : r.rounds()) {
        assertThat(round.members()).as(round.name()).extracting(MemberResult::status)
            .doesNotContain(MemberStatus.ERROR, MemberStatus.TIMEOUT, MemberStatus.INVALID_OUTPUT);
      }
      assertThat(sent).extracting(Sent::name).contains("vote", "ranking", "peer_ranking", "pairwise_vote");
      assertThat(sent).extracting(Sent::schema)
          .as("the built-in schemas named by outputSchemaRef")
          .contains(MAPPER.valueToTree(JsonSchemas.VOTE), MAPPER.valueToTree(JsonSchemas.RANKING));
      for (Sent s : sent) {
        assertThat(s.strict()).as("strict flag of %s", s.name()).isTrue();
        assertThat(StrictRules.violations(s.schema())).as("strict-mode violations of %s: %s", s.name(), s.schema())
            .isEmpty();
      }
      MemberResult ballot = r.rounds().get(1).members().get(0);
      assertThat(ballot.parsed()).as("a strict-mode vote, nulls included").isInstanceOf(Map.class);
      @SuppressWarnings("unchecked")
      Map<String, Object> vote = (Map<String, Object>) ballot.parsed();
      assertThat(vote).containsEntry("rationale", null).containsEntry("confidence", null);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void theBuiltInSchemasObeyStrictModeRules() {
    for (String name : JsonSchemas.builtinNames()) {
      Map<String, Object> schema = JsonSchemas.builtin(name).orElseThrow();
      assertThat(StrictRules.violations(MAPPER.valueToTree(schema))).as(name).isEmpty();
      assertThat(StrictSchema.violations(schema)).as(name).isEmpty();
    }
  }

  @Test
  void theBuiltInSchemasAcceptBothANullAndAnAbsentOptionalValue() {
    assertThat(JsonSchemas.validate(Map.of("choice", "A"), JsonSchemas.VOTE)).isEmpty();
    Map<String, Object> withNulls = new LinkedHashMap<>();
    withNulls.put("choice", "A");
    withNulls.put("rationale", null);
    withNulls.put("confidence", null);
    assertThat(JsonSchemas.validate(withNulls, JsonSchemas.VOTE)).isEmpty();
    withNulls.put("confidence", 2);
    assertThat(JsonSchemas.validate(withNulls, JsonSchemas.VOTE)).singleElement().asString()
        .startsWith("$.confidence");
    assertThat(JsonSchemas.validate(Map.of("choice", "A", "extra", 1), JsonSchemas.VOTE)).singleElement()
        .asString().contains("extra");
    assertThat(JsonSchemas.validate(Map.of("choice", " "), JsonSchemas.VOTE)).singleElement().asString()
        .startsWith("$.choice");
    assertThat(JsonSchemas.validate(Map.of("rationale", "none"), JsonSchemas.RANKING)).singleElement().asString()
        .contains("ordering");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {
      "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}}, \"required\": [\"a\"]}",
      "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\"}, \"b\": {\"type\": \"string\"}},"
          + " \"required\": [\"a\"], \"additionalProperties\": false}",
      "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"string\", \"minLength\": 1}},"
          + " \"required\": [\"a\"], \"additionalProperties\": false}",
      "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"array\", \"items\": {\"type\": \"string\"},"
          + " \"uniqueItems\": true}}, \"required\": [\"a\"], \"additionalProperties\": false}",
      "{\"type\": \"object\", \"properties\": {\"a\": {\"type\": \"object\", \"properties\": {\"b\": {\"type\": \"string\"}},"
          + " \"required\": [\"b\"]}}, \"required\": [\"a\"], \"additionalProperties\": false}",
      "{\"anyOf\": [{\"type\": \"object\", \"properties\": {}, \"required\": [], \"additionalProperties\": false}]}",
      "{\"type\": \"array\", \"items\": {\"type\": \"string\"}}",
      "{\"type\": \"object\", \"properties\": {\"a\": {\"$ref\": \"https://example.com/a.json\"}}, \"required\": [\"a\"],"
          + " \"additionalProperties\": false}"})
  void aSchemaStrictModeWouldRefuseIsSentNonStrictAndUnchanged(String schemaJson) {
    Map<String, Object> schema = Json.toMap(json(schemaJson));
    assertThat(StrictRules.violations(json(schemaJson))).as("the test's own reading of the rules").isNotEmpty();
    assertThat(StrictSchema.violations(schema)).isNotEmpty();

    JsonNode format = sentResponseFormat(schema);

    assertThat(format.path("json_schema").path("strict").booleanValue()).isFalse();
    assertThat(format.path("json_schema").path("schema")).isEqualTo(json(schemaJson));
  }

  @Test
  void schemasBeyondStrictModesSizeLimitsAreSentNonStrict() {
    Map<String, Object> manyEnums = object(Map.of("pick", Map.of("type", "string",
        "enum", IntStream.range(0, StrictSchema.MAX_ENUM_VALUES + 1).mapToObj(i -> "option-" + i).toList())));
    Map<String, Object> deep = Map.of("type", "string");
    for (int i = 0; i < StrictSchema.MAX_DEPTH + 1; i++) {
      deep = object(Map.of("next", deep));
    }
    Map<String, Object> wide = new LinkedHashMap<>();
    for (int i = 0; i < StrictSchema.MAX_PROPERTIES + 1; i++) {
      wide.put("p" + i, Map.of("type", "integer"));
    }

    for (Map<String, Object> schema : List.of(manyEnums, deep, object(wide))) {
      assertThat(StrictRules.violations(MAPPER.valueToTree(schema))).isNotEmpty();
      assertThat(sentResponseFormat(schema).path("json_schema").path("strict").booleanValue()).isFalse();
    }
    Map<String, Object> justDeepEnough = Map.of("type", "string");
    for (int i = 0; i < StrictSchema.MAX_DEPTH; i++) {
      justDeepEnough = object(Map.of("next", justDeepEnough));
    }
    assertThat(StrictRules.violations(MAPPER.valueToTree(justDeepEnough))).isEmpty();
    assertThat(sentResponseFormat(justDeepEnough).path("json_schema").path("strict").booleanValue()).isTrue();
  }

  @Test
  void openRouterAlsoSendsANonConformingSchemaNonStrict() {
    try (ScriptedServer server = ScriptedServer.start();
        OpenAiProvider provider = new OpenRouterProviderFactory().create("openrouter", config(Map.of(
            "OPENROUTER_API_KEY", KEY, "OPENROUTER_BASE_URL", server.baseUrl() + "/api/v1")), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, completion("{}")));
      Map<String, Object> optional = Map.of("type", "object", "properties", Map.of("a", Map.of("type", "string")));
      provider.chat(request().withOutputSchema(new OutputSchema("free", optional)), StreamSink.IGNORE);
      assertThat(server.takeRequest().json().path("response_format").path("json_schema").path("strict").booleanValue())
          .isFalse();
    }
  }

  private static JsonNode sentResponseFormat(Map<String, Object> schema) {
    try (ScriptedServer server = ScriptedServer.start();
        OpenAiProvider provider = new OpenAiProviderFactory().create("openai",
            config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl())), Clock.systemUTC())) {
      server.enqueue(Reply.json(200, completion("{}")));
      provider.chat(request().withOutputSchema(new OutputSchema("user_schema", schema)), StreamSink.IGNORE);
      return server.takeRequest().json().path("response_format");
    }
  }

  private static Map<String, Object> object(Map<String, Object> properties) {
    return Map.of("type", "object", "properties", properties, "required", List.copyOf(properties.keySet()),
        "additionalProperties", false);
  }

  private static ChatRequest request() {
    return new ChatRequest("gpt-4o", List.of(ChatMessage.user("Answer in JSON.")), null, null, false, List.of(), null,
        Map.of(), CallContext.NONE);
  }

  private static Member member(String id) {
    return Member.builder(id).role("Analyst " + id).provider("openai").model("gpt-4o").build();
  }

  private static String completion(String content) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    root.put("id", "chatcmpl-strict").put("object", "chat.completion").put("model", "gpt-4o");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    root.putObject("usage").put("prompt_tokens", 10).put("completion_tokens", 5);
    return root.toString();
  }

  /**
   * A local server speaking Chat Completions like a strict-mode model: it records each request's schema
   * and answers with a value that fits it, choosing null wherever null is allowed.
   */
  private static HttpServer strictModel(List<Sent> sent) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/v1/chat/completions", exchange -> {
      JsonNode body = MAPPER.readTree(exchange.getRequestBody().readAllBytes());
      JsonNode format = body.path("response_format").path("json_schema");
      String content = "Plan B, because it is cheaper.";
      if (format.isObject()) {
        sent.add(new Sent(format.path("name").asString(), format.path("strict").asBoolean(false),
            format.path("schema")));
        content = fit(format.path("schema")).toString();
      }
      byte[] bytes = completion(content).getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", "application/json");
      exchange.sendResponseHeaders(200, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    });
    server.start();
    return server;
  }

  /** A value fitting {@code schema}: null where allowed, the first enum value, every enum value for an array. */
  private static JsonNode fit(JsonNode schema) {
    JsonNodeFactory f = JsonNodeFactory.instance;
    Set<String> types = new HashSet<>();
    schema.path("type").forEach(t -> types.add(t.asString()));
    if (schema.path("type").isString()) {
      types.add(schema.path("type").asString());
    }
    if (types.contains("null")) {
      return f.nullNode();
    }
    if (schema.has("enum")) {
      return schema.path("enum").get(0);
    }
    if (types.contains("object")) {
      ObjectNode out = f.objectNode();
      schema.path("properties").properties().forEach(p -> out.set(p.getKey(), fit(p.getValue())));
      return out;
    }
    if (types.contains("array")) {
      ArrayNode out = f.arrayNode();
      JsonNode items = schema.path("items");
      if (items.has("enum")) {
        items.path("enum").forEach(out::add);
      } else {
        out.add(fit(items));
      }
      return out;
    }
    if (types.contains("number") || types.contains("integer")) {
      return f.numberNode(1);
    }
    return types.contains("boolean") ? f.booleanNode(true) : f.stringNode("B");
  }

  /** OpenAI's strict-mode rules for a schema, as its documentation states them, read independently here. */
  static final class StrictRules {
    private static final Set<String> SUPPORTED = Set.of("type", "properties", "required", "additionalProperties",
        "items", "enum", "const", "anyOf", "$ref", "$defs", "definitions", "description", "title", "pattern",
        "format", "multipleOf", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems");

    private final List<String> problems = new ArrayList<>();
    private int properties;
    private int enumValues;

    static List<String> violations(JsonNode schema) {
      StrictRules rules = new StrictRules();
      if (!"object".equals(schema.path("type").asString(null)) || schema.has("anyOf")) {
        rules.problems.add("root is not a plain object schema");
      }
      rules.walk(schema, "$", 0);
      if (rules.properties > 5000) {
        rules.problems.add("more than 5000 properties");
      }
      if (rules.enumValues > 1000) {
        rules.problems.add("more than 1000 enum values");
      }
      return rules.problems;
    }

    private void walk(JsonNode schema, String path, int objectLevels) {
      schema.propertyNames().forEach(k -> {
        if (!SUPPORTED.contains(k)) {
          problems.add(path + " uses " + k);
        }
      });
      if (schema.path("$ref").isString() && !schema.path("$ref").asString().startsWith("#")) {
        problems.add(path + " refers outside the schema");
      }
      enumValues += schema.path("enum").size();
      boolean object = schema.path("type").asString("").equals("object") || schema.has("properties")
          || (schema.path("type").isArray() && schema.path("type").toString().contains("\"object\""));
      int levels = object ? objectLevels + 1 : objectLevels;
      if (levels > 10) {
        problems.add(path + " nests objects more than 10 deep");
      }
      if (object) {
        if (!schema.path("additionalProperties").isBoolean() || schema.path("additionalProperties").booleanValue()) {
          problems.add(path + " lacks additionalProperties: false");
        }
        Set<String> required = new HashSet<>();
        schema.path("required").forEach(n -> required.add(n.asString()));
        Set<String> declared = new HashSet<>(schema.path("properties").propertyNames());
        if (!required.equals(declared)) {
          problems.add(path + " requires " + required + " but declares " + declared);
        }
        properties += declared.size();
        schema.path("properties").properties().forEach(p -> walk(p.getValue(), path + "." + p.getKey(), levels));
      }
      if (schema.has("items")) {
        walk(schema.path("items"), path + "[]", levels);
      }
      for (JsonNode branch : schema.path("anyOf")) {
        walk(branch, path + "|", objectLevels);
      }
    }
  }
}
