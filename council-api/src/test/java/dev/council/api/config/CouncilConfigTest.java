package dev.council.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.FailureMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CouncilConfigTest {

  @Test
  void programmaticBeatsSystemPropertiesBeatsEnvironmentBeatsFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("council.properties");
    Files.writeString(file, "council.a=file\ncouncil.b=file\ncouncil.c=file\ncouncil.d=file\n");
    CouncilConfig config = CouncilConfig.builder()
        .propertiesFile(file)
        .environment(Map.of("COUNCIL_A", "env", "COUNCIL_B", "env", "COUNCIL_C", "env"))
        .systemProperties(Map.of("council.a", "sys", "council.b", "sys"))
        .set("council.a", "code")
        .build();

    assertThat(config.get("council.a")).contains("code");
    assertThat(config.get("council.b")).contains("sys");
    assertThat(config.get("council.c")).contains("env");
    assertThat(config.get("council.d")).contains("file");
    assertThat(config.get("council.e")).isEmpty();
  }

  @Test
  void surroundingWhitespaceIsTrimmedFromEveryValueSecretsIncludedAndABlankValueCountsAsUnset(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("council.properties");
    Files.writeString(file, "council.f=from-file  \n");
    CouncilConfig c = CouncilConfig.builder().propertiesFile(file)
        .environment(Map.of("COUNCIL_E", " from-env\t")).set("council.name", "  echo\t").set("council.d", " 30s ")
        .set("council.flag", " true ").set("council.mode", " fail-fast ").set("council.providers.x.api-key", " sk-1 \n")
        .set("council.blank", "   ").build();

    assertThat(c.get("council.name")).contains("echo");
    assertThat(c.get("council.f")).contains("from-file");
    assertThat(c.get("council.e")).contains("from-env");
    assertThat(c.getDuration("council.d", Duration.ZERO)).isEqualTo(Duration.ofSeconds(30));
    assertThat(c.getBoolean("council.flag", false)).isTrue();
    assertThat(c.getEnum("council.mode", Mode.class, Mode.BEST_EFFORT)).isEqualTo(Mode.FAIL_FAST);
    assertThat(c.getSecret("council.providers.x.api-key")).map(Secret::reveal).contains("sk-1");
    assertThat(c.get("council.blank")).isEmpty();
  }

  private enum Mode { FAIL_FAST, BEST_EFFORT }

  @Test
  void environmentNamesAreUpperCaseWithUnderscores() {
    assertThat(CouncilConfig.envName("council.providers.local-llm.base-url"))
        .isEqualTo("COUNCIL_PROVIDERS_LOCAL_LLM_BASE_URL");
    CouncilConfig config = CouncilConfig.builder().systemProperties(Map.of())
        .environment(Map.of("COUNCIL_DEFAULTS_MEMBER_TIMEOUT", "45s")).build();
    assertThat(config.getDuration("council.defaults.member-timeout", Duration.ZERO)).isEqualTo(Duration.ofSeconds(45));
  }

  @Test
  void typedGettersParseDurationsNumbersBooleansAndEnums() {
    CouncilConfig c = CouncilConfig.of(Map.of("d1", "500ms", "d2", "2m", "d3", "PT3S", "d4", "250", "n", "8",
        "b", "yes", "e", "fail-fast"));
    assertThat(c.getDuration("d1", Duration.ZERO)).isEqualTo(Duration.ofMillis(500));
    assertThat(c.getDuration("d2", Duration.ZERO)).isEqualTo(Duration.ofMinutes(2));
    assertThat(c.getDuration("d3", Duration.ZERO)).isEqualTo(Duration.ofSeconds(3));
    assertThat(c.getDuration("d4", Duration.ZERO)).isEqualTo(Duration.ofMillis(250));
    assertThat(c.getInt("n", 1)).isEqualTo(8);
    assertThat(c.getBoolean("b", false)).isTrue();
    assertThat(c.getEnum("e", dev.council.api.FailureMode.class, dev.council.api.FailureMode.CONTINUE))
        .isEqualTo(dev.council.api.FailureMode.FAIL_FAST);
    assertThat(c.getInt("missing", 3)).isEqualTo(3);
  }

  @Test
  void everyProblemIsReportedAtOnceWithTheKeyAndTheExpectedForm() {
    CouncilConfig c = CouncilConfig.of(Map.of("council.reap-after", "soon", "council.pool", "many"));
    assertThatThrownBy(() -> c.validate(List.of(
        () -> c.getDuration("council.reap-after", Duration.ZERO),
        () -> c.getInt("council.pool", 1))))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "council.reap-after is 'soon' but must be a duration such as 500ms, 30s, 2m or PT30S (set it as system"
                + " property -Dcouncil.reap-after=..., environment variable COUNCIL_REAP_AFTER, or in council.properties)",
            "council.pool is 'many' but must be a whole number, e.g. 8 (set it as system property -Dcouncil.pool=...,"
                + " environment variable COUNCIL_POOL, or in council.properties)"));
  }

  @Test
  void secretsAreMaskedInToStringAndInProblems() {
    CouncilConfig c = CouncilConfig.builder().systemProperties(Map.of())
        .environment(Map.of("COUNCIL_JDBC_PASSWORD", "hunter2", "OPENAI_API_KEY", "sk-live-123"))
        .set("council.providers.x.api-key", "sk-abc").set("council.jdbc.user", "council").build();
    assertThat(c.toString()).doesNotContain("hunter2", "sk-abc", "sk-live-123").contains("council.jdbc.user=council");
    assertThat(c.getSecret("council.providers.x.api-key").orElseThrow().toString()).isEqualTo("******");
    assertThat(c.getSecret("council.providers.x.api-key").orElseThrow().reveal()).isEqualTo("sk-abc");
    CouncilConfig bad = CouncilConfig.of(Map.of("council.jdbc.password", "hunter2"));
    assertThatThrownBy(() -> bad.getInt("council.jdbc.password", 0)).hasMessageNotContaining("hunter2");
  }

  @Test
  void childrenListsTheNextKeySegmentAcrossSources() {
    CouncilConfig c = CouncilConfig.builder().systemProperties(Map.of("council.providers.openai.type", "openai"))
        .environment(Map.of("COUNCIL_PROVIDERS_LOCAL_BASE_URL", "http://127.0.0.1:8000"))
        .set("council.providers.claude.type", "anthropic").build();
    assertThat(c.children("council.providers")).containsExactly("claude", "local", "openai");
  }

  @Test
  void sharedObjectsReachWhoeverGetsTheConfigurationAndSurviveLayering() {
    StringBuilder appOwned = new StringBuilder("the application's instance");
    CouncilConfig c = CouncilConfig.builder().systemProperties(Map.of()).environment(Map.of())
        .share(StringBuilder.class, appOwned).build();

    assertThat(c.shared(StringBuilder.class)).containsSame(appOwned);
    assertThat(c.shared(CharSequence.class)).isEmpty();
    assertThat(c.with(Map.of("council.mode", "multi-node")).shared(StringBuilder.class)).containsSame(appOwned);
    assertThat(CouncilConfig.empty().withShared(StringBuilder.class, appOwned).shared(StringBuilder.class))
        .containsSame(appOwned);
    assertThat(c.toString()).contains("shared=[java.lang.StringBuilder]").doesNotContain("application's instance");
  }

  @Test
  @SuppressWarnings({"unchecked", "rawtypes"})
  void sharingAnObjectUnderAForeignTypeIsRefused() {
    Class raw = Integer.class;
    assertThatThrownBy(() -> CouncilConfig.builder().share(raw, "not a number"))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("java.lang.Integer");
  }

  private static final String ENUM_KEY = "council.defaults.failure-mode";

  private static FailureMode readEnum(String value) {
    return CouncilConfig.of(Map.of(ENUM_KEY, value)).getEnum(ENUM_KEY, FailureMode.class, FailureMode.CONTINUE);
  }

  @Test
  void anEnumIsReadInAnyCaseWithDashesOrUnderscoresAndFallsBackWhenUnset() {
    assertThat(readEnum("fail-fast")).isEqualTo(FailureMode.FAIL_FAST);
    assertThat(readEnum(" FAIL_FAST ")).isEqualTo(FailureMode.FAIL_FAST);
    assertThat(CouncilConfig.empty().getEnum(ENUM_KEY, FailureMode.class, FailureMode.CONTINUE))
        .isEqualTo(FailureMode.CONTINUE);
  }

  @Test
  void aTypoOfAnEnumValueEndsTheProblemWithTheClosestAllowedValue() {
    for (String typo : new String[] {"contniue", "Continu", "fail_fst", "failfast"}) {
      ConfigException e = catchThrowableOfType(ConfigException.class, () -> readEnum(typo));

      assertThat(e.problems()).as(typo).singleElement().asString()
          .startsWith(ENUM_KEY + " is '" + typo + "' but must be one of [continue, fail-fast]")
          .endsWith(typo.toLowerCase().startsWith("c") ? ". Did you mean 'continue'?" : ". Did you mean 'fail-fast'?");
    }
  }

  @Test
  void anEnumValueNearNoAllowedOneGetsTheProblemWithoutASuggestion() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> readEnum("panic"));

    assertThat(e.problems()).containsExactly(ENUM_KEY + " is 'panic' but must be one of [continue, fail-fast] (set it"
        + " as system property -D" + ENUM_KEY + "=..., environment variable COUNCIL_DEFAULTS_FAILURE_MODE, or in"
        + " council.properties)");
  }

  @Test
  void aValueThisClassCannotJudgeIsRefusedInTheSameShapeWithSecretsMasked() {
    CouncilConfig config = CouncilConfig.of(Map.of("council.server.port", "70000",
        "council.providers.openai.api-key", "sk-not-shown"));

    assertThat(config.invalid("council.server.port", "a port from 0 to 65535").problems()).containsExactly(
        "council.server.port is '70000' but must be a port from 0 to 65535 (set it as system property"
            + " -Dcouncil.server.port=..., environment variable COUNCIL_SERVER_PORT, or in council.properties)");
    assertThat(config.invalid("council.providers.openai.api-key", "a key of the form sk-...").problems())
        .singleElement().asString().startsWith("council.providers.openai.api-key is ****** but must be")
        .doesNotContain("sk-not-shown");
  }
}
