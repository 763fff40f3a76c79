package dev.council.api.spi;

import dev.council.api.Member;
import java.util.Map;

/**
 * A member hook that reshapes the prompt a member sees before it is sent: a member (or its profile)
 * names it with {@code transformInput}, and the engine builder registers it by that name. Runs once per
 * member call (not per retry), on the member's thread. Thread-safe; may be called concurrently.
 */
@FunctionalInterface
public interface InputTransform {

  /**
   * The prompt to send instead of {@code prompt}.
   *
   * @param member the member about to be asked
   * @param prompt the user turn the round built for it
   * @param input the run input
   * @return the new user turn; never null
   * @throws RuntimeException to fail the member call (the message becomes its error)
   */
  String transform(Member member, String prompt, Map<String, Object> input);
}
