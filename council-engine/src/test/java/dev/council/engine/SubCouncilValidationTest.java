package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.council.api.Council;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.ValidationError;
import dev.council.api.config.ConfigException;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Sub-councils are checked whole at validation: cycles through names or inline, and nesting depth. */
class SubCouncilValidationTest {
  private final MockProvider mock = MockProvider.create("mock");

  private static Council refersTo(String id, String ref) {
    return Council.builder(id).member(Member.builder("to-" + ref).subCouncilRef(ref).build())
        .round(Round.of("independent_analysis")).build();
  }

  private CouncilEngine engine(CouncilEngine.Builder b) {
    return b.config(TestSupport.config()).provider("mock", mock).build();
  }

  @Test
  void aCouncilThatRefersToItselfByNameIsACycleNamedInTheError() {
    Council loop = refersTo("loop", "loop");
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("loop", loop))) {
      List<ValidationError> errors = engine.validate(loop);

      assertThat(errors).extracting(ValidationError::path, ValidationError::code)
          .containsExactly(tuple("members[0].subCouncilRef", "council_cycle"));
      assertThat(errors.get(0).message()).isEqualTo("sub-council cycle: 'loop' -> member 'to-loop' -> 'loop'. A"
          + " council cannot contain itself, directly or through other councils; remove one of these references");
    }
  }

  @Test
  void aCycleThroughSeveralNamedCouncilsIsFoundFromACouncilOutsideIt() {
    try (CouncilEngine engine = engine(CouncilEngine.builder()
        .council("a", refersTo("a", "b")).council("b", refersTo("b", "c")).council("c", refersTo("c", "a")))) {
      Council outer = refersTo("outer", "a");

      List<ValidationError> errors = engine.validate(outer);

      assertThat(errors).extracting(ValidationError::path, ValidationError::code).containsExactly(tuple(
          "members[0].subCouncilRef.members[0].subCouncilRef.members[0].subCouncilRef.members[0].subCouncilRef",
          "council_cycle"));
      assertThat(errors.get(0).message()).startsWith(
          "sub-council cycle: 'a' -> member 'to-b' -> 'b' -> member 'to-c' -> 'c' -> member 'to-a' -> 'a'.");
      assertThatThrownBy(() -> engine.start(outer, QUESTION)).isInstanceOf(InvalidCouncilException.class);
      assertThat(engine.activeRuns()).isEmpty();
    }
  }

  @Test
  void anInlineSubCouncilReferringBackToItsRegisteredParentIsACycle() {
    Council inner = refersTo("inner", "top");
    Council top = Council.builder("top").member(Member.builder("panel").subCouncil(inner).build())
        .round(Round.of("independent_analysis")).build();
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("top", top))) {
      List<ValidationError> errors = engine.validate(top);

      assertThat(errors).extracting(ValidationError::path, ValidationError::code)
          .containsExactly(tuple("members[0].subCouncil.members[0].subCouncilRef", "council_cycle"));
      assertThat(errors.get(0).message()).contains("'top' -> member 'panel' -> 'inner' -> member 'to-top' -> 'top'");
    }
  }

  @Test
  void aCycleReadFromJsonIsRefusedBeforeAnyCall() {
    Council back = Councils.fromJson("""
        {"id": "back", "members": [{"id": "m", "provider": "mock", "model": "x"},
          {"id": "again", "subCouncilRef": "front"}], "rounds": [{"type": "independent_analysis"}]}""");
    Council front = Councils.fromJson("""
        {"id": "front", "members": [{"id": "to-back", "subCouncilRef": "back"}],
         "rounds": [{"type": "independent_analysis"}]}""");
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("back", back).council("front", front))) {
      assertThatThrownBy(() -> engine.run(front, QUESTION)).isInstanceOfSatisfying(InvalidCouncilException.class,
          e -> assertThat(e.errors()).extracting(ValidationError::code).containsExactly("council_cycle"));
      assertThat(mock.calls("m")).isZero();
    }
  }

  @Test
  void problemsInsideANamedSubCouncilAreReportedUnderTheReferencingMember() {
    Council broken = Council.builder("broken").member(Member.builder("x").provider("nowhere").model("m").build())
        .round(Round.of("independent_analysis")).build();
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("broken", broken))) {
      assertThat(engine.validate(refersTo("outer", "broken")))
          .extracting(ValidationError::path, ValidationError::code)
          .containsExactly(tuple("members[0].subCouncilRef.members[0].provider", "unknown_provider"));
    }
  }

  /** {@code levels} councils, each the only member of the next: the outermost holds levels - 1 below it. */
  private static Council nested(int levels) {
    return wrapped(TestSupport.council(1, false), levels - 1);
  }

  /** {@code c} wrapped {@code times} times, each wrapper's one member running the council inside it. */
  private static Council wrapped(Council c, int times) {
    Council out = c;
    for (int i = 0; i < times; i++) {
      out = Council.builder("level-" + i).member(Member.builder("down").subCouncil(out).build())
          .round(Round.of("independent_analysis")).build();
    }
    return out;
  }

  @Test
  void nestingDeeperThanTheLimitIsAnErrorThatSaysHowToRaiseIt() {
    try (CouncilEngine engine = engine(CouncilEngine.builder())) {
      assertThat(engine.validate(nested(17))).as("16 levels below the top are allowed").isEmpty();

      List<ValidationError> errors = engine.validate(nested(18));

      assertThat(errors).hasSize(1);
      assertThat(errors.get(0).code()).isEqualTo("sub_council_too_deep");
      assertThat(errors.get(0).path()).isEqualTo("members[0].subCouncil.".repeat(16) + "members[0].subCouncil");
      assertThat(errors.get(0).message()).isEqualTo("sub-councils nest 17 levels deep here, more than the limit of"
          + " 16 (configuration council.limits.max-sub-council-depth, default 16, at most 256). Flatten the"
          + " nesting, or raise council.limits.max-sub-council-depth");
    }
    try (CouncilEngine engine = CouncilEngine.builder()
        .config(TestSupport.config("council.limits.max-sub-council-depth", "20")).provider("mock", mock).build()) {
      assertThat(engine.validate(nested(18))).isEmpty();
      assertThat(engine.validate(nested(22))).extracting(ValidationError::code)
          .containsExactly("sub_council_too_deep");
    }
  }

  @Test
  void aVeryDeepChainIsRefusedWithoutRecursingThroughIt() {
    try (CouncilEngine engine = engine(CouncilEngine.builder())) {
      assertThat(engine.validate(nested(50_000))).extracting(ValidationError::code)
          .containsExactly("sub_council_too_deep");
    }
  }

  @Test
  void aSharedSubCouncilIsCheckedOnceAndItsDepthCountsWhereverItIsUsed() {
    Council level = TestSupport.council(1, false);
    for (int i = 0; i < 12; i++) {
      Council.Builder b = Council.builder("fan-" + i);
      for (int j = 0; j < 10; j++) {
        b.member(Member.builder("seat-" + j).subCouncil(level).build());
      }
      level = b.round(Round.of("independent_analysis")).build();
    }
    Council deep = nested(6);
    Council holder = Council.builder("holder").member(Member.builder("again").subCouncil(deep).build())
        .round(Round.of("independent_analysis")).build();
    Council mixed = Council.builder("mixed").member(Member.builder("shallow").subCouncil(deep).build())
        .member(Member.builder("deep").subCouncil(wrapped(holder, 11)).build())
        .round(Round.of("independent_analysis")).build();
    try (CouncilEngine engine = engine(CouncilEngine.builder())) {
      long t0 = System.nanoTime();
      assertThat(engine.validate(level)).as("10^12 paths, 13 distinct councils: one error, the seat limit")
          .extracting(ValidationError::path, ValidationError::code)
          .containsExactly(tuple("members", "too_many_seats"));
      assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));

      assertThat(engine.validate(mixed)).extracting(ValidationError::path, ValidationError::code)
          .containsExactly(tuple("members[1].subCouncil." + "members[0].subCouncil.".repeat(11)
              + "members[0].subCouncil", "sub_council_too_deep"));
      assertThat(engine.validate(mixed).get(0).message()).startsWith("sub-councils nest 18 levels deep here");
    }
  }

  @Test
  void seatsMultipliedThroughSharedSubCouncilsAreLimitedAndTheErrorSaysHowToRaiseTheLimit() {
    Council three = TestSupport.council(3, false);
    Council.Builder b = Council.builder("thirty-three");
    for (int i = 0; i < 11; i++) {
      b.member(Member.builder("seat-" + i).subCouncil(three).build());
    }
    Council council = b.round(Round.of("independent_analysis")).build(); // 11 seats + 11 x 3 = 44

    try (CouncilEngine atLimit = CouncilEngine.builder().provider("mock", mock)
        .config(TestSupport.config("council.limits.max-expanded-seats", "44")).build()) {
      assertThat(atLimit.validate(council)).isEmpty();
    }
    try (CouncilEngine belowIt = CouncilEngine.builder().provider("mock", mock)
        .config(TestSupport.config("council.limits.max-expanded-seats", "43")).build()) {
      assertThat(belowIt.validate(council)).singleElement().satisfies(e -> {
        assertThat(e.path()).isEqualTo("members");
        assertThat(e.code()).isEqualTo("too_many_seats");
        assertThat(e.message()).contains("has 44 member seats", "limit of 43",
            "raise council.limits.max-expanded-seats");
      });
      assertThatThrownBy(() -> belowIt.start(council, QUESTION)).isInstanceOf(InvalidCouncilException.class);
    }
    assertThat(mock.requests("a")).isEmpty();
  }

  @Test
  void theSeatLimitIsConfiguredAsAPositiveNumber() {
    assertThatThrownBy(() -> CouncilEngine.builder()
        .config(TestSupport.config("council.limits.max-expanded-seats", "0")).build())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
            .asString().startsWith("council.limits.max-expanded-seats is '0' but must be a whole number of at least 1"));
  }

  @Test
  void theDepthLimitIsConfiguredWithinItsRange() {
    assertThatThrownBy(() -> CouncilEngine.builder()
        .config(TestSupport.config("council.limits.max-sub-council-depth", "0")).build())
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).containsExactly(
            "council.limits.max-sub-council-depth is '0' but must be a whole number from 1 to 256 (set it as system"
                + " property -Dcouncil.limits.max-sub-council-depth=..., environment variable"
                + " COUNCIL_LIMITS_MAX_SUB_COUNCIL_DEPTH, or in council.properties)"));
  }

  @Test
  void anAcyclicNamedSubCouncilStillRuns() {
    mock.script("a", MockScript.content("inner answer"));
    try (CouncilEngine engine = engine(CouncilEngine.builder().council("inner", TestSupport.council(1, false)))) {
      Result r = engine.run(refersTo("outer", "inner"), QUESTION);

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.rounds().get(0).members().get(0).content()).isEqualTo("inner answer");
    }
  }
}
