package dev.council.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.cli.Cli.Outcome;
import dev.council.engine.json.JsonOutput;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which members run on the simulated provider when providers cannot be created (see OfflineFallback). */
class OfflineFallbackTest {
  private static final String KEY = KeyedProviderFactory.DEFAULT_ENV;

  @TempDir
  Path dir;

  /** Two members and a chair on the keyed provider (needs KEYED_API_KEY). */
  private Path keyedCouncil() {
    return Cli.write(dir, "keyed.json", """
        { "id": "keyed",
          "profiles": [ { "name": "real", "provider": "keyed", "model": "big-1" } ],
          "defaultProfile": "real",
          "members": [ { "id": "a" }, { "id": "b" } ],
          "rounds": [ { "type": "independent_analysis" }, { "type": "synthesis" } ],
          "chair": { "id": "chair" } }
        """);
  }

  /** Member a on provider alpha (ALPHA_KEY), member b and the chair on beta (BETA_KEY). */
  private Path mixed() {
    return Cli.write(dir, "mixed.json", """
        { "id": "mixed",
          "members": [ { "id": "a", "provider": "alpha", "model": "m" }, { "id": "b", "provider": "beta", "model": "m" } ],
          "rounds": [ { "type": "independent_analysis" }, { "type": "synthesis" } ],
          "chair": { "id": "chair", "provider": "beta", "model": "m" } }
        """);
  }

