package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.config.ConfigException;
import dev.council.engine.CouncilEngine;
import java.time.Duration;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** {@code council.*} properties bind, reach the engine, and invalid ones fail start-up naming the property. */
@ExtendWith(OutputCaptureExtension.class)
class CouncilPropertiesTest {
  private final ApplicationContextRunner runner = new ApplicationContextRunner()
      .withConfiguration(AutoConfigurations.of(CouncilAutoConfiguration.class))
      .withPropertyValues("council.providers.sim.type=simulated");

  @Test
  void typedPropertiesBindAndEveryCouncilKeyReachesTheEngine() {
    runner.withPropertyValues(
            "council.shutdown.drain=5s",
            "council.reap-after=2m",
            "council.defaults.failure-mode=fail-fast",
            "council.providers.sim.latency=250ms",
            "council.node-id=node-7",
            // not a typed property: still reaches the engine's configuration as it is
            "council.recorder.jdbi.batch-size=7")
        .run(context -> {
          assertThat(context).hasNotFailed();
          CouncilProperties p = context.getBean(CouncilProperties.class);
          assertThat(p.shutdown().drain()).isEqualTo(Duration.ofSeconds(5));
          assertThat(p.reapAfter()).isEqualTo(Duration.ofMinutes(2));
          assertThat(p.defaults().failureMode()).isEqualTo(dev.council.api.FailureMode.FAIL_FAST);
          assertThat(p.providers()).containsKey("sim");
          assertThat(p.providers().get("sim").latency()).isEqualTo(Duration.ofMillis(250));
          assertThat(p.spring().sse().cancelOnDisconnect()).as("default").isTrue();

          CouncilEngine engine = context.getBean(CouncilEngine.class);
          assertThat(engine.config().getDuration("council.shutdown.drain", Duration.ZERO))
              .isEqualTo(Duration.ofSeconds(5));
          assertThat(engine.config().get("council.node-id")).hasValue("node-7");
          assertThat(engine.config().get("council.recorder.jdbi.batch-size")).hasValue("7");
          assertThat(engine.config().children("council.providers")).containsExactly("sim");
        });
  }

  @Test
  void relaxedNamesReachTheEngineUnderTheirCanonicalKey() {
    runner.withPropertyValues("council.shutdown.drain=3s", "council.reapAfter=90s").run(context -> {
      CouncilEngine engine = context.getBean(CouncilEngine.class);
      assertThat(engine.config().getDuration("council.reap-after", Duration.ZERO)).isEqualTo(Duration.ofSeconds(90));
    });
  }

  @Test
  void aMalformedTypedPropertyFailsStartUpNamingIt() {
    runner.withPropertyValues("council.shutdown.drain=soon").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure()))
          .contains("council.shutdown.drain")
          .contains("soon");
    });
  }

  @Test
  void aValueTheEngineRejectsFailsStartUpWithEveryProblemNamingItsProperty() {
    runner.withPropertyValues("council.reap-max=-1").run(context -> {
      assertThat(context).hasFailed();
      Throwable failure = context.getStartupFailure();
      FailureAnalysis analysis = new CouncilConfigFailureAnalyzer().analyze(failure);
      assertThat(analysis).isNotNull();
      assertThat(analysis.getDescription()).contains("council.reap-max is -1 but must be 0 or more");
      assertThat(analysis.getAction()).contains("council.* properties");
    });
  }

  @Test
  void aStartedApplicationReportsTheBadPropertyInItsFailureReport(CapturedOutput output) {
    SpringApplication app = new SpringApplication(TestApplication.class);
    app.setWebApplicationType(WebApplicationType.NONE);
    app.setDefaultProperties(java.util.Map.of(
        "council.providers.sim.type", "simulated",
        "council.defaults.member-timeout", "3d"));
    assertThatThrownBy(app::run).hasRootCauseInstanceOf(ConfigException.class);
    assertThat(output.getOut() + output.getErr())
        .contains("APPLICATION FAILED TO START")
        .contains("The council engine could not start")
        .contains("council.defaults.member-timeout");
  }

  @Test
  void anSseSettingOutOfRangeFailsStartUpNamingIt() {
    runner.withPropertyValues("council.spring.sse.replay-runs=0").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure())).contains("council.spring.sse.replay-runs");
    });
  }

  @Test
  void aCouncilFileThatDoesNotParseFailsStartUpNamingTheFile() {
    runner.withPropertyValues("council.spring.councils=classpath:broken/*.json").run(context -> {
      assertThat(context).hasFailed();
      assertThat(messages(context.getStartupFailure())).contains("broken.json").contains("is not a valid council");
    });
  }

  private static String messages(Throwable t) {
    StringBuilder sb = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      sb.append(c.getMessage()).append('\n');
    }
    return sb.toString();
  }
}
