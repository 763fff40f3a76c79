package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.cli.Cli.Outcome;
import dev.council.engine.json.JsonOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ValidateCommandTest {
  @TempDir
  Path dir;

  private Path broken() {
    return Cli.write(dir, "broken.json", """
        { "id": "broken",
          "members": [ { "id": "a", "provider": "simulated", "model": "m", "temperature": 3.5 },
                       { "id": "a", "provider": "nowhere", "model": "m" } ],
          "rounds": [ { "type": "independent_analysis" }, { "type": "no_such_round" }, { "type": "synthesis" } ] }
        """);
  }

  @Test
  void aGoodCouncilIsValid() {
    Outcome r = Cli.run("validate", Cli.example("advisor.json"));

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).isEqualTo("valid: advisor (3 members, 3 rounds)" + System.lineSeparator());
    assertThat(r.err()).isEmpty();
  }

  @Test
  void anInvalidCouncilListsEveryProblemWithPathCodeAndMessage() {
    Path file = broken();

    Outcome r = Cli.run("validate", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains("invalid: council 'broken' in " + file + " has 5 problems:",
        "  members[0].temperature: [invalid_value] temperature must be between 0 and 2, was 3.5",
        "  members[1].id: [duplicate_member] member id 'a' is used twice",
        "  members[1].provider: [unknown_provider] provider 'nowhere' is not configured. Available: [",
        "  rounds[1].type: [unknown_round_type] round type 'no_such_round' is unknown. Available: [",
        "  rounds[2]: [missing_chair] round 'synthesis' (synthesis) needs a chair");
  }

  @Test
  void jsonListsTheProblemsAsObjects() {
    Outcome r = Cli.run("validate", broken().toString(), "--json");

    assertThat(r.code()).isEqualTo(2);
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> errors = (List<Map<String, Object>>) JsonOutput.parse(r.out());
    assertThat(errors).hasSize(5).allSatisfy(e -> assertThat(e).containsKeys("path", "code", "message"));
    assertThat(errors).extracting(e -> e.get("code")).contains("unknown_provider", "missing_chair");
  }

  @Test
  void aShapeProblemInTheFileIsReportedWithItsPath() {
    Path file = Cli.write(dir, "typo.json", """
        { "id": "typo", "members": [ { "id": "a", "provider": "simulated", "model": "m", "temprature": 0.5 } ],
          "rounds": [ { "type": "independent_analysis" } ] }
        """);

    Outcome r = Cli.run("validate", file.toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(file + " is not a valid council file (1 problem)",
        "members[0].temprature: [unknown_field]");
  }

  @Test
  void aValidCouncilWhoseProviderLacksItsKeyGetsANote() {
    Path file = Cli.write(dir, "keyed.json", """
        { "id": "keyed", "members": [ { "id": "a", "provider": "keyed", "model": "m" } ],
          "rounds": [ { "type": "independent_analysis" } ] }
        """);

    Outcome r = Cli.run("validate", file.toString());

    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("valid: keyed (1 member, 1 round)");
    assertThat(r.err()).contains("note: provider 'keyed' cannot be used on this machine:", "KEYED_API_KEY is not set",
        "--provider-fallback");
  }

  @Test
  void aMissingFileExitsTwo() {
    Outcome r = Cli.run("validate", dir.resolve("gone.json").toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("cannot read council file " + dir.resolve("gone.json") + ": no such file");
  }
}
