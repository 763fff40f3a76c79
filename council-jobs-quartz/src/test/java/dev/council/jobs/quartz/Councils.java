package dev.council.jobs.quartz;

import dev.council.api.Council;
import dev.council.api.Member;
import java.util.Map;

/** The council the job tests run: members a, b and c on provider {@code mock}, two rounds, a chair. */
final class Councils {
  static final Map<String, Object> QUESTION = Map.of("question", "Should the library open on Sundays?");

  static final Council LIBRARY = Council.builder("library-council")
      .member(member("a")).member(member("b")).member(member("c"))
      .round("independent_analysis").round("debate")
      .chair(member("chair"))
      .build();

  private Councils() {}

  static Member member(String id) {
    return Member.builder(id).role("Librarian " + id).systemPrompt("You are librarian " + id + ".")
        .provider("mock").model("mock-model").build();
  }
}
