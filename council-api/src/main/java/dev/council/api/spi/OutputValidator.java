package dev.council.api.spi;

import dev.council.api.Member;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A member hook that checks a business rule on a member's answer after it was parsed: a member (or its
 * profile) names it with {@code validate}, and the engine builder registers it by that name. Problems are
 * re-asked like invalid structured output (the model sees them and answers again) within the member's
 * retry budget; when the budget is spent the member ends {@code INVALID_OUTPUT}. Thread-safe; runs on the
 * member's thread.
 */
@FunctionalInterface
public interface OutputValidator {

  /**
   * The problems with an answer, each a sentence the model can act on; empty when it is acceptable.
   *
   * @param member the member that answered
   * @param content the answer text (self-reported confidence stripped)
   * @param parsed the structured output as a JSON-like tree, or null when the member has no schema
   */
  List<String> validate(Member member, String content, @Nullable Object parsed);
}
