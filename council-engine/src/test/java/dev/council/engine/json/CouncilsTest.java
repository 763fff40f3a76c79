package dev.council.engine.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.ConfidenceStrategy;
import dev.council.api.Council;
import dev.council.api.FailureMode;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import dev.council.api.RetryPolicy;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@SuppressWarnings("unchecked")
class CouncilsTest {

  /** A council that sets every field the JSON form has. */
  static Council richCouncil() {
    Map<String, Object> voteSchema = new LinkedHashMap<>();
    voteSchema.put("type", "object");
    voteSchema.put("properties", Map.of("choice", Map.of("type", "string")));
    voteSchema.put("required", List.of("choice"));
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("seed", 42);
    options.put("big", 9_000_000_000L);
    options.put("shuffle", true);
    options.put("ratio", 0.25);
    options.put("nothing", null);
    options.put("nested", Map.of("list", Arrays.asList(1, 2.5, "x", false, null)));

    Council sub = new Council("research", "nested research council",
        List.of(Member.builder("searcher").provider("openai").model("gpt-4o").build()),
        List.of(Round.of("independent_analysis")), null, null, null, List.of(), List.of(), Map.of());
    Member alice = Member.builder("alice").role("Skeptic").systemPrompt("You are the Skeptic.\nDoubt everything.")
        .profile("fast").provider("openai").model("gpt-4o").temperature(0.7).maxTokens(800).stream(true)
        .retry(new RetryPolicy(3, Duration.ofMillis(500), Duration.ofMinutes(1))).timeout(Duration.ofSeconds(30))
        .tools(List.of("search", "calculator")).outputSchema(voteSchema).confidence(ConfidenceStrategy.SELF_REPORT)
        .weight(2.0).option("top_p", 0.9).metadata("x", 10).metadata("y", 20.5).build();
    Member bob = Member.builder("bob").role("Optimist").provider("ollama").model("llama3").stream(false)
        .tools(List.of()).outputSchemaRef("vote").confidence(ConfidenceStrategy.NONE)
        .timeout(Duration.ofNanos(1_500)).build();
    Member research = Member.builder("research").subCouncil(sub).inputMapper("question_only").build();
    Member library = Member.builder("library").subCouncilRef("legal-council").build();
    Member chair = Member.builder("chair").role("Chair").systemPrompt("Synthesize.").provider("anthropic")
        .model("claude-sonnet").timeout(Duration.ofHours(2)).build();
    Profile fast = Profile.of("fast", MemberOptions.builder().provider("openai").model("gpt-4o-mini")
        .temperature(0.2).maxTokens(256).stream(false).retry(RetryPolicy.NONE).timeout(Duration.ofMillis(1500))
        .tools(List.of("search")).outputSchemaRef("vote").confidence(ConfidenceStrategy.NONE).weight(1.0)
        .extra("seed", 7).build());
    Profile empty = Profile.of("empty", MemberOptions.EMPTY);
    Round iterate = Round.builder("iterate").name("refine").option("maxIterations", 3)
        .option("until", "convergence").inner(Round.builder("debate").quorum(2).build())
        .inner(Round.of("critique")).build();
    List<Round> rounds = List.of(Round.of("independent_analysis"),
        Round.builder("vote").aggregator("plurality").failureMode(FailureMode.FAIL_FAST).build(), iterate);
    return new Council("advisor", "A council that uses every field", List.of(alice, bob, research, library),
        rounds, chair, "by-topic", "fast", List.of(fast, empty), List.of("clock"), options);
  }

  @Test
  void richCouncilRoundTripsToAnEqualCouncilAndIdenticalJson() {
    Council council = richCouncil();

    String json = Councils.toJson(council);
    Council read = Councils.fromJson(json);

    assertThat(read).isEqualTo(council);
    assertThat(Councils.toJson(read)).isEqualTo(json);
  }

