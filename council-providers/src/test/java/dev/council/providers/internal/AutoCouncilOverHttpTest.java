package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AutoChoice;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.ResultMetadata;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.engine.auto.AutoCouncil;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Auto councils whose deciding member talks to a real wire format on a local server: {@code llm_classify}
 * over OpenAI chat completions with structured output (an invalid name re-asked), {@code embedding} over
 * Ollama's {@code /api/embed} (descriptions embedded once and cached). The chosen councils run on the
 * simulated provider.
 */
class AutoCouncilOverHttpTest {

  private static Council specialist(String id) {
    return Council.builder(id).member(Member.builder(id + "-analyst").role(id + " analyst").provider("simulated")
        .model("sim").build()).round(Round.of("independent_analysis")).build();
  }

  private static AutoCouncil.Builder catalog(AutoCouncil.Builder b) {
    return b.entry(AutoCouncil.entry("code", specialist("code")).description("Java programs, exceptions and bugs"))
        .entry(AutoCouncil.entry("legal", specialist("legal")).description("contracts, liability and GDPR"))
        .entry(AutoCouncil.entry("general", specialist("general")).description("anything else"));
  }

  private static String completion(String content) {
    return """
        {"id": "chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", "object": "chat.completion", "created": 1741569952,
         "model": "gpt-4o-mini-2024-07-18",
         "choices": [{"index": 0, "message": {"role": "assistant", "content": %s, "refusal": null,
           "annotations": []}, "logprobs": null, "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 120, "completion_tokens": 12, "total_tokens": 132}}
        """.formatted(tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(content));
  }

  @Test
  void llmClassifyOverOpenAiChatCompletionsReAsksAnUnknownNameThenRunsTheChosenCouncil() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.enqueue(Reply.json(200, completion("{\"choice\": \"astrology\", \"reason\": \"stars\"}")));
      server.enqueue(Reply.json(200, completion("{\"choice\": \"legal\", \"reason\": \"a question about a contract\"}")));
      Council auto = catalog(AutoCouncil.builder("triage").strategy(AutoCouncil.Strategy.LLM_CLASSIFY)
          .classifier(Member.builder("router").provider("openai").model("gpt-4o-mini").build())).build();

      Result r;
      try (CouncilEngine engine = CouncilEngine.create(config(Map.of("OPENAI_API_KEY", KEY,
          "OPENAI_BASE_URL", server.baseUrl())))) {
        r = engine.run(auto, Map.of("question", "May the supplier end our agreement without notice?"));
      }

      assertThat(r.status()).as(r.errors().toString()).isEqualTo(RunStatus.COMPLETED);
      AutoChoice c = AutoChoice.of(r).orElseThrow();
      assertThat(c.strategy()).isEqualTo("llm_classify");
      assertThat(c.chosen()).isEqualTo("legal");
      assertThat(c.reason()).isEqualTo("classifier 'router': a question about a contract");
      assertThat(r.answer()).startsWith("[simulated]");
      assertThat(server.requestCount()).isEqualTo(2);
      JsonNode first = server.takeRequest().json();
      assertThat(first.at("/response_format/type").asString()).isEqualTo("json_schema");
      assertThat(first.at("/response_format/json_schema/schema/properties/choice/enum").toString())
          .isEqualTo("[\"code\",\"legal\",\"general\",\"none\"]");
      String firstPrompt = first.at("/messages").get(first.at("/messages").size() - 1).at("/content").asString();
      assertThat(firstPrompt).contains("- code: Java programs, exceptions and bugs")
          .contains("May the supplier end our agreement without notice?");
      JsonNode retry = server.takeRequest().json();
      assertThat(retry.at("/messages").toString()).contains("astrology");
    }
  }

  @Test
  void embeddingOverOllamaApiEmbedChoosesTheNearestDescriptionAndCachesTheCatalogVectors() {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.enqueue(Reply.json(200, """
          {"model": "nomic-embed-text", "embeddings": [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.9, 0.1, 0.0],
            [0.0, 0.0, 1.0]], "total_duration": 14143917, "load_duration": 1019500, "prompt_eval_count": 21}"""));
      server.enqueue(Reply.json(200, """
          {"model": "nomic-embed-text", "embeddings": [[0.1, 0.95, 0.0]], "prompt_eval_count": 6}"""));
      Council auto = catalog(AutoCouncil.builder("triage").strategy(AutoCouncil.Strategy.EMBEDDING)
          .embedder(Member.builder("embedder").provider("ollama").model("nomic-embed-text").build())).build();

      Result legal;
      Result code;
      try (CouncilEngine engine = CouncilEngine.create(config(Map.of("OLLAMA_HOST", server.baseUrl())))) {
        legal = engine.run(auto, Map.of("question", "Is this clause enforceable?"));
        code = engine.run(auto, Map.of("question", "Why does this throw?"));
      }

      AutoChoice first = AutoChoice.of(legal).orElseThrow();
      assertThat(first.chosen()).isEqualTo("legal");
      assertThat(first.score()).isCloseTo(0.9 / Math.sqrt(0.82), org.assertj.core.data.Offset.offset(1e-9));
      assertThat(AutoChoice.of(code).orElseThrow().chosen()).isEqualTo("code");
      Result chosenRun = (Result) legal.rounds().get(0).members().get(0).metadata().get(ResultMetadata.SUB_RESULT);
      assertThat(legal.usage().inputTokens()).as("the embedding request's tokens count in the run's usage")
          .isEqualTo(chosenRun.usage().inputTokens() + 21);
      JsonNode batch = server.takeRequest().json();
      assertThat(batch.toString()).isEqualTo("{\"model\":\"nomic-embed-text\",\"input\":[\"Is this clause"
          + " enforceable?\",\"Java programs, exceptions and bugs\",\"contracts, liability and GDPR\",\"anything"
          + " else\"]}");
      assertThat(server.takeRequest().json().get("input").toString()).isEqualTo("[\"Why does this throw?\"]");
    }
  }
}
