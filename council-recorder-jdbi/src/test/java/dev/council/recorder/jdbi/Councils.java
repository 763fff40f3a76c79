package dev.council.recorder.jdbi;

import dev.council.api.Council;
import dev.council.api.Member;
import java.util.List;
import java.util.Map;

/** Councils of members on provider {@code mock}, for tests that run the engine on the JDBI recorder. */
final class Councils {
  static final Map<String, Object> QUESTION = Map.of("question", "Should the library open on Sundays?");

  private Councils() {}

  /** Members with the given ids, the given round types in order, and optionally a chair named {@code chair}. */
  static Council council(List<String> members, List<String> rounds, boolean chair) {
    Council.Builder b = Council.builder("library-council");
    members.forEach(id -> b.member(member(id)));
    rounds.forEach(b::round);
    if (chair) {
      b.chair(member("chair"));
    }
    return b.build();
  }

  static Member member(String id) {
    return Member.builder(id).role("Librarian " + id).systemPrompt("You are librarian " + id + ".")
        .provider("mock").model("mock-model").build();
  }
}
