package dev.council.api.spi;

import dev.council.api.JsonTrees;
import dev.council.api.Member;
import dev.council.api.provider.OutputSchema;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a round asks one member. The engine adds the member's system prompt, tools and options, and
 * handles retries, timeouts, structured output, tools, confidence and events.
 *
 * @param member the member to ask
 * @param prompt the user turn, assembled from what the round lets this member see
 * @param outputSchema a schema the answer must satisfy (overrides the member's own), or null
 * @param metadata copied into the member's result metadata (e.g. the label map shown to a reviewer)
 */
public record MemberCall(Member member, String prompt, @Nullable OutputSchema outputSchema, Map<String, Object> metadata) {
  public MemberCall {
    Objects.requireNonNull(member, "member");
    Objects.requireNonNull(prompt, "prompt");
    metadata = metadata == null ? Map.of() : JsonTrees.copyTree(metadata);
  }

  public static MemberCall of(Member member, String prompt) {
    return new MemberCall(member, prompt, null, Map.of());
  }
}
