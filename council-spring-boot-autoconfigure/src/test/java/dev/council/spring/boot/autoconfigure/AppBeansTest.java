package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import dev.council.engine.CouncilEngine;
import dev.council.engine.local.MemoryRecorder;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.util.Map;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** The application's providers, tools, recorder and councils are what the auto-configured engine uses. */
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
  void theAppsProviderToolAndRecorderBeansRunTheCouncil() {
    Council council = councils.get("house-council");
    assertThat(engine.validate(council)).as("the wall_clock tool bean is known").isEmpty();

    Result r = engine.run(council, Map.of("question", "What time is it?"));

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.rounds().get(0).member("x").orElseThrow().content()).isEqualTo("the house model's answer");
    assertThat(house.calls("x")).isEqualTo(1);
    assertThat(recorder.outcome(r.runId())).as("the app's recorder recorded the run").isPresent();
    assertThat(recorder.events(r.runId())).isNotEmpty();
  }

  @Test
  void aCouncilFromTheClassPathRunsOnTheConfiguredProvider() {
    Result r = engine.run(councils.get("panel"), Map.of("question", "Should we ship on Friday?"));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).startsWith("[simulated]");
  }
}
