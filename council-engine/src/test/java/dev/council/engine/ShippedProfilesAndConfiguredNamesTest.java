package dev.council.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.Profile;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.ValidationError;
import dev.council.api.config.ConfigException;
import dev.council.engine.provider.SimulatedProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Profiles usable by name with no registration (shipped), overridable in code or from a folder; councils
 * and profiles registered from configured folders, with every bad file reported by file, path and code.
 */
class ShippedProfilesAndConfiguredNamesTest {
  @TempDir Path dir;

  private static Council withProfile(String profile) {
    return Council.builder("c").member(Member.builder("m").profile(profile).build())
        .round(Round.of("independent_analysis")).build();
  }

  @Test
  void shippedProfilesResolveByNameWithTheirDocumentedSettings() {
    try (CouncilEngine engine = CouncilEngine.create(TestSupport.config())) {
      Council c = withProfile("openai_mini");
      MemberOptions o = engine.effectiveOptions(c, c.members().get(0));

      assertThat(o.provider()).isEqualTo("openai");
      assertThat(o.model()).isEqualTo("gpt-4o-mini");
      assertThat(o.temperature()).isEqualTo(0.3);
      assertThat(o.maxTokens()).isEqualTo(1024);
      assertThat(ShippedProfiles.all()).containsKeys("openai_mini", "openai_balanced", "anthropic_balanced",
          "gemini_flash", "ollama_local", "openrouter_auto", "simulated", "openai_embedding");
      Council anthropic = withProfile("anthropic_balanced");
      assertThat(engine.effectiveOptions(anthropic, anthropic.members().get(0)).model())
          .isEqualTo("claude-3-5-sonnet-latest");
    }
  }