  @Test
  void writesMemberOptionsFlatWithDurationsAsShortStrings() {
    String json = Councils.toJson(richCouncil());

    assertThat(json).contains("\"temperature\": 0.7", "\"maxTokens\": 800", "\"timeout\": \"30s\"",
        "\"baseBackoff\": \"500ms\"", "\"maxBackoff\": \"1m\"", "\"timeout\": \"2h\"", "\"timeout\": \"1500ms\"",
        "\"timeout\": \"PT0.0000015S\"", "\"confidence\": \"self_report\"", "\"options\": {\n        \"top_p\": 0.9",
        "\"tools\": []", "\"subCouncilRef\": \"legal-council\"", "\"inputMapper\": \"question_only\"");
    assertThat(json).doesNotContain("\"extra\"", "\"inner\"");
  }

  @Test
  void omitsRoundNameWhenItEqualsTheTypeAndWritesInnerRoundsAsRounds() {
    Map<String, Object> tree = Councils.toTree(richCouncil());

    List<Object> rounds = (List<Object>) tree.get("rounds");
    assertThat((Map<String, Object>) rounds.get(0)).containsOnlyKeys("type");
    Map<String, Object> iterate = (Map<String, Object>) rounds.get(2);
    assertThat(iterate.get("name")).isEqualTo("refine");
    assertThat((List<Object>) iterate.get("rounds")).hasSize(2);
  }

  @Test
  void readingKeepsTheListedRoundsWithoutAddingASynthesisRoundForTheChair() {
    Council read = Councils.fromJson("""
        {"id": "c", "members": [{"id": "a"}], "chair": {"id": "boss"}, "rounds": [{"type": "independent_analysis"}]}
        """);

    assertThat(read.rounds()).extracting(Round::type).containsExactly("independent_analysis");
    assertThat(read.chair()).isNotNull();
    assertThat(read.chair().id()).isEqualTo("boss");
  }

  @Test
  void readsDurationsAsIsoStringsAndPlainMillisAndDefaultsMissingRetryFields() {
    Council read = Councils.fromJson("""
        {"id": "c", "members": [
          {"id": "a", "timeout": "PT45S", "retry": {"maxAttempts": 4, "baseBackoff": 250}},
          {"id": "b", "timeout": 1200}
        ]}
        """);

    MemberOptions a = read.members().get(0).options();
    assertThat(a.timeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(a.retry()).isEqualTo(new RetryPolicy(4, Duration.ofMillis(250), RetryPolicy.DEFAULT.maxBackoff()));
    assertThat(read.members().get(1).options().timeout()).isEqualTo(Duration.ofMillis(1200));
    assertThat(read.rounds()).isEmpty();
  }

  @Test
  void freeFormNumbersReadBackAsIntegerLongOrDouble() {
    Council read = Councils.fromJson(Councils.toJson(richCouncil()));

    assertThat(read.options().get("seed")).isInstanceOf(Integer.class);
    assertThat(read.options().get("big")).isInstanceOf(Long.class);
    assertThat(read.options().get("ratio")).isInstanceOf(Double.class);
    assertThat(read.options()).containsEntry("nothing", null);
  }

  @Test
  void treeFormRoundTripsLikeTheJsonForm() {
    Council council = richCouncil();

    assertThat(Councils.fromTree(Councils.toTree(council))).isEqualTo(council);
    assertThat(JsonOutput.parse(Councils.toJson(council))).isEqualTo(Councils.toTree(council));
  }

  @Test
  void readsACouncilFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("advisor.json");
    Files.writeString(file, Councils.toJson(richCouncil()));

    assertThat(Councils.fromJson(file)).isEqualTo(richCouncil());
  }

  @Test
  void missingFileIsReportedAsUnreadable(@TempDir Path dir) {
    Path missing = dir.resolve("nope.json");

    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson(missing));

