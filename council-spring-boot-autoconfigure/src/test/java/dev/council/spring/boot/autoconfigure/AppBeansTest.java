package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.AggregateResult;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RoundResult;
import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.spi.Aggregator;
import dev.council.api.spi.Ballot;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.RoundContext;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import dev.council.api.spi.RunOutcome;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.Councils;
import dev.council.engine.local.MemoryRecorder;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The application's providers, tools, round types, aggregators, recorder and councils are what the
 * auto-configured engine uses.
 */
@SpringBootTest(classes = {TestApplication.class, AppBeansTest.Beans.class},
    webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = "council.providers.sim.type=simulated")
class AppBeansTest {

  @TestConfiguration(proxyBeanMethods = false)
  static class Beans {
    @Bean
    MockProvider houseProvider() {
      MockProvider p = MockProvider.create("house");
      p.script("x", MockScript.content("the house model's answer"));
      p.script("brief", MockScript.content("short"));
      p.script("verbose", MockScript.content("a longer answer from the house model"));
      return p;
    }

    @Bean
    MemoryRecorder recorder() {
      return new MemoryRecorder();
    }

    @Bean
    Tool clock() {
      return new Tool() {
        @Override
        public String name() {
          return "wall_clock";
        }

        @Override
        public String description() {
          return "The current time.";
        }

        @Override
        public Map<String, Object> parameters() {
          return Map.of("type", "object", "properties", Map.of());
        }

        @Override
        public Object execute(Map<String, Object> arguments, ToolContext context) {
          return "12:00";
        }
      };
    }

    /** A round type named {@code shout}: members answer the question in capitals; their answers are aggregated. */
    @Bean
    RoundType shoutRound() {
      return new RoundType() {
        @Override
        public String name() {
          return "shout";
        }

        @Override
        public RoundTraits traits() {
          return new RoundTraits(RoundTraits.InputScope.ORIGINAL, RoundTraits.Sharing.SELF_ONLY, false, true);
        }

        @Override
        public Optional<String> aggregator(Round round) {
          return Optional.of(round.optionString("aggregator", "longest_answer"));
        }

        @Override
        public RoundResult execute(RoundContext ctx) {
          String prompt = ctx.question().toUpperCase(java.util.Locale.ROOT);
          List<MemberResult> results = ctx.invoke(ctx.participants().stream().map(m -> MemberCall.of(m, prompt)).toList());
          List<Ballot> ballots = results.stream().map(r -> Ballot.vote(r.memberId(), r.content())).toList();
          AggregateResult aggregate = ctx.aggregator(aggregator(ctx.round()).orElseThrow())
              .aggregate(ballots, ctx.round().options());
          return new RoundResult(ctx.round().name(), name(), ctx.roundIndex(), ctx.iteration(), results, aggregate,
              Map.of("prompt", prompt));
        }
      };
    }

    /** An aggregator named {@code longest_answer}: the member whose answer (the ballot's choice) is longest wins. */
    @Bean
    Aggregator longestAnswer() {
      return new Aggregator() {
        @Override
        public String name() {
          return "longest_answer";
        }

        @Override
        public AggregateResult aggregate(List<Ballot> ballots, Map<String, Object> options) {
          Map<String, Double> lengths = new LinkedHashMap<>();
          ballots.forEach(b -> lengths.put(b.memberId(), (double) String.valueOf(b.choice()).length()));
          String winner = lengths.entrySet().stream().max(Map.Entry.comparingByValue())
              .map(Map.Entry::getKey).orElse(null);
          return new AggregateResult(name(), winner, List.of(), lengths, winner == null ? "no_ballots" : null, Map.of());
        }
      };
    }

    @Bean
    Council houseCouncil() {
      return Council.builder("house-council")
          .member(Member.builder("x").role("Analyst").systemPrompt("Answer.").provider("house").model("m")
              .tool("wall_clock").build())
          .round("independent_analysis")
          .build();
    }
  }

  @Autowired CouncilEngine engine;
  @Autowired CouncilDefinitions councils;
  @Autowired MemoryRecorder recorder;
  @Autowired MockProvider house;

  @Test
  void councilsFromTheClassPathAndCouncilBeansAreInjectableByName() {
    assertThat(councils.names()).containsExactly("house-council", "panel");
    assertThat(councils.get("panel").members()).extracting(Member::id).containsExactly("optimist", "pessimist");
    assertThat(councils.find("nope")).isEmpty();
  }

  @Test
  void theAppsProviderToolAndRecorderBeansRunTheCouncil() throws InterruptedException {
    Council council = councils.get("house-council");
    assertThat(engine.validate(council)).as("the wall_clock tool bean is known").isEmpty();

    Result r = engine.run(council, Map.of("question", "What time is it?"));

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.rounds().get(0).member("x").orElseThrow().content()).isEqualTo("the house model's answer");
    assertThat(house.calls("x")).isEqualTo(1);
    // recording is asynchronous (a slow recorder never holds the run up): the outcome follows the result
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (recorder.outcome(r.runId()).isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(recorder.outcome(r.runId())).as("the app's recorder recorded the run")
        .hasValue(new RunOutcome.Completed(r));
    assertThat(recorder.events(r.runId())).extracting(CouncilEvent::type).startsWith("run_started")
        .endsWith("run_completed");
  }

  @Test
  void aCouncilNamingTheAppsRoundTypeAndAggregatorRunsWithThem() {
    Council council = Councils.fromJson("""
        {
          "id": "shouting",
          "members": [
            { "id": "brief", "role": "Analyst", "systemPrompt": "Answer.", "provider": "house", "model": "m" },
            { "id": "verbose", "role": "Analyst", "systemPrompt": "Answer.", "provider": "house", "model": "m" }
          ],
          "rounds": [ { "type": "shout", "options": { "aggregator": "longest_answer" } } ]
        }
        """);
    assertThat(engine.validate(council)).as("the shout round type and longest_answer aggregator beans are known")
        .isEmpty();

    Result r = engine.run(council, Map.of("question", "Which answer is longest?"));

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    RoundResult round = r.rounds().get(0);
    assertThat(round.type()).isEqualTo("shout");
    assertThat(round.metadata()).containsEntry("prompt", "WHICH ANSWER IS LONGEST?");
    assertThat(round.member("verbose").orElseThrow().content()).isEqualTo("a longer answer from the house model");
    assertThat(round.aggregate().aggregator()).isEqualTo("longest_answer");
    assertThat(round.aggregate().winner()).isEqualTo("verbose");
  }

  @Test
  void aCouncilNamingAnAggregatorNoBeanProvidesDoesNotValidate() {
    Council council = Councils.fromJson("""
        {
          "id": "shouting-unknown",
          "members": [ { "id": "brief", "role": "Analyst", "systemPrompt": "Answer.", "provider": "house", "model": "m" } ],
          "rounds": [ { "type": "shout", "options": { "aggregator": "no_such_aggregator" } } ]
        }
        """);
    assertThat(engine.validate(council)).as("validation consults the aggregators the engine has").isNotEmpty();
    assertThat(engine.validate(council).toString()).contains("no_such_aggregator");
  }

  @Test
  void aCouncilFromTheClassPathRunsOnTheConfiguredProvider() {
    Result r = engine.run(councils.get("panel"), Map.of("question", "Should we ship on Friday?"));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).startsWith("[simulated]");
  }
}
