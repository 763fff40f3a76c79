package dev.council.api.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class SuggestionsTest {
  private static final List<String> NAMES = List.of("echo", "memory", "none", "independent_analysis", "openai",
      "openrouter");

  @Test
  void typosWithinTwoEditsSuggestTheName() {
    assertThat(Suggestions.closest("ecoh", NAMES)).contains("echo");
    assertThat(Suggestions.closest("memroy", NAMES)).contains("memory");
    assertThat(Suggestions.closest("memry", NAMES)).contains("memory");
    assertThat(Suggestions.closest("independant_analysys", NAMES)).contains("independent_analysis");
    assertThat(Suggestions.closest("OpenAI", NAMES)).contains("openai");
  }

  @Test
  void aPrefixSuggestsTheLongerName() {
    assertThat(Suggestions.closest("independent", NAMES)).contains("independent_analysis");
  }

  @Test
  void theFewestEditsWinThenTheAlphabeticallyFirst() {
    assertThat(Suggestions.closest("openai", List.of("openai2", "openrouter"))).contains("openai2");
    assertThat(Suggestions.closest("abcd", List.of("abxd", "abcx"))).contains("abcx");
  }

  @Test
  void distantOrShortNamesSuggestNothing() {
    assertThat(Suggestions.closest("zipkin", NAMES)).isEmpty();
    assertThat(Suggestions.closest("x", NAMES)).isEmpty();
    assertThat(Suggestions.closest("nbne", List.of("none"))).contains("none");
    assertThat(Suggestions.closest("ab", List.of("xy"))).isEmpty();
    assertThat(Suggestions.closest("echo", NAMES)).as("a known name is no typo").isEmpty();
  }

  @Test
  void messagesEndWithTheSuggestionOrNothing() {
    assertThat(Suggestions.didYouMean("ecoh", NAMES)).isEqualTo(" Did you mean 'echo'?");
    assertThat(Suggestions.afterSentence("ecoh", NAMES)).isEqualTo(". Did you mean 'echo'?");
    assertThat(Suggestions.afterSentence("zipkin", NAMES)).isEmpty();
  }
}
