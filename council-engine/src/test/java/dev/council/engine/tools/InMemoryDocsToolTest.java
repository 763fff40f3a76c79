package dev.council.engine.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.spi.ToolContext;
import dev.council.engine.internal.schema.JsonSchemas;
import java.util.List;
import org.assertj.core.api.InstanceOfAssertFactories;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InMemoryDocsToolTest {
  private static final ToolContext CONTEXT = new ToolContext("run-1", "research", "m1");

  /** Two documents: "apple banana" (2 tokens) and "cherry cherry apple date" (4 tokens); average length 3. */
  private static final InMemoryDocsTool TINY = InMemoryDocsTool.builder("tiny")
      .doc("Apple banana", Map.of("id", 0))
      .doc("Cherry, cherry: apple & date!", Map.of("id", 1))
      .build();

  private static final InMemoryDocsTool POLICIES = InMemoryDocsTool.builder("policies")
      .description("Searches the shop's policy documents.")
      .doc("Shipping: orders leave our warehouse within two business days and arrive in three to five days.",
          Map.of("source", "shipping.md"))
      .doc("Refunds: a damaged item may be returned within 30 days for a full refund; send a photo of the damage.",
          Map.of("source", "refunds.md"))
      .doc("Privacy: we never sell customer data and delete it on request.", Map.of("source", "privacy.md"))
      .doc("Gift cards can be redeemed online and never expire.", Map.of("source", "gift-cards.md"))
      .doc("Our warehouse team inspects every item before shipping it.", Map.of("source", "quality.md"))
      .build();

  @Test
  void singleTermScoresMatchTheBm25FormulaByHand() {
    // "cherry": N = 2, n = 1 → idf = ln(1 + (2 - 1 + 0.5) / (1 + 0.5)) = ln 2.
    // Doc 1: tf = 2, len 4, avg 3 → norm = 1 - 0.75 + 0.75 · 4/3 = 1.25; 2 · 2.2 / (2 + 1.2 · 1.25) = 4.4 / 3.5.
    List<Map<String, Object>> results = TINY.search("cherry", 4);

    assertThat(results).hasSize(1);
    assertThat(results.getFirst()).containsEntry("text", "Cherry, cherry: apple & date!").containsEntry("meta", Map.of("id", 1));
    assertThat((Double) results.getFirst().get("score")).isCloseTo(Math.log(2) * 4.4 / 3.5, offset(1e-12));
  }

  @Test
  void shorterDocumentWinsForACommonTerm() {
    // "apple": n = 2 → idf = ln(1 + 0.5 / 2.5) = ln 1.2.
    // Doc 0: norm = 0.25 + 0.75 · 2/3 = 0.75 → 2.2 / (1 + 0.9) = 2.2 / 1.9.  Doc 1: norm 1.25 → 2.2 / 2.5.
    List<Map<String, Object>> results = TINY.search("APPLE", 4);

    assertThat(results).extracting(r -> r.get("meta")).containsExactly(Map.of("id", 0), Map.of("id", 1));
    assertThat((Double) results.get(0).get("score")).isCloseTo(Math.log(1.2) * 2.2 / 1.9, offset(1e-12));
    assertThat((Double) results.get(1).get("score")).isCloseTo(Math.log(1.2) * 2.2 / 2.5, offset(1e-12));
  }

  @Test
  void scoresAddUpOverDistinctQueryTerms() {
    // "cherry apple cherry": the repeated term counts once; doc 1 = ln2 · 4.4/3.5 + ln1.2 · 2.2/2.5.
    List<Map<String, Object>> results = TINY.search("cherry apple cherry", 4);

    assertThat(results).extracting(r -> r.get("meta")).containsExactly(Map.of("id", 1), Map.of("id", 0));
    assertThat((Double) results.get(0).get("score"))
        .isCloseTo(Math.log(2) * 4.4 / 3.5 + Math.log(1.2) * 2.2 / 2.5, offset(1e-12));
  }

  @Test
  void relevantDocumentRanksFirstThroughExecute() {
    Object output = POLICIES.execute(Map.of("query", "Can I get a refund for a damaged item?"), CONTEXT);

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> results = (List<Map<String, Object>>) output;
    // Query terms: can, get, refund, damaged, item.  refunds.md has refund, damaged and item; gift-cards.md
    // only "can" (in 1 of 5 docs, idf ln 4); quality.md only "item" (in 2 of 5, idf ln 2.4).
    assertThat(results.getFirst().get("meta")).isEqualTo(Map.of("source", "refunds.md"));
    assertThat(results).extracting(r -> r.get("meta")).containsExactly(
        Map.of("source", "refunds.md"), Map.of("source", "gift-cards.md"), Map.of("source", "quality.md"));
    assertThat(results.getFirst().keySet()).containsExactly("text", "meta", "score");
  }

  @Test
  void topKLimitsResultsFromTheBuilderOrTheCall() {
    InMemoryDocsTool one = InMemoryDocsTool.builder("one").doc("warehouse a").doc("warehouse b").doc("warehouse c")
        .topK(2).build();

    assertThat((List<?>) one.execute(Map.of("query", "warehouse"), CONTEXT)).hasSize(2);
    assertThat((List<?>) one.execute(Map.of("query", "warehouse", "top_k", 1), CONTEXT)).hasSize(1);
    assertThat((List<?>) one.execute(Map.of("query", "warehouse", "top_k", "3"), CONTEXT)).hasSize(3);
    assertThat((List<?>) one.execute(Map.of("query", "warehouse", "top_k", 10.0), CONTEXT)).hasSize(3);
  }

  @Test
  void equalScoresKeepInsertionOrder() {
    InMemoryDocsTool tool = InMemoryDocsTool.builder("same").doc("zeta topic").doc("alpha topic").build();

    assertThat(tool.search("topic", 2)).extracting(r -> r.get("text")).containsExactly("zeta topic", "alpha topic");
  }

  @Test
  void tokensAreLowercasedSplitOnNonWordCharactersAndFiltered() {
    assertThat(InMemoryDocsTool.tokenize("The C-compiler is a tool; it's NOT in Go, über-fast!"))
        .containsExactly("compiler", "tool", "go", "über", "fast");
  }

  @Test
  void queryOfOnlyStopwordsFindsNothing() {
    assertThat(POLICIES.search("the and of a", 4)).isEmpty();
    assertThat(InMemoryDocsTool.builder("empty").build().search("anything", 4)).isEmpty();
  }

  @Test
  void badArgumentsTellTheModelHowToCall() {
    assertThatThrownBy(() -> POLICIES.execute(Map.of(), CONTEXT))
        .isInstanceOfSatisfying(CouncilException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.VALIDATION))
        .hasMessage("Tool 'policies': argument 'query' is required and must be a non-empty string,"
            + " e.g. {\"query\": \"refund policy\"}.");
    assertThatThrownBy(() -> POLICIES.execute(Map.of("query", "  "), CONTEXT)).isInstanceOf(CouncilException.class);
    assertThatThrownBy(() -> POLICIES.execute(Map.of("query", "refund", "top_k", 0), CONTEXT))
        .hasMessage("Tool 'policies': argument 'top_k' must be a positive integer, got '0'.");
    assertThatThrownBy(() -> POLICIES.execute(Map.of("query", "refund", "top_k", 2.5), CONTEXT))
        .hasMessage("Tool 'policies': argument 'top_k' must be a positive integer, got '2.5'.");
  }

  @Test
  void builderRejectsNamesProvidersWouldRejectAndNonPositiveTopK() {
    assertThatThrownBy(() -> InMemoryDocsTool.builder("docs search"))
        .hasMessage("Tool name 'docs search' is not allowed: use 1 to 64 letters, digits, '_' or '-'"
            + " (providers reject other names).");
    assertThatThrownBy(() -> InMemoryDocsTool.builder("docs").topK(0))
        .hasMessage("Tool 'docs': topK must be at least 1, got 0.");
  }

  @Test
  void describesItselfWithAParameterSchemaThatValidatesCalls() {
    assertThat(POLICIES.name()).isEqualTo("policies");
    assertThat(POLICIES.description()).isEqualTo("Searches the shop's policy documents.");
    assertThat(TINY.description())
        .isEqualTo("Searches 2 documents and returns the passages most relevant to the query, best first.");
    Map<String, Object> schema = POLICIES.parameters();
    assertThat(schema).containsEntry("type", "object").containsEntry("required", List.of("query"));
    assertThat(schema.get("properties")).asInstanceOf(InstanceOfAssertFactories.MAP)
        .containsOnlyKeys("query", "top_k");

    assertThat(JsonSchemas.validate(Map.of("query", "refund", "top_k", 2), schema)).isEmpty();
    assertThat(JsonSchemas.validate(Map.of("top_k", "two"), schema)).containsExactlyInAnyOrder(
        "$: required property 'query' not found", "$.top_k: string found, integer expected");
  }
}