  @Test
  void aShippedProfileRunsWithoutRegistration() {
    try (CouncilEngine engine = CouncilEngine.create(TestSupport.config())) {
      Council c = withProfile("simulated");
      assertThat(engine.validate(c)).isEmpty();

      Result r = engine.run(c, TestSupport.QUESTION);

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.answer()).startsWith(SimulatedProvider.LABEL);
    }
  }

  @Test
  void aProfileRegisteredInCodeOrInTheFolderOverridesTheShippedOneOfTheSameName() throws IOException {
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(profiles.resolve("mini.json"), """
        {"name": "openai_mini", "provider": "ollama", "model": "qwen2.5"}""");
    Council c = withProfile("openai_mini");
    try (CouncilEngine fromFolder = CouncilEngine.create(TestSupport.config(CouncilEngine.PROFILES_DIR,
        profiles.toString()));
        CouncilEngine inCode = CouncilEngine.builder().config(TestSupport.config(CouncilEngine.PROFILES_DIR,
            profiles.toString())).profile(new Profile("openai_mini", MemberOptions.builder().provider("mock")
            .model("from-code").build())).build()) {
      assertThat(fromFolder.effectiveOptions(c, c.members().get(0)).model()).isEqualTo("qwen2.5");
      assertThat(fromFolder.effectiveOptions(c, c.members().get(0)).temperature()).isNull();
      assertThat(inCode.effectiveOptions(c, c.members().get(0)).model()).isEqualTo("from-code");
    }
  }

  @Test
  void councilsAndProfilesFromConfiguredFoldersAreFoundByName() throws IOException {
    Path councils = Files.createDirectories(dir.resolve("councils"));
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(profiles.resolve("team.json"), """
        [{"name": "offline", "provider": "simulated", "model": "simulated-1"},
         {"name": "warm", "temperature": 0.9}]""");
    Files.writeString(councils.resolve("review.json"), """
        {"id": "review", "defaultProfile": "offline",
         "members": [{"id": "reviewer", "role": "Reviewer", "profile": "warm"}],
         "rounds": [{"type": "independent_analysis"}]}""");
    Files.writeString(councils.resolve("notes.txt"), "not a council");
    Council outer = Council.builder("outer").member(Member.builder("desk").subCouncilRef("review").build())
        .round(Round.of("independent_analysis")).build();
    try (CouncilEngine engine = CouncilEngine.create(TestSupport.config(CouncilEngine.COUNCILS_DIR,
        councils.toString(), CouncilEngine.PROFILES_DIR, profiles.toString()))) {
      assertThat(engine.validate(outer)).isEmpty();

      Result r = engine.run(outer, TestSupport.QUESTION);

      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(r.answer()).startsWith(SimulatedProvider.LABEL);
    }
  }

  @Test
  void aCouncilRegisteredInCodeWinsOverAFileWithTheSameId() throws IOException {
    Path councils = Files.createDirectories(dir.resolve("councils"));
    Files.writeString(councils.resolve("review.json"), """
        {"id": "review", "members": [{"id": "x", "provider": "nowhere", "model": "m"}],
         "rounds": [{"type": "independent_analysis"}]}""");
    Council inCode = Council.builder("review").member(Member.builder("y").profile("simulated").build())
        .round(Round.of("independent_analysis")).build();
    Council outer = Council.builder("outer").member(Member.builder("desk").subCouncilRef("review").build())
        .round(Round.of("independent_analysis")).build();
    try (CouncilEngine engine = CouncilEngine.builder().config(TestSupport.config(CouncilEngine.COUNCILS_DIR,
        councils.toString())).council("review", inCode).build()) {
      assertThat(engine.validate(outer)).extracting(ValidationError::code).isEmpty();
    }
  }

  @Test
  void everyBadFileIsReportedWithItsFilePathAndCode() throws IOException {
    Path councils = Files.createDirectories(dir.resolve("councils"));
    Path profiles = Files.createDirectories(dir.resolve("profiles"));
    Files.writeString(councils.resolve("a-broken.json"), "{\"id\": \"broken\", \"members\": [");
    Files.writeString(councils.resolve("b-typo.json"), """
        {"id": "typo", "members": [{"id": "m", "modle": "x"}], "rounds": [{"type": "independent_analysis"}]}""");
    Files.writeString(councils.resolve("c-one.json"), """
        {"id": "same", "members": [{"id": "m"}], "rounds": [{"type": "independent_analysis"}]}""");
    Files.writeString(councils.resolve("d-two.json"), """
        {"id": "same", "members": [{"id": "m"}], "rounds": [{"type": "independent_analysis"}]}""");
    Files.writeString(profiles.resolve("p.json"), """
        [{"name": "ok", "model": "m"}, {"provider": "openai", "temperature": "hot"}]""");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> CouncilEngine.create(TestSupport.config(
        CouncilEngine.COUNCILS_DIR, councils.toString(), CouncilEngine.PROFILES_DIR, profiles.toString())));

    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(councils.resolve("a-broken.json")
        + ": $: malformed_json: "));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(councils.resolve("b-typo.json")
        + ": members[0].modle: unknown_field: "));
    assertThat(e.problems()).contains(councils.resolve("d-two.json") + ": id: duplicate_council: council 'same'"
        + " is also defined in " + councils.resolve("c-one.json") + "; councils are registered by id, so give each"
        + " a distinct id");
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(profiles.resolve("p.json")
        + ": [1].name: missing_field: "));
    assertThat(e.problems()).anySatisfy(p -> assertThat(p).startsWith(profiles.resolve("p.json")
        + ": [1].temperature: invalid_type: "));
  }

  @Test
  void aMissingFolderIsAConfigurationError() {
    Path missing = dir.resolve("nope");

    ConfigException e = catchThrowableOfType(ConfigException.class, () -> CouncilEngine.create(TestSupport.config(
        CouncilEngine.COUNCILS_DIR, missing.toString())));

    assertThat(e.problems()).containsExactly("council.councils-dir is '" + missing + "' but that is not a readable"
        + " folder; point it at a folder of *.json files, or unset it");
  }

  @Test
  void anUnknownProfileListsTheShippedOnes() {
    try (CouncilEngine engine = CouncilEngine.create(TestSupport.config())) {
      ValidationError err = engine.validate(withProfile("openai_tiny")).stream()
          .filter(v -> v.code().equals("unknown_profile")).findFirst().orElseThrow();

      assertThat(err.message()).contains("openai_mini").contains("ollama_local");
    }
  }
}
