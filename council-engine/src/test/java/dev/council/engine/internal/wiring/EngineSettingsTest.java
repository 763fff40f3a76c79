package dev.council.engine.internal.wiring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.FailureMode;
import dev.council.api.RetryPolicy;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.internal.wiring.EngineSettings.Mode;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineSettingsTest {

  @Test
  void emptyConfigurationGivesSingleNodeDefaults() {
    EngineSettings s = EngineSettings.from(CouncilConfig.empty());

    assertThat(s.mode()).isEqualTo(Mode.SINGLE_NODE);
    assertThat(s.pubsub()).isEqualTo("local");
    assertThat(s.registry()).isEqualTo("local");
    assertThat(s.recorder()).isEqualTo("none");
    assertThat(s.tracers()).isEmpty();
    assertThat(s.memberTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.retry().maxAttempts()).isEqualTo(2);
    assertThat(s.retry().baseBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(s.failureMode()).isEqualTo(FailureMode.CONTINUE);
    assertThat(s.reapAfter()).isEqualTo(Duration.ofSeconds(60));
    assertThat(s.nodeId()).isEqualTo("local");
    assertThat(s.defaultProfile()).isNull();
  }

  @Test
  void multiNodeDefaultsToHazelcastAndRecordsNothingWithoutJdbcUrl() {
    EngineSettings s = EngineSettings.from(CouncilConfig.of(Map.of("council.mode", "multi-node")));

    assertThat(s.mode()).isEqualTo(Mode.MULTI_NODE);
    assertThat(s.pubsub()).isEqualTo("hazelcast");
    assertThat(s.registry()).isEqualTo("hazelcast");
    assertThat(s.recorder()).isEqualTo("none");
  }

  @Test
  void multiNodeGeneratesANodeIdUniquePerEngineUnlessOneIsSet() {
    CouncilConfig multi = CouncilConfig.of(Map.of("council.mode", "multi-node"));
    String first = EngineSettings.from(multi).nodeId();
    java.util.Set<String> more = new java.util.HashSet<>();
    for (int i = 0; i < 5; i++) {
      more.add(EngineSettings.from(multi).nodeId());
    }

    assertThat(first).isNotEqualTo("local").contains("-" + ProcessHandle.current().pid() + "-")
        .matches(".+-\\d+-[0-9a-f]{4}");
    assertThat(more).as("random per engine").hasSizeGreaterThan(1)
        .allMatch(id -> id.startsWith(first.substring(0, first.length() - 4)));
    assertThat(EngineSettings.from(CouncilConfig.of(Map.of("council.mode", "multi-node", "council.node-id",
        "node-7"))).nodeId()).isEqualTo("node-7");
  }

  @Test
  void multiNodeWithJdbcUrlDefaultsToJdbiRecorder() {
    EngineSettings s = EngineSettings.from(CouncilConfig.of(Map.of(
        "council.mode", "multi-node", "council.jdbc.url", "jdbc:postgresql://127.0.0.1/council")));

    assertThat(s.recorder()).isEqualTo("jdbi");
  }

  @Test
  void singleNodeIgnoresJdbcUrlForTheRecorderDefault() {
    EngineSettings s = EngineSettings.from(CouncilConfig.of(Map.of("council.jdbc.url", "jdbc:postgresql://127.0.0.1/c")));

    assertThat(s.recorder()).isEqualTo("none");
  }

  @Test
  void explicitPluginNamesWinOverModeDefaults() {
    EngineSettings s = EngineSettings.from(CouncilConfig.of(Map.of(
        "council.mode", "multi-node",
        "council.pubsub", "local",
        "council.registry", "local",
        "council.recorder", "memory",
        "council.jdbc.url", "jdbc:postgresql://127.0.0.1/council")));

    assertThat(s.pubsub()).isEqualTo("local");
    assertThat(s.registry()).isEqualTo("local");
    assertThat(s.recorder()).isEqualTo("memory");
  }

  @Test
  void readsEverySetting() {
    EngineSettings s = EngineSettings.from(CouncilConfig.of(Map.ofEntries(
        Map.entry("council.tracers", " logging, opentelemetry ,,logging "),
        Map.entry("council.defaults.member-timeout", "45s"),
        Map.entry("council.defaults.retry.max-attempts", "4"),
        Map.entry("council.defaults.retry.base-backoff", "250ms"),
        Map.entry("council.defaults.failure-mode", "fail-fast"),
        Map.entry("council.reap-after", "2m"),
        Map.entry("council.node-id", "node-7"),
        Map.entry("council.defaults.profile", "cheap"))));

    assertThat(s.tracers()).containsExactly("logging", "opentelemetry");
    assertThat(s.memberTimeout()).isEqualTo(Duration.ofSeconds(45));
    assertThat(s.retry()).isEqualTo(RetryPolicy.of(4, Duration.ofMillis(250)));
    assertThat(s.failureMode()).isEqualTo(FailureMode.FAIL_FAST);
    assertThat(s.reapAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(s.nodeId()).isEqualTo("node-7");
    assertThat(s.defaultProfile()).isEqualTo("cheap");
  }

  @Test
  void programmaticValuesWinOverSystemPropertiesWhichWinOverEnvironment() {
    CouncilConfig config = CouncilConfig.builder()
        .environment(Map.of(
            "COUNCIL_PUBSUB", "from-env",
            "COUNCIL_RECORDER", "from-env",
            "COUNCIL_DEFAULTS_MEMBER_TIMEOUT", "10s"))
        .systemProperties(Map.of(
            "council.pubsub", "from-system",
            "council.recorder", "from-system"))
        .set("council.pubsub", "from-code")
        .build();

    EngineSettings s = EngineSettings.from(config);

    assertThat(s.pubsub()).isEqualTo("from-code");
    assertThat(s.recorder()).isEqualTo("from-system");
    assertThat(s.memberTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void reportsEveryProblemAtOnce() {
    CouncilConfig config = CouncilConfig.of(Map.of(
        "council.mode", "cluster",
        "council.defaults.member-timeout", "0s",
        "council.defaults.retry.max-attempts", "zero",
        "council.defaults.retry.base-backoff", "soon",
        "council.defaults.failure-mode", "panic",
        "council.reap-after", "PT-5S"));

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> EngineSettings.from(config));

    assertThat(e.problems()).hasSize(6);
    assertThat(e.problems().get(0)).startsWith("council.mode is 'cluster' but must be one of [single-node, multi-node]");
    assertThat(e.problems().get(1)).startsWith("council.defaults.member-timeout is '0s' but must be a positive duration such as 30s");
    assertThat(e.problems().get(2)).startsWith("council.defaults.retry.max-attempts is 'zero' but must be a whole number");
    assertThat(e.problems().get(3)).startsWith("council.defaults.retry.base-backoff is 'soon' but must be a duration");
    assertThat(e.problems().get(4)).startsWith("council.defaults.failure-mode is 'panic' but must be one of [continue, fail-fast]");
    assertThat(e.problems().get(5)).startsWith("council.reap-after is 'PT-5S' but must be a duration of zero or more");
    assertThat(e.getMessage()).contains("council.mode", "council.reap-after");
  }

  @Test
  void retryAttemptsBelowOneSayHowToFixIt() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> EngineSettings.from(CouncilConfig.of(Map.of("council.defaults.retry.max-attempts", "0"))));

    assertThat(e.problems()).containsExactly("council.defaults.retry.max-attempts is '0' but must be at least 1"
        + " (1 means no retry) (set it as system property -Dcouncil.defaults.retry.max-attempts=...,"
        + " environment variable COUNCIL_DEFAULTS_RETRY_MAX_ATTEMPTS, or in council.properties)");
  }

  @Test
  void aMistypedModeOrFailureModeIsAnsweredWithTheClosestAllowedValue() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> EngineSettings.from(CouncilConfig.of(
        Map.of("council.mode", "multinode", "council.defaults.failure-mode", "fail_fsat"))));

    assertThat(e.problems()).containsExactly(
        "council.mode is 'multinode' but must be one of [single-node, multi-node] (set it as system property"
            + " -Dcouncil.mode=..., environment variable COUNCIL_MODE, or in council.properties)."
            + " Did you mean 'multi-node'?",
        "council.defaults.failure-mode is 'fail_fsat' but must be one of [continue, fail-fast] (set it as system"
            + " property -Dcouncil.defaults.failure-mode=..., environment variable COUNCIL_DEFAULTS_FAILURE_MODE,"
            + " or in council.properties). Did you mean 'fail-fast'?");
  }

  @Test
  void aModeNearNoAllowedValueGetsNoSuggestion() {
    ConfigException e = catchThrowableOfType(ConfigException.class,
        () -> EngineSettings.from(CouncilConfig.of(Map.of("council.mode", "cluster"))));

    assertThat(e.problems()).singleElement().asString().endsWith("or in council.properties)")
        .doesNotContain("Did you mean");
  }
}
