package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static dev.council.providers.internal.TestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.council.api.ConfidenceStrategy;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import dev.council.providers.internal.ScriptedServer.Reply;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A member with {@code confidence: logprob} on an OpenAI-compatible provider, run through the engine against
 * a local server answering in the chat-completions wire format: its confidence is exp(mean token logprob).
 */
class LogprobConfidenceOverHttpTest {
  private ScriptedServer server;

  @BeforeEach
  void start() {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private MemberResult run(boolean stream) {
    Council council = Council.builder("scored").member(Member.builder("scorer").provider("openai")
        .model("gpt-4o-mini").stream(stream).confidence(ConfidenceStrategy.LOGPROB).build())
        .round(Round.of("independent_analysis")).build();
    try (CouncilEngine engine = CouncilEngine.create(config(Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL",
        server.baseUrl())))) {
      Result r = engine.run(council, Map.of("question", "Capital of France?"));
      assertThat(r.status()).as(r.errors().toString()).isEqualTo(RunStatus.COMPLETED);
      assertThat(server.takeRequest().json().get("logprobs").asBoolean()).isTrue();
      return r.rounds().get(0).member("scorer").orElseThrow();
    }
  }

  @Test
  void aCompleteResponsesTokenLogprobsBecomeTheMembersConfidence() {
    server.enqueue(Reply.json(200, """
        {"id": "chatcmpl-7", "object": "chat.completion", "created": 1741569952, "model": "gpt-4o-mini-2024-07-18",
         "choices": [{"index": 0,
                      "message": {"role": "assistant", "content": "Paris is the capital.", "refusal": null},
                      "logprobs": {"content": [
                        {"token": "Paris", "logprob": -0.0001, "bytes": [80, 97, 114, 105, 115], "top_logprobs": []},
                        {"token": " is", "logprob": -0.02, "bytes": [32, 105, 115], "top_logprobs": []},
                        {"token": " the", "logprob": -0.5, "bytes": [32, 116, 104, 101], "top_logprobs": []},
                        {"token": " capital", "logprob": -0.013,
                         "bytes": [32, 99, 97, 112, 105, 116, 97, 108], "top_logprobs": []},
                        {"token": ".", "logprob": -0.3, "bytes": [46], "top_logprobs": []}],
                       "refusal": null},
                      "finish_reason": "stop"}],
         "usage": {"prompt_tokens": 24, "completion_tokens": 5, "total_tokens": 29},
         "system_fingerprint": "fp_44709d6fcb"}
        """));

    MemberResult scorer = run(false);

    assertThat(scorer.content()).isEqualTo("Paris is the capital.");
    // exp((-0.0001 - 0.02 - 0.5 - 0.013 - 0.3) / 5) = exp(-0.16662)
    assertThat(scorer.confidence()).isCloseTo(0.8465212282928478, within(1e-12));
    assertThat(scorer.metadata()).doesNotContainKey("confidenceUnavailable");
  }

  @Test
  void aStreamedResponsesTokenLogprobsAcrossChunksBecomeTheMembersConfidence() {
    server.enqueue(Reply.sse(sse("\n",
        chunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "{\"content\":[],\"refusal\":null}",
            "null"),
        chunk("{\"content\":\"Paris\"}", "{\"content\":[{\"token\":\"Paris\",\"logprob\":-0.25,"
            + "\"bytes\":[80,97,114,105,115],\"top_logprobs\":[]}],\"refusal\":null}", "null"),
        chunk("{\"content\":\".\"}", "{\"content\":[{\"token\":\".\",\"logprob\":-0.75,\"bytes\":[46],"
            + "\"top_logprobs\":[]}],\"refusal\":null}", "null"),
        chunk("{}", "null", "\"stop\""),
        "[DONE]")));

    MemberResult scorer = run(true);

    assertThat(scorer.content()).isEqualTo("Paris.");
    // exp((-0.25 - 0.75) / 2) = exp(-0.5)
    assertThat(scorer.confidence()).isCloseTo(0.6065306597126334, within(1e-12));
  }

  private static String chunk(String delta, String logprobs, String finishReason) {
    return "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"created\":1741569952,"
        + "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_44709d6fcb\",\"choices\":[{\"index\":0,"
        + "\"delta\":" + delta + ",\"logprobs\":" + logprobs + ",\"finish_reason\":" + finishReason + "}]}";
  }
}