  private Path mixedConfig() {
    return Cli.write(dir, "mixed.properties", """
        council.providers.alpha.type=keyed
        council.providers.alpha.api-key-env=ALPHA_KEY
        council.providers.beta.type=keyed
        council.providers.beta.api-key-env=BETA_KEY
        """);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> providers(Outcome r) {
    Map<String, Object> result = (Map<String, Object>) JsonOutput.parse(r.out());
    return ((List<Map<String, Object>>) result.get("rounds")).stream()
        .flatMap(round -> ((List<Map<String, Object>>) round.get("members")).stream())
        .collect(Collectors.toMap(m -> (String) m.get("memberId"), m -> (String) m.get("provider"), (x, y) -> x));
  }

  @Test
  void withoutAnyUsableProviderEveryMemberFallsBackToSimulatedAndSaysWhy() {
    Outcome r = Cli.run("run", keyedCouncil().toString(), "-q", "Q?", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(providers(r)).containsOnly(Map.entry("a", "simulated"), Map.entry("b", "simulated"),
        Map.entry("chair", "simulated"));
    assertThat(r.err()).contains(
        "[offline] no provider of this council can be used here",
        "[offline] provider 'keyed' cannot be used: provider 'keyed' needs an API key: KEYED_API_KEY is not set",
        "[offline] member 'a' uses the simulated provider instead of 'keyed'; its answers are simulated",
        "[offline] member 'b' uses the simulated provider instead of 'keyed'",
        "[offline] member 'chair' uses the simulated provider instead of 'keyed'",
        "[offline] answers are simulated");
  }

  @Test
  void withTheKeySetTheRealProviderIsUsedAndNothingIsLabelledSimulated() {
    Outcome r = Cli.run(Map.of(KEY, "secret"), "run", keyedCouncil().toString(), "-q", "Q?");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.out()).contains("keyed answer from keyed").doesNotContain("SIMULATED", "offline demo", "[simulated]");
    assertThat(r.err()).doesNotContain("[offline]");
  }

  @Test
  void aCouncilMixingUsableAndUnusableProvidersIsRefusedWithTheWaysOut() {
    Outcome r = Cli.run(Map.of("ALPHA_KEY", "k"), "run", mixed().toString(), "-q", "Q?",
        "--config", mixedConfig().toString());

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains(
        "provider 'beta' cannot be used: provider 'beta' needs an API key: BETA_KEY is not set",
        "(members: 'b', 'chair')", "Other providers of this council can be used (alpha)",
        "--provider-fallback", "--offline");
    assertThat(r.out()).isEmpty();
  }

  @Test
  void providerFallbackSimulatesOnlyTheUnusableProviders() {
    Outcome r = Cli.run(Map.of("ALPHA_KEY", "k"), "run", mixed().toString(), "-q", "Q?",
        "--config", mixedConfig().toString(), "--provider-fallback", "--json");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(providers(r)).containsOnly(Map.entry("a", "alpha"), Map.entry("b", "simulated"),
        Map.entry("chair", "simulated"));
    assertThat(r.err()).contains("[offline] member 'b' uses the simulated provider instead of 'beta'",
        "[offline] member 'chair' uses the simulated provider instead of 'beta'",
        "[offline] answers are simulated: members 'b', 'chair'")
        .doesNotContain("member 'a' uses");
  }

  @Test
  void offlineSimulatesEveryMemberEvenWhenKeysAreSet() {
    Outcome flag = Cli.run(Map.of(KEY, "secret"), "run", keyedCouncil().toString(), "-q", "Q?", "--offline", "--json");
    Outcome env = Cli.run(Map.of(KEY, "secret", "COUNCIL_OFFLINE", "1"), "run", keyedCouncil().toString(), "-q",
        "Q?", "--json");

    for (Outcome r : List.of(flag, env)) {
      assertThat(r.code()).as(r.toString()).isZero();
      assertThat(providers(r)).containsOnly(Map.entry("a", "simulated"), Map.entry("b", "simulated"),
          Map.entry("chair", "simulated"));
      assertThat(r.err()).contains("[offline] offline mode", "[offline] member 'a' uses the simulated provider");
    }
  }

  @Test
  void noFallbackRefusesInsteadOfSimulating() {
    Outcome r = Cli.run("run", keyedCouncil().toString(), "-q", "Q?", "--no-fallback");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("provider 'keyed' cannot be used", "KEYED_API_KEY is not set",
        "--no-fallback was given");
  }

  @Test
  void noFallbackWithOfflineIsBadUsage() {
    Outcome r = Cli.run("run", keyedCouncil().toString(), "-q", "Q?", "--no-fallback", "--offline");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("--no-fallback contradicts --offline");
    Outcome env = Cli.run(Map.of("COUNCIL_OFFLINE", "true"), "run", keyedCouncil().toString(), "-q", "Q?",
        "--no-fallback");
    assertThat(env.code()).isEqualTo(2);
    assertThat(env.err()).contains("--no-fallback contradicts offline mode, which COUNCIL_OFFLINE");
  }

  @Test
  void aProviderConfiguredWithATypeNoPluginProvidesIsAConfigurationErrorNotAFallback() {
    Path config = Cli.write(dir, "remote.properties", "council.providers.remote.type=nowhere\n");
    Path file = Cli.write(dir, "remote.json", """
        { "id": "remote", "members": [ { "id": "a", "provider": "remote", "model": "m" } ],
          "rounds": [ { "type": "independent_analysis" } ] }
        """);

    Outcome r = Cli.run("run", file.toString(), "-q", "Q?", "--config", config.toString(), "--provider-fallback");

    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err()).contains("council.providers.remote.type is 'nowhere' but no LlmProviderFactory with that"
        + " name was found. Available: [anthropic, gemini, keyed, mock, ollama, openai, openrouter, simulated]. Add the jar that provides it to the class path.")
        .doesNotContain("[offline]");
  }

  @Test
  void membersOfSubCouncilsFallBackToo() {
    Path file = Cli.write(dir, "nested.json", """
        { "id": "outer",
          "members": [ { "id": "panel", "subCouncil": {
              "id": "inner", "members": [ { "id": "x", "provider": "keyed", "model": "m" } ],
              "rounds": [ { "type": "independent_analysis" } ] } },
            { "id": "solo", "provider": "keyed", "model": "m" } ],
          "rounds": [ { "type": "independent_analysis" } ] }
        """);

    Outcome r = Cli.run("run", file.toString(), "-q", "Q?");

    assertThat(r.code()).as(r.toString()).isZero();
    assertThat(r.err()).contains("[offline] member 'x' in sub-council 'inner' uses the simulated provider",
        "[offline] member 'solo' uses the simulated provider");
    assertThat(r.out()).contains("SIMULATED: answers come from the offline simulated provider (members 'x' in"
        + " sub-council 'inner', 'solo')");
  }
}
