package dev.council.docs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.engine.provider.MockProvider;
import org.junit.jupiter.api.Test;

/** The member-hooks snippet of docs/councils.md does what its comment says. */
class MemberHooksSnippetTest {
  @Test
  void theMemberIsReaskedUntilItCitesASource() {
    MockProvider mock = MockProvider.create("mock");
    MemberHooks.careful(mock);
    assertThat(mock.requests("a")).hasSize(2);
    assertThat(mock.requests("a").get(0).lastUserMessage()).endsWith("Answer in one sentence.");
    assertThat(mock.requests("a").get(1).lastUserMessage()).contains("cite at least one source, marked [source]");
  }
}