    assertThat(e.errors()).singleElement().satisfies(err -> {
      assertThat(err.code()).isEqualTo("unreadable_file");
      assertThat(err.message()).contains(missing.toString()).contains("no such file").contains("check the path");
    });
  }

  @Test
  void malformedJsonNamesLineColumnAndAHint() {
    String json = "{\"id\": \"x\",\n  \"members\": [\n    {\"id\": \"a\",}\n  ]\n}";

    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson(json));

    assertThat(e.getMessage()).startsWith("council '<unknown>' is invalid (1 problem)");
    ValidationError err = e.errors().get(0);
    assertThat(err.path()).isEqualTo("$");
    assertThat(err.code()).isEqualTo("malformed_json");
    assertThat(err.message()).contains("line 3, column 16").contains("double-quote to start field name")
        .contains("Hint: field names need double quotes, and the last entry of an object must not be followed by a comma");
  }

  @Test
  void truncatedJsonHintsAtUnclosedBrackets() {
    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class,
        () -> Councils.fromJson("{\"id\": \"x\", \"members\": ["));

    assertThat(e.errors().get(0).code()).isEqualTo("malformed_json");
    assertThat(e.errors().get(0).message()).contains("line 1").contains("close every { and [");
  }

  @Test
  void truncatedJsonNamesWhereTheUnclosedBracketOpened() {
    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class,
        () -> Councils.fromJson("{\"id\": \"x\",\n \"members\": [{\"id\": \"a\"}"));

    assertThat(e.errors().get(0).message())
        .contains("expected close marker for Array (opened at line 2, column 13)")
        .doesNotContain("Source").doesNotContain("#UNKNOWN");
  }

  @Test
  void duplicateKeysAreMalformed() {
    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class,
        () -> Councils.fromJson("{\"id\": \"x\", \"id\": \"y\"}"));

    assertThat(e.errors().get(0).code()).isEqualTo("malformed_json");
    assertThat(e.errors().get(0).message()).contains("duplicate field \"id\"").contains("only once");
  }

  @Test
  void fileErrorsNameTheFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("broken.json");
    Files.writeString(file, "{\"id\": ");

    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson(file));

    assertThat(e.errors().get(0).message()).contains("malformed JSON in " + file);
  }

  @Test
  void unknownFieldNamesItsPathSuggestsTheFieldAndListsKnownOnes() {
    String json = """
        {"id": "c", "members": [{"id": "a"}, {"id": "b"}, {"id": "c", "temprature": 0.3}]}
        """;

    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson(json));

    assertThat(e.getMessage()).startsWith("council 'c' is invalid (1 problem)");
    ValidationError err = e.errors().get(0);
    assertThat(err.path()).isEqualTo("members[2].temprature");
    assertThat(err.code()).isEqualTo("unknown_field");
    assertThat(err.message()).contains("\"temprature\" is not a field of a member")
        .contains("Did you mean \"temperature\"?")
        .contains("Known fields: id, role, systemPrompt, profile, provider, model, temperature, maxTokens");
  }

  @Test
  void unknownFieldInSnakeCaseSuggestsTheCamelCaseField() {
    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class,
        () -> Councils.fromJson("{\"id\": \"c\", \"default_profile\": \"fast\"}"));

    assertThat(e.errors().get(0).path()).isEqualTo("default_profile");
    assertThat(e.errors().get(0).message()).contains("Did you mean \"defaultProfile\"?");
  }

  @Test
  void unknownFieldFarFromAnyKnownFieldGetsNoSuggestion() {
    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class,
        () -> Councils.fromJson("{\"id\": \"c\", \"rounds\": [{\"type\": \"vote\", \"banana\": 1}]}"));

    assertThat(e.errors().get(0).path()).isEqualTo("rounds[0].banana");
    assertThat(e.errors().get(0).message()).doesNotContain("Did you mean")
        .contains("Known fields: type, name, options, rounds.");
  }

  @Test
  void wrongTypesNameThePathAndTheExpectedType() {
    String json = """
        {"id": "c", "members": [
          {"id": "a", "temperature": "hot", "maxTokens": 1.5, "stream": "yes", "tools": ["search", 3],
           "retry": "twice", "metadata": [1], "timeout": true}
        ], "rounds": {"type": "vote"}, "tools": "clock"}
        """;

    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson(json));

    assertThat(e.errors()).allSatisfy(err -> assertThat(err.code()).isEqualTo("invalid_type"));
    assertThat(messagesByPath(e)).containsExactlyInAnyOrder(
        "members[0].temperature: \"temperature\" must be a number, got a string (\"hot\")",
        "members[0].maxTokens: \"maxTokens\" must be a whole number, got a number (1.5)",
        "members[0].stream: \"stream\" must be true or false, got a string (\"yes\")",
        "members[0].tools[1]: \"tools\" entry must be a string, got a number (3)",
        "members[0].retry: \"retry\" must be an object such as {\"maxAttempts\": 3, \"baseBackoff\": \"1s\", "
            + "\"maxBackoff\": \"30s\"}, got a string (\"twice\")",
        "members[0].metadata: \"metadata\" must be an object, got an array",
        "members[0].timeout: \"timeout\" must be a duration string such as \"30s\", got a boolean (true)",
        "rounds: \"rounds\" must be an array, got an object",
        "tools: \"tools\" must be an array of strings, got a string (\"clock\")");
  }

  @Test
  void nonObjectDocumentIsAnInvalidType() {
    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson("[1, 2]"));

    assertThat(e.errors()).singleElement().satisfies(err -> {
      assertThat(err.path()).isEqualTo("$");
      assertThat(err.code()).isEqualTo("invalid_type");
      assertThat(err.message()).contains("a council must be a JSON object").contains("got an array");
    });
  }

  @Test
  void missingRequiredFieldsAreReportedWithTheirPaths() {
    String json = """
        {"members": [{"id": "a"}, {"role": "nameless"},
                     {"id": "sub", "subCouncil": {"id": "inner", "members": [{"model": "m"}]}}],
         "profiles": [{"model": "m"}],
         "rounds": [{"type": "vote"}, {"type": "iterate", "rounds": [{"name": "body"}]}, {"name": "x"}]}
        """;

    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson(json));

    assertThat(e.getMessage()).startsWith("council '<unknown>' is invalid (6 problems)");
    assertThat(e.errors()).allSatisfy(err -> assertThat(err.code()).isEqualTo("missing_field"));
    assertThat(e.errors()).extracting(ValidationError::path).containsExactlyInAnyOrder("id", "members[1].id",
        "members[2].subCouncil.members[0].id", "profiles[0].name", "rounds[1].rounds[0].type", "rounds[2].type");
    assertThat(e.errors()).filteredOn(err -> err.path().equals("members[1].id")).singleElement()
        .extracting(ValidationError::message).asString().contains("a member needs an \"id\"").contains("missing");
  }

  @Test
  void badValuesAreInvalidValues() {
    String json = """
        {"id": "c", "members": [{"id": "a", "timeout": "3 days", "confidence": "sure",
                                  "retry": {"maxAttempts": 0}, "maxTokens": 9999999999}]}
        """;

    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson(json));

    assertThat(e.errors()).allSatisfy(err -> assertThat(err.code()).isEqualTo("invalid_value"));
    assertThat(messagesByPath(e)).containsExactlyInAnyOrder(
        "members[0].timeout: \"timeout\" is \"3 days\" but must be a duration such as \"500ms\", \"30s\", \"2m\", "
            + "\"PT30S\" or a number of milliseconds",
        "members[0].confidence: \"confidence\" is \"sure\" but must be one of none, self_report, logprob",
        "members[0].retry: retry policy is invalid: maxAttempts must be at least 1, was 0",
        "members[0].maxTokens: \"maxTokens\" is 9999999999 but must be at most 2147483647");
  }

  @Test
  void reportsEveryKindOfProblemInOneException() {
    String json = """
        {"id": "mixed", "colour": "red",
         "members": [{"id": "a", "temperature": "warm"}, {"role": "x"}],
         "rounds": [{"type": "vote", "options": {"aggregator": "borda"}, "nmae": "v"}]}
        """;

    InvalidCouncilException e = catchThrowableOfType(InvalidCouncilException.class, () -> Councils.fromJson(json));

    assertThat(e.getMessage()).startsWith("council 'mixed' is invalid (4 problems)");
    assertThat(e.errors()).extracting(ValidationError::code)
        .containsExactlyInAnyOrder("unknown_field", "invalid_type", "missing_field", "unknown_field");
    assertThat(e.errors()).extracting(ValidationError::path)
        .containsExactlyInAnyOrder("colour", "members[0].temperature", "members[1].id", "rounds[0].nmae");
  }

  private static List<String> messagesByPath(InvalidCouncilException e) {
    List<String> out = new ArrayList<>();
    for (ValidationError err : e.errors()) {
      out.add(err.path() + ": " + err.message());
    }
    return out;
  }
}
