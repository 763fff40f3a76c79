package dev.council.api;

import dev.council.api.provider.ToolChoice;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The options a member runs with. Every field is optional (null = not set here), so options layer:
 * config default profile &lt; council default profile &lt; member profile &lt; inline member options
 * (see {@link #overriddenBy}).
 *
 * @param provider provider id, as configured under {@code council.providers.<id>}
 * @param model the model name the provider understands
 * @param temperature sampling temperature
 * @param maxTokens maximum output tokens
 * @param stream whether to stream tokens ({@code MemberToken} events)
 * @param retry retry policy for this member
 * @param timeout time limit of one attempt
 * @param tools names of tools the member may call
 * @param outputSchema an inline JSON Schema the output must satisfy (as a plain JSON tree)
 * @param outputSchemaRef the name of a registered schema (exclusive with {@code outputSchema})
 * @param confidence how confidence is obtained
 * @param weight a static weight for weighted rounds
 * @param extra provider-specific options passed through to the provider
 * @param toolChoice whether and which tool the model must call (auto, none, required, one named tool);
 *     null leaves it to the provider (auto)
 * @param transformInput the registered name of a {@link dev.council.api.spi.InputTransform} that reshapes
 *     the prompt this member sees, or null
 * @param validate the registered name of an {@link dev.council.api.spi.OutputValidator} checking a
 *     business rule on the parsed output (a failure is re-asked like invalid structured output), or null
 */
public record MemberOptions(
    @Nullable String provider,
    @Nullable String model,
    @Nullable Double temperature,
    @Nullable Integer maxTokens,
    @Nullable Boolean stream,
    @Nullable RetryPolicy retry,
    @Nullable Duration timeout,
    @Nullable List<String> tools,
    @Nullable Map<String, Object> outputSchema,
    @Nullable String outputSchemaRef,
    @Nullable ConfidenceStrategy confidence,
    @Nullable Double weight,
    Map<String, Object> extra,
    @Nullable ToolChoice toolChoice,
    @Nullable String transformInput,
    @Nullable String validate)
    implements Serializable {

  public static final MemberOptions EMPTY =
      new MemberOptions(null, null, null, null, null, null, null, null, null, null, null, null, Map.of());

  /** Options without a tool choice or hooks. */
  public MemberOptions(@Nullable String provider, @Nullable String model, @Nullable Double temperature,
      @Nullable Integer maxTokens, @Nullable Boolean stream, @Nullable RetryPolicy retry,
      @Nullable Duration timeout, @Nullable List<String> tools, @Nullable Map<String, Object> outputSchema,
      @Nullable String outputSchemaRef, @Nullable ConfidenceStrategy confidence, @Nullable Double weight,
      Map<String, Object> extra) {
    this(provider, model, temperature, maxTokens, stream, retry, timeout, tools, outputSchema, outputSchemaRef,
        confidence, weight, extra, null, null, null);
  }

  public MemberOptions {
    tools = tools == null ? null : List.copyOf(tools);
    outputSchema = outputSchema == null ? null : JsonTrees.copyTree(outputSchema);
    extra = extra == null ? Map.of() : JsonTrees.copyTree(extra);
  }

  /** These options with every field that {@code higher} sets replaced by its value. */
  public MemberOptions overriddenBy(MemberOptions higher) {
    Map<String, Object> mergedExtra = new LinkedHashMap<>(extra);
    mergedExtra.putAll(higher.extra);
    boolean schemaOverride = higher.outputSchema != null || higher.outputSchemaRef != null;
    return new MemberOptions(
        pick(higher.provider, provider),
        pick(higher.model, model),
        pick(higher.temperature, temperature),
        pick(higher.maxTokens, maxTokens),
        pick(higher.stream, stream),
        pick(higher.retry, retry),
        pick(higher.timeout, timeout),
        pick(higher.tools, tools),
        schemaOverride ? higher.outputSchema : outputSchema,
        schemaOverride ? higher.outputSchemaRef : outputSchemaRef,
        pick(higher.confidence, confidence),
        pick(higher.weight, weight),
        mergedExtra,
        pick(higher.toolChoice, toolChoice),
        pick(higher.transformInput, transformInput),
        pick(higher.validate, validate));
  }

  /** The tools of these options plus {@code more}, without duplicates, in order. */
  public List<String> toolsOrEmpty() {
    return tools == null ? List.of() : tools;
  }

  public boolean streamOrDefault() {
    return stream != null && stream;
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    Builder b = new Builder();
    b.provider = provider;
    b.model = model;
    b.temperature = temperature;
    b.maxTokens = maxTokens;
    b.stream = stream;
    b.retry = retry;
    b.timeout = timeout;
    b.tools = tools == null ? null : new ArrayList<>(tools);
    b.outputSchema = outputSchema;
    b.outputSchemaRef = outputSchemaRef;
    b.confidence = confidence;
    b.weight = weight;
    b.extra = new LinkedHashMap<>(extra);
    b.toolChoice = toolChoice;
    b.transformInput = transformInput;
    b.validate = validate;
    return b;
  }

  private static <T> @Nullable T pick(@Nullable T high, @Nullable T low) {
    return high != null ? high : low;
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private @Nullable String provider;
    private @Nullable String model;
    private @Nullable Double temperature;
    private @Nullable Integer maxTokens;
    private @Nullable Boolean stream;
    private @Nullable RetryPolicy retry;
    private @Nullable Duration timeout;
    private @Nullable List<String> tools;
    private @Nullable Map<String, Object> outputSchema;
    private @Nullable String outputSchemaRef;
    private @Nullable ConfidenceStrategy confidence;
    private @Nullable Double weight;
    private Map<String, Object> extra = new LinkedHashMap<>();
    private @Nullable ToolChoice toolChoice;
    private @Nullable String transformInput;
    private @Nullable String validate;

    private Builder() {}

    public Builder provider(@Nullable String provider) { this.provider = provider; return this; }
    public Builder model(@Nullable String model) { this.model = model; return this; }
    public Builder temperature(@Nullable Double temperature) { this.temperature = temperature; return this; }
    public Builder maxTokens(@Nullable Integer maxTokens) { this.maxTokens = maxTokens; return this; }
    public Builder stream(@Nullable Boolean stream) { this.stream = stream; return this; }
    public Builder retry(@Nullable RetryPolicy retry) { this.retry = retry; return this; }
    public Builder timeout(@Nullable Duration timeout) { this.timeout = timeout; return this; }
    public Builder tools(@Nullable List<String> tools) { this.tools = tools == null ? null : new ArrayList<>(tools); return this; }

    public Builder tool(String tool) {
      if (tools == null) {
        tools = new ArrayList<>();
      }
      tools.add(tool);
      return this;
    }

    public Builder outputSchema(@Nullable Map<String, Object> schema) { this.outputSchema = schema; this.outputSchemaRef = null; return this; }
    public Builder outputSchemaRef(@Nullable String name) { this.outputSchemaRef = name; this.outputSchema = null; return this; }
    public Builder confidence(@Nullable ConfidenceStrategy confidence) { this.confidence = confidence; return this; }
    public Builder weight(@Nullable Double weight) { this.weight = weight; return this; }
    public Builder extra(String key, Object value) { this.extra.put(key, value); return this; }
    public Builder extra(Map<String, Object> extra) { this.extra = new LinkedHashMap<>(extra); return this; }
    public Builder toolChoice(@Nullable ToolChoice toolChoice) { this.toolChoice = toolChoice; return this; }
    /** The registered name of the input transform hook. */
    public Builder transformInput(@Nullable String name) { this.transformInput = name; return this; }
    /** The registered name of the output validator hook. */
    public Builder validate(@Nullable String name) { this.validate = name; return this; }

    public MemberOptions build() {
      return new MemberOptions(provider, model, temperature, maxTokens, stream, retry, timeout, tools,
          outputSchema, outputSchemaRef, confidence, weight, extra, toolChoice, transformInput, validate);
    }
  }
}
