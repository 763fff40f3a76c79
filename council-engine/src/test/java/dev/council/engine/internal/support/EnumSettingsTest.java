package dev.council.engine.internal.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.FailureMode;
import dev.council.api.config.ConfigException;
import dev.council.api.config.CouncilConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnumSettingsTest {
  private static final String KEY = "council.defaults.failure-mode";

  private static FailureMode read(String value) {
    return EnumSettings.read(CouncilConfig.of(Map.of(KEY, value)), KEY, FailureMode.class, FailureMode.CONTINUE);
  }

  @Test
  void readsWhatCouncilConfigReadsAndFallsBackWhenUnset() {
    assertThat(read("fail-fast")).isEqualTo(FailureMode.FAIL_FAST);
    assertThat(read(" FAIL_FAST ")).isEqualTo(FailureMode.FAIL_FAST);
    assertThat(EnumSettings.read(CouncilConfig.empty(), KEY, FailureMode.class, FailureMode.CONTINUE))
        .isEqualTo(FailureMode.CONTINUE);
  }

  @Test
  void aTypoEndsTheProblemWithTheClosestAllowedValue() {
    for (String typo : new String[] {"contniue", "Continu", "fail_fst", "failfast"}) {
      ConfigException e = catchThrowableOfType(ConfigException.class, () -> read(typo));

      assertThat(e.problems()).as(typo).singleElement().asString()
          .startsWith(KEY + " is '" + typo + "' but must be one of [continue, fail-fast]")
          .endsWith(typo.toLowerCase().startsWith("c") ? ". Did you mean 'continue'?" : ". Did you mean 'fail-fast'?");
    }
  }

  @Test
  void aValueNearNoAllowedOneKeepsCouncilConfigsProblemAsItIs() {
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> read("panic"));

    assertThat(e.problems()).containsExactly(KEY + " is 'panic' but must be one of [continue, fail-fast] (set it as"
        + " system property -D" + KEY + "=..., environment variable COUNCIL_DEFAULTS_FAILURE_MODE, or in"
        + " council.properties)");
  }
}
