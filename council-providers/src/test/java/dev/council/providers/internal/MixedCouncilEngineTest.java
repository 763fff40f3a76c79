package dev.council.providers.internal;

import static dev.council.providers.internal.TestSupport.KEY;
import static dev.council.providers.internal.TestSupport.config;
import static dev.council.providers.internal.TestSupport.sse;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberToken;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.json.Councils;
import dev.council.providers.internal.ScriptedServer.Reply;
import dev.council.providers.internal.TestSupport.FiveServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A council mixing all five providers, every member streaming, run through the engine against local
 * servers speaking each provider's wire format; configured only by the conventional environment
 * variables, like {@code examples/providers.json}.
 */
class MixedCouncilEngineTest {

  @Test
  void aCouncilOfAllFiveProvidersStreamsAndCompletesWithCorrectUsageTotals() throws Exception {
    try (FiveServers servers = FiveServers.start()) {
      servers.get("openai").enqueue(Reply.sse(sse("\n",
          "{\"id\":\"c2\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"The council says: Paris.\"},"
              + "\"finish_reason\":null}]}",
          "{\"id\":\"c2\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}",
          "{\"id\":\"c2\",\"model\":\"gpt-4o\",\"choices\":[],\"usage\":{\"prompt_tokens\":300,\"completion_tokens\":6}}",
          "[DONE]")));

      Council council = Councils.fromJson(Path.of("..", "examples", "providers.json"));
      List<CouncilEvent> events = new CopyOnWriteArrayList<>();
      CountDownLatch terminal = new CountDownLatch(1);
      Result r;
      try (CouncilEngine engine = CouncilEngine.create(config(servers.env()))) {
        r = engine.run(council, Map.of("question", "Capital of France?"),
            RunOptions.builder().listener(e -> {
              events.add(e);
              if (e.terminal()) {
                terminal.countDown();
              }
            }).awaitTimeout(Duration.ofSeconds(30)).build());
      }

      assertThat(r.status()).as(r.errors().toString()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.rounds().get(0).members()).extracting(MemberResult::status).containsOnly(MemberStatus.OK);
      assertThat(r.rounds().get(0).members()).allSatisfy(m -> assertThat(m.content()).startsWith("Paris"));
      assertThat(r.answer()).isEqualTo("The council says: Paris.");
      assertThat(r.usage()).isEqualTo(new Usage(19 + 25 + 8 + 26 + 10 + 300, 9 + 15 + 9 + 282 + 2 + 6, 0.25));
      assertThat(terminal.await(10, TimeUnit.SECONDS)).isTrue();
      for (String member : List.of("openai", "anthropic", "gemini", "ollama", "openrouter")) {
        StringBuilder streamed = new StringBuilder();
        events.stream().filter(e -> e instanceof MemberToken t && t.memberId().equals(member))
            .forEach(e -> streamed.append(((MemberToken) e).chunk().content()));
        assertThat(streamed.toString()).as(member).isEqualTo(r.rounds().get(0).member(member).orElseThrow().content());
      }
      assertThat(servers.get("openai").requestCount()).isEqualTo(2);
      servers.get("openai").takeRequest();
      String chairPrompt = servers.get("openai").takeRequest().body();
      assertThat(chairPrompt).contains("Capital of France?");
    }
  }

  @Test
  void cancellingARunAbortsTheInFlightHttpRequest() throws Exception {
    try (ScriptedServer server = ScriptedServer.start()) {
      server.enqueue(Reply.silence());
      Map<String, String> env = Map.of("OPENAI_API_KEY", KEY, "OPENAI_BASE_URL", server.baseUrl());
      Council council = Council.builder("one").member(Member.builder("m").provider("openai").model("gpt-4o-mini")
          .build()).round(Round.of("independent_analysis")).build();
      try (CouncilEngine engine = CouncilEngine.create(config(env))) {
        var handle = engine.start(council, Map.of("question", "Slow question?"));
        server.takeRequest();

        handle.cancel();
        Result r = handle.await(Duration.ofSeconds(10));

        assertThat(server.awaitClientDisconnect()).as("the server sees the connection close").isTrue();
        assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(r.rounds().get(0).members().get(0).error().kind()).isEqualTo(dev.council.api.ErrorKind.CANCELLED);
      }
    }
  }
}
