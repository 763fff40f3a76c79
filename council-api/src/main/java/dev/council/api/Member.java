package dev.council.api;

import dev.council.api.provider.ToolChoice;
import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One seat of a council: an LLM with a role and a system prompt, or a nested council.
 *
 * <p>Effective options are resolved at run time with the precedence config default profile &lt;
 * council default profile &lt; {@link #profile} &lt; {@link #options}.
 *
 * @param id unique within its council; appears in events and results
 * @param role a short role ("Skeptic", "Legal"); shown in non-anonymized prompts
 * @param systemPrompt the system prompt
 * @param profile the name of a profile these options layer over, or null
 * @param options inline options (highest precedence)
 * @param metadata free-form data (e.g. UI position); never sent to a provider
 * @param subCouncil a nested council this member runs instead of a model call, or null
 * @param subCouncilRef the registered name of a nested council, or null
 * @param inputMapper the registered name of a function mapping the parent input to the sub-council
 *     input, or null for identity
 */
public record Member(
    String id,
    @Nullable String role,
    @Nullable String systemPrompt,
    @Nullable String profile,
    MemberOptions options,
    Map<String, Object> metadata,
    @Nullable Council subCouncil,
    @Nullable String subCouncilRef,
    @Nullable String inputMapper)
    implements Serializable {

  public Member {
    Objects.requireNonNull(id, "id");
    options = options == null ? MemberOptions.EMPTY : options;
    metadata = metadata == null ? Map.of() : JsonTrees.copyTree(metadata);
  }

  /** Whether this member runs a nested council instead of calling a model. */
  public boolean isSubCouncil() {
    return subCouncil != null || subCouncilRef != null;
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.role = role;
    b.systemPrompt = systemPrompt;
    b.profile = profile;
    b.options = options.toBuilder();
    b.metadata = new LinkedHashMap<>(metadata);
    b.subCouncil = subCouncil;
    b.subCouncilRef = subCouncilRef;
    b.inputMapper = inputMapper;
    return b;
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final String id;
    private @Nullable String role;
    private @Nullable String systemPrompt;
    private @Nullable String profile;
    private MemberOptions.Builder options = MemberOptions.builder();
    private Map<String, Object> metadata = new LinkedHashMap<>();
    private @Nullable Council subCouncil;
    private @Nullable String subCouncilRef;
    private @Nullable String inputMapper;

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public Builder role(@Nullable String role) { this.role = role; return this; }
    public Builder systemPrompt(@Nullable String systemPrompt) { this.systemPrompt = systemPrompt; return this; }
    public Builder profile(@Nullable String profile) { this.profile = profile; return this; }
    public Builder provider(@Nullable String provider) { options.provider(provider); return this; }
    public Builder model(@Nullable String model) { options.model(model); return this; }
    public Builder temperature(@Nullable Double temperature) { options.temperature(temperature); return this; }
    public Builder maxTokens(@Nullable Integer maxTokens) { options.maxTokens(maxTokens); return this; }
    public Builder stream(boolean stream) { options.stream(stream); return this; }
    public Builder retry(@Nullable RetryPolicy retry) { options.retry(retry); return this; }
    public Builder timeout(@Nullable Duration timeout) { options.timeout(timeout); return this; }
    public Builder tools(List<String> tools) { options.tools(tools); return this; }
    public Builder tool(String tool) { options.tool(tool); return this; }
    public Builder outputSchema(@Nullable Map<String, Object> schema) { options.outputSchema(schema); return this; }
    public Builder outputSchemaRef(@Nullable String name) { options.outputSchemaRef(name); return this; }
    public Builder confidence(@Nullable ConfidenceStrategy confidence) { options.confidence(confidence); return this; }
    public Builder weight(@Nullable Double weight) { options.weight(weight); return this; }
    public Builder toolChoice(@Nullable ToolChoice choice) { options.toolChoice(choice); return this; }
    /** The registered name of an {@link dev.council.api.spi.InputTransform} hook. */
    public Builder transformInput(@Nullable String name) { options.transformInput(name); return this; }
    /** The registered name of an {@link dev.council.api.spi.OutputValidator} hook. */
    public Builder validate(@Nullable String name) { options.validate(name); return this; }
    public Builder option(String key, Object value) { options.extra(key, value); return this; }
    public Builder options(MemberOptions options) { this.options = options.toBuilder(); return this; }
    public Builder metadata(String key, Object value) { metadata.put(key, value); return this; }
    public Builder metadata(Map<String, Object> metadata) { this.metadata = new LinkedHashMap<>(metadata); return this; }
    public Builder subCouncil(@Nullable Council council) { this.subCouncil = council; return this; }
    public Builder subCouncilRef(@Nullable String name) { this.subCouncilRef = name; return this; }
    public Builder inputMapper(@Nullable String name) { this.inputMapper = name; return this; }

    public Member build() {
      return new Member(id, role, systemPrompt, profile, options.build(), metadata, subCouncil,
          subCouncilRef, inputMapper);
    }
  }
}
