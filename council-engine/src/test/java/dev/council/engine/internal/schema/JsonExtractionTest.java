package dev.council.engine.internal.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonExtractionTest {
  @Test
  void rawObjectParsesIntoPlainJavaTypes() {
    Object tree = JsonSchemas.extractJson(
        " {\"choice\": \"A\", \"n\": 3, \"big\": 12345678901234567890, \"x\": 0.5, \"ok\": true, \"none\": null,"
            + " \"list\": [1, \"two\"]} ").orElseThrow();

    assertThat(tree).isInstanceOf(LinkedHashMap.class);
    @SuppressWarnings("unchecked")
    Map<String, Object> map = (Map<String, Object>) tree;
    assertThat(map.keySet()).containsExactly("choice", "n", "big", "x", "ok", "none", "list");
    assertThat(map.get("choice")).isEqualTo("A");
    assertThat(map.get("n")).isEqualTo(3);
    assertThat(map.get("big")).isEqualTo(new BigInteger("12345678901234567890"));
    assertThat(map.get("x")).isEqualTo(0.5);
    assertThat(map.get("ok")).isEqualTo(true);
    assertThat(map.containsKey("none")).isTrue();
    assertThat(map.get("none")).isNull();
    assertThat(map.get("list")).isInstanceOf(ArrayList.class).isEqualTo(List.of(1, "two"));
  }

  @Test
  void rawArrayParses() {
    assertThat(JsonSchemas.extractJson("[\"B\", \"A\"]")).contains(List.of("B", "A"));
  }

  @Test
  void fencedJsonBlockIsFoundAmongProse() {
    String reply = """
        Here is my vote.

        ```json
        {"choice": "B", "confidence": 0.9}
        ```

        Let me know if you need more.""";

    assertThat(JsonSchemas.extractJson(reply)).contains(Map.of("choice", "B", "confidence", 0.9));
  }

  @Test
  void jsonTaggedFenceIsPreferredToAnUntaggedOne() {
    String reply = "Example:\n```\n{\"choice\": \"example\"}\n```\nAnswer:\n```JSON\n{\"choice\": \"real\"}\n```\n";

    assertThat(JsonSchemas.extractJson(reply)).contains(Map.of("choice", "real"));
  }

  @Test
  void untaggedFenceIsUsedWhenItIsTheOnlyOne() {
    assertThat(JsonSchemas.extractJson("Sure:\n```\n[1, 2]\n```")).contains(List.of(1, 2));
  }

  @Test
  void objectWithLeadingAndTrailingProseIsFound() {
    String reply = "After weighing it up, my answer is {\"choice\": \"A\", \"rationale\": \"uses {braces} and ]\"}."
        + " Hope that helps!";

    assertThat(JsonSchemas.extractJson(reply)).contains(Map.of("choice", "A", "rationale", "uses {braces} and ]"));
  }

  @Test
  void longestEmbeddedJsonWinsOverAnEarlierCitation() {
    String reply = "As noted in [1], the answer is {\"ordering\": [\"B\", \"A\"]} as shown.";

    assertThat(JsonSchemas.extractJson(reply)).contains(Map.of("ordering", List.of("B", "A")));
  }

  @Test
  void escapedQuotesInsideStringsDoNotConfuseTheScan() {
    String reply = "Result: {\"rationale\": \"he said \\\"}\\\" twice\", \"choice\": \"C\"} done";

    assertThat(JsonSchemas.extractJson(reply)).contains(Map.of("rationale", "he said \"}\" twice", "choice", "C"));
  }

  @Test
  void trailingCommasAndCommentsAreTolerated() {
    assertThat(JsonSchemas.extractJson("{\"choice\": \"A\", // my pick\n \"confidence\": 0.5,}"))
        .contains(Map.of("choice", "A", "confidence", 0.5));
  }

  @Test
  void aRepeatedKeyKeepsItsLastValue() {
    assertThat(JsonSchemas.extractJson("{\"choice\": \"A\", \"choice\": \"B\"}")).contains(Map.of("choice", "B"));
  }

  @Test
  void replyWithoutJsonYieldsNothing() {
    for (String reply : Arrays.asList("", "I pick A.", "{not json}", "42", "\"just a string\"", "{\"open\": 1",
        "``` json\nnot json\n```")) {
      assertThat(JsonSchemas.extractJson(reply)).as(reply).isEmpty();
    }
  }
}
