package dev.council.recorder.jdbi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.config.ConfigException;
import dev.council.recorder.jdbi.internal.EventTypes;
import org.junit.jupiter.api.Test;

class EventFilterTest {
  private static final String KNOWN = "[member_completed, member_started, member_token, round_completed,"
      + " round_started, run_completed, run_failed, run_started, tool_call_completed, tool_call_requested]";

  @Test
  void defaultStoresEverythingButTokens() {
    for (String type : EventTypes.names()) {
      assertThat(EventFilter.DEFAULT.accepts(type)).as(type).isEqualTo(!type.equals("member_token"));
    }
    assertThat(EventFilter.DEFAULT).hasToString("exclude:member_token");
  }

  @Test
  void parsesAllIncludeAndExclude() {
    assertThat(EventFilter.parse("all")).isEqualTo(EventFilter.all());
    assertThat(EventFilter.parse(" ALL ").accepts("member_token")).isTrue();
    assertThat(EventFilter.parse("exclude:member_token")).isEqualTo(EventFilter.DEFAULT);
    assertThat(EventFilter.parse("exclude:")).isEqualTo(EventFilter.all());

    EventFilter include = EventFilter.parse("include: run_started , RUN_COMPLETED");
    assertThat(include).isEqualTo(EventFilter.include("run_started", "run_completed"));
    assertThat(include.accepts("run_started")).isTrue();
    assertThat(include.accepts("run_completed")).isTrue();
    assertThat(include.accepts("member_completed")).isFalse();
  }

  @Test
  void printsTheFormItParses() {
    for (EventFilter f : new EventFilter[] {EventFilter.all(), EventFilter.DEFAULT,
        EventFilter.include("run_failed", "run_completed"), EventFilter.exclude("member_token", "member_started")}) {
      assertThat(EventFilter.parse(f.toString())).isEqualTo(f);
    }
    assertThat(EventFilter.include("run_failed", "run_completed")).hasToString("include:run_completed,run_failed");
  }

  @Test
  void rejectsUnknownTypesNamingTheKnownOnes() {
    assertThatThrownBy(() -> EventFilter.parse("exclude:membr_token"))
        .isInstanceOf(ConfigException.class)
        .satisfies(e -> assertThat(((ConfigException) e).problems())
            .containsExactly("unknown event type(s) [membr_token] in event filter; known types: " + KNOWN));
    assertThatThrownBy(() -> EventFilter.include("run_started", "nope")).hasMessageContaining("[nope]");
  }

  @Test
  void rejectsMalformedSpecs() {
    assertThatThrownBy(() -> EventFilter.parse("member_token"))
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("event filter 'member_token'"
            + " must be 'all', 'exclude:<type>,...' or 'include:<type>,...' with types from " + KNOWN));
    assertThatThrownBy(() -> EventFilter.parse("include:"))
        .satisfies(e -> assertThat(((ConfigException) e).problems()).containsExactly("event filter 'include:'"
            + " includes no event type, so nothing would be stored; list types after 'include:' from " + KNOWN));
  }
}
