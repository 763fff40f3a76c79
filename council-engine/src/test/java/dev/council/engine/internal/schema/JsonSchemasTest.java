package dev.council.engine.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class JsonSchemasTest {
  @Test
  void validVoteHasNoErrors() {
    assertThat(JsonSchemas.validate(Map.of("choice", "A", "rationale", "best", "confidence", 0.7), JsonSchemas.VOTE))
        .isEmpty();
    assertThat(JsonSchemas.validate(Map.of("choice", "A", "confidence", 1), JsonSchemas.VOTE)).isEmpty();
  }

  @Test
  void errorsNameTheJsonPathOfTheOffendingValue() {
    assertThat(JsonSchemas.validate(Map.of("confidence", 2), JsonSchemas.VOTE)).containsExactlyInAnyOrder(
        "$: required property 'choice' not found",
        "$.confidence: must have a maximum value of 1");
    assertThat(JsonSchemas.validate(Map.of("choice", ""), JsonSchemas.VOTE))
        .containsExactly("$.choice: does not match the regex pattern \\S");
    assertThat(JsonSchemas.validate(Map.of("choice", "A", "rationale", 7), JsonSchemas.VOTE))
        .containsExactly("$.rationale: integer found, [string, null] expected");
    assertThat(JsonSchemas.validate(Map.of("choice", "A", "winner", "B"), JsonSchemas.VOTE)).singleElement()
        .asString().startsWith("$: property 'winner' is not defined in the schema");
    assertThat(JsonSchemas.validate(Map.of("ordering", List.of("A", 3)), JsonSchemas.RANKING))
        .containsExactly("$.ordering[1]: integer found, string expected");
    assertThat(JsonSchemas.validate(Map.of("ordering", List.of()), JsonSchemas.RANKING))
        .containsExactly("$.ordering: must have at least 1 items but found 0");
  }

  @Test
  void wrongTopLevelShapesAreReported() {
    assertThat(JsonSchemas.validate(List.of("A"), JsonSchemas.VOTE)).containsExactly("$: array found, object expected");
    assertThat(JsonSchemas.validate(null, JsonSchemas.VOTE)).containsExactly("$: null found, object expected");
    assertThat(JsonSchemas.validate("A", JsonSchemas.VOTE)).containsExactly("$: string found, object expected");
  }

  @Test
  void nestedSchemasAndOtherDraftsValidate() {
    Map<String, Object> schema = Map.of(
        "$schema", "http://json-schema.org/draft-07/schema#",
        "type", "object",
        "properties", Map.of("scores", Map.of("type", "array", "items", Map.of(
            "type", "object",
            "required", List.of("name", "points"),
            "properties", Map.of("points", Map.of("type", "integer", "minimum", 0))))));

    assertThat(JsonSchemas.validate(Map.of("scores", List.of(Map.of("name", "a", "points", 3))), schema)).isEmpty();
    assertThat(JsonSchemas.validate(
        Map.of("scores", List.of(Map.of("name", "a", "points", 3), Map.of("name", "b", "points", -1))), schema))
        .containsExactly("$.scores[1].points: must have a minimum value of 0");
  }

  @Test
  void schemaThatIsItselfInvalidFailsWithWhatIsWrong() {
    assertThatThrownBy(() -> JsonSchemas.validate(Map.of("a", 1), Map.of("type", "strng")))
        .isInstanceOfSatisfying(CouncilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessageStartingWith("Invalid JSON Schema {\"type\":\"strng\"}: ")
        .hasMessageContaining("$.type: does not have a value in the enumeration")
        .hasMessageEndingWith("Fix the schema (see https://json-schema.org/draft/2020-12) and try again.");
    assertThatThrownBy(() -> JsonSchemas.validate(Map.of("a", 1), Map.of("required", "a")))
        .isInstanceOf(CouncilException.class)
        .hasMessageContaining("$.required: string found, array expected");
  }

  @Test
  void schemaTheValidatorCannotCompileFailsToo() {
    assertThatThrownBy(() -> JsonSchemas.validate("x", Map.of("$ref", "#/$defs/missing")))
        .isInstanceOf(CouncilException.class)
        .hasMessageStartingWith("Invalid JSON Schema {\"$ref\":\"#/$defs/missing\"}: ")
        .hasMessageContaining("/$defs/missing");
  }

  @Test
  void unknownDialectIsNamedWithTheSupportedOnes() {
    assertThatThrownBy(() -> JsonSchemas.validate("x", Map.of("$schema", "https://example.org/my-dialect")))
        .isInstanceOf(CouncilException.class)
        .hasMessageContaining("$.$schema: unknown dialect 'https://example.org/my-dialect'; use one of [")
        .hasMessageContaining("https://json-schema.org/draft/2020-12/schema")
        .hasMessageContaining("or leave $schema out for draft 2020-12");
  }

  @Test
  void remoteReferencesAreNeverFetched() throws Exception {
    AtomicInteger requests = new AtomicInteger();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", exchange -> {
      requests.incrementAndGet();
      byte[] body = "{\"type\":\"string\"}".getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    server.start();
    try {
      String url = "http://127.0.0.1:%d/string.json".formatted(server.getAddress().getPort());
      assertThatThrownBy(() -> JsonSchemas.validate("x", Map.of("$ref", url)))
          .isInstanceOf(CouncilException.class)
          .hasMessageContaining(url);
      assertThat(requests).hasValue(0);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void concurrentValidationsAgainstSharedSchemasAgree() throws Exception {
    List<Callable<List<String>>> tasks = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      double confidence = i % 2 == 0 ? 0.5 : 5.0;
      Map<String, Object> schema = i % 3 == 0 ? JsonSchemas.VOTE : Map.of("type", "object", "properties",
          Map.of("confidence", Map.of("type", "number", "maximum", 1)));
      tasks.add(() -> JsonSchemas.validate(Map.of("choice", "A", "confidence", confidence), schema));
    }
    try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
      List<Future<List<String>>> results = pool.invokeAll(tasks);
      for (int i = 0; i < results.size(); i++) {
        List<String> expected = i % 2 == 0 ? List.of() : List.of("$.confidence: must have a maximum value of 1");
        assertThat(results.get(i).get()).as("task %d", i).isEqualTo(expected);
      }
    }
  }

  @Test
  void builtInSchemasAreFoundByName() {
    assertThat(JsonSchemas.builtin("vote")).contains(JsonSchemas.VOTE);
    assertThat(JsonSchemas.builtin("ranking")).contains(JsonSchemas.RANKING);
    assertThat(JsonSchemas.builtin("essay")).isEmpty();
    assertThat(JsonSchemas.builtinNames()).containsExactly("ranking", "vote");
    assertThat(JsonSchemas.VOTE).containsEntry("required", List.of("choice", "rationale", "confidence"))
        .containsEntry("additionalProperties", false);
    assertThat(JsonSchemas.RANKING).containsEntry("required", List.of("ordering", "rationale"))
        .containsEntry("additionalProperties", false);
    assertThatThrownBy(() -> JsonSchemas.VOTE.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void builtInSchemasAreValidJsonSchemas() {
    for (Map<String, Object> schema : Arrays.asList(JsonSchemas.VOTE, JsonSchemas.RANKING)) {
      assertThat(JsonSchemas.validate(Map.of(), schema)).hasSize(1);
    }
  }
}
