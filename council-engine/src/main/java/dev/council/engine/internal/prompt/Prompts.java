package dev.council.engine.internal.prompt;

import dev.council.api.ConfidenceStrategy;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import java.util.List;
import java.util.Map;

/** Prompt text the engine writes for members: the question, the system turn, the re-ask. Stateless. */
public final class Prompts {
  /** Appended to the system prompt of members whose confidence strategy is self-report. */
  public static final String CONFIDENCE_INSTRUCTION = "End your reply with a final line containing only"
      + " {\"confidence\": x}, where x is your confidence in your answer, between 0 and 1.";

  private Prompts() {}

  /** The run input as members read it: its {@code question}, or each entry on its own line. */
  public static String question(Map<String, Object> input) {
    Object q = input.get("question");
    if (q instanceof String s && input.size() == 1) {
      return s;
    }
    StringBuilder sb = new StringBuilder();
    if (q instanceof String s) {
      sb.append(s);
    }
    for (Map.Entry<String, Object> e : input.entrySet()) {
      if (e.getKey().equals("question") && q instanceof String) {
        continue;
      }
      if (!sb.isEmpty()) {
        sb.append('\n');
      }
      sb.append(e.getKey()).append(": ").append(e.getValue());
    }
    return sb.toString();
  }

  /** The system turn of a member: its system prompt (or role), plus the confidence instruction. */
  public static String system(Member member, MemberOptions options) {
    String base = member.systemPrompt() != null && !member.systemPrompt().isBlank() ? member.systemPrompt()
        : member.role() != null && !member.role().isBlank() ? "You are " + member.role() + "." : "";
    if (options.confidence() == ConfidenceStrategy.SELF_REPORT) {
      return base.isEmpty() ? CONFIDENCE_INSTRUCTION : base + "\n\n" + CONFIDENCE_INSTRUCTION;
    }
    return base;
  }

  /** The follow-up turn after a reply broke a business rule (a member's {@code validate} hook). */
  public static String reaskRule(List<String> problems) {
    return "Your previous reply was not acceptable:\n- " + String.join("\n- ", problems)
        + "\nReply again, in the same format, fixing these problems.";
  }

  /** The follow-up turn asking again after output that failed schema validation. */
  public static String reask(List<String> problems) {
    return "Your previous reply did not satisfy the required JSON schema:\n- " + String.join("\n- ", problems)
        + "\nReply again with only a JSON value that satisfies the schema.";
  }
}
