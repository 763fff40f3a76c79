package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.council.api.Council;
import dev.council.api.InvalidCouncilException;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.ValidationError;
import dev.council.engine.provider.MockProvider;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ValidationTest {
  @RegisterExtension final MockEngine setup = new MockEngine();
  private final MockProvider mock = setup.mock();
  private final CouncilEngine engine = setup.engine();

  private Council broken() {
    return Council.builder("broken")
        .member(Member.builder("a").provider("mock").model("m").temperature(3.5).build())
        .member(Member.builder("a").provider("nowhere").model("m").build())
        .member(Member.builder("c").provider("mock").profile("missing-profile").build())
        .round(Round.of("independent_analysis"))
        .round(Round.of("no_such_round"))
        .round(Round.builder("independent_analysis").option("quorum", 0).option("failureMode", "sometimes").build())
        .round(Round.of("synthesis"))
        .build();
  }

  @Test
  void validateReportsEveryProblemWithPathCodeAndMessage() {
    List<ValidationError> errors = engine.validate(broken());

    assertThat(errors).extracting(ValidationError::path, ValidationError::code).containsExactlyInAnyOrder(
        tuple("members[0].temperature", "invalid_value"),
        tuple("members[1].id", "duplicate_member"),
        tuple("members[1].provider", "unknown_provider"),
        tuple("members[2].profile", "unknown_profile"),
        tuple("members[2].model", "missing_model"),
        tuple("rounds[1].type", "unknown_round_type"),
        tuple("rounds[2].options.failureMode", "invalid_value"),
        tuple("rounds[2].options.quorum", "invalid_value"),
        tuple("rounds[3]", "missing_chair"));
    ValidationError provider = errors.stream().filter(e -> e.code().equals("unknown_provider")).findFirst().orElseThrow();
    assertThat(provider.message()).contains("'nowhere'", "Available: [", "mock", "council.providers.nowhere.type");
    ValidationError round = errors.stream().filter(e -> e.code().equals("unknown_round_type")).findFirst().orElseThrow();
    assertThat(round.message()).contains("independent_analysis", "synthesis");
  }

  @Test
  void aTypoOfARoundTypeOrProviderSuggestsTheKnownName() {
    Council typos = Council.builder("typos")
        .member(Member.builder("a").provider("mokc").model("m").build())
        .round(Round.of("independant_analysis"))
        .build();

    List<ValidationError> errors = engine.validate(typos);

    assertThat(errors).filteredOn(e -> e.code().equals("unknown_round_type")).singleElement()
        .satisfies(e -> assertThat(e.message()).endsWith("Did you mean 'independent_analysis'?"));
    assertThat(errors).filteredOn(e -> e.code().equals("unknown_provider")).singleElement()
        .satisfies(e -> assertThat(e.message()).endsWith("Did you mean 'mock'?"));
  }

  @Test
  void validateIsPureAndAcceptsAGoodCouncil() {
    assertThat(engine.validate(TestSupport.council(3, true))).isEmpty();
    assertThat(engine.validate(broken())).isEqualTo(engine.validate(broken()));
  }

  @Test
  void startRefusesAnInvalidCouncilBeforeAnyProviderCall() {
    assertThatThrownBy(() -> engine.start(broken(), QUESTION))
        .isInstanceOfSatisfying(InvalidCouncilException.class, e -> {
          assertThat(e.errors()).isEqualTo(engine.validate(broken()));
          assertThat(e.getMessage()).contains("council 'broken' is invalid", "members[1].provider");
        });
    assertThat(mock.calls("a") + mock.calls("c")).isZero();
    assertThat(engine.activeRuns()).isEmpty();
  }

  @Test
  void emptyCouncilsAreRejected() {
    Council empty = new Council("empty", null, List.of(), List.of(), null, null, null, List.of(), List.of(),
        java.util.Map.of());
    assertThat(engine.validate(empty)).extracting(ValidationError::code).containsExactly("no_members", "no_rounds");
  }
}
