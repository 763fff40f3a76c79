package dev.council.engine.internal.otel;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/**
 * The attribute, span and metric names emitted: the OpenTelemetry GenAI semantic conventions
 * ({@value #SEMCONV_VERSION}) and the council's own {@code council.*} names.
 */
final class GenAi {
  /** The semantic-conventions release whose GenAI names are emitted. */
  static final String SEMCONV_VERSION = "1.41.0";
  static final String SCHEMA_URL = "https://opentelemetry.io/schemas/" + SEMCONV_VERSION;

  static final AttributeKey<String> OPERATION_NAME = AttributeKey.stringKey("gen_ai.operation.name");
  static final AttributeKey<String> PROVIDER_NAME = AttributeKey.stringKey("gen_ai.provider.name");
  static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  static final AttributeKey<List<String>> RESPONSE_FINISH_REASONS =
      AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  static final AttributeKey<Long> USAGE_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  static final AttributeKey<Long> USAGE_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  static final AttributeKey<String> AGENT_NAME = AttributeKey.stringKey("gen_ai.agent.name");
  static final AttributeKey<String> WORKFLOW_NAME = AttributeKey.stringKey("gen_ai.workflow.name");
  static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  static final AttributeKey<String> TOOL_TYPE = AttributeKey.stringKey("gen_ai.tool.type");
  static final AttributeKey<String> TOOL_CALL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
  static final AttributeKey<String> TOOL_CALL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  static final AttributeKey<String> INPUT_MESSAGES = AttributeKey.stringKey("gen_ai.input.messages");
  static final AttributeKey<String> OUTPUT_MESSAGES = AttributeKey.stringKey("gen_ai.output.messages");
  static final AttributeKey<String> SYSTEM_INSTRUCTIONS = AttributeKey.stringKey("gen_ai.system_instructions");
  static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("council.run.id");
  static final AttributeKey<String> COUNCIL_ID = AttributeKey.stringKey("council.id");
  static final AttributeKey<Long> RUN_ATTEMPT = AttributeKey.longKey("council.run.attempt");
  static final AttributeKey<String> PARENT_RUN_ID = AttributeKey.stringKey("council.run.parent_id");
  static final AttributeKey<String> NODE_ID = AttributeKey.stringKey("council.node.id");
  static final AttributeKey<Boolean> RESUMED = AttributeKey.booleanKey("council.run.resumed");
  static final AttributeKey<String> RUN_STATUS = AttributeKey.stringKey("council.run.status");
  static final AttributeKey<Double> COST = AttributeKey.doubleKey("council.usage.cost");
  static final AttributeKey<String> ROUND_NAME = AttributeKey.stringKey("council.round.name");
  static final AttributeKey<String> ROUND_TYPE = AttributeKey.stringKey("council.round.type");
  static final AttributeKey<Long> ROUND_INDEX = AttributeKey.longKey("council.round.index");
  static final AttributeKey<Long> ROUND_ITERATION = AttributeKey.longKey("council.round.iteration");
  static final AttributeKey<String> MEMBER_ID = AttributeKey.stringKey("council.member.id");
  static final AttributeKey<String> MEMBER_STATUS = AttributeKey.stringKey("council.member.status");
  static final AttributeKey<Long> MEMBER_ATTEMPTS = AttributeKey.longKey("council.member.attempts");
  static final AttributeKey<String> MEMBER_LABEL = AttributeKey.stringKey("council.member.label");
  static final AttributeKey<String> SUB_COUNCIL = AttributeKey.stringKey("council.sub_council.id");
  static final AttributeKey<Long> ATTEMPT = AttributeKey.longKey("council.attempt");
  static final AttributeKey<String> LINK_TYPE = AttributeKey.stringKey("council.link.type");

  static final String CHAT = "chat";
  static final String INVOKE_AGENT = "invoke_agent";
  static final String INVOKE_WORKFLOW = "invoke_workflow";
  static final String EXECUTE_TOOL = "execute_tool";

  /** {@code gen_ai.client.token.usage} buckets, as the conventions specify them. */
  static final List<Long> TOKEN_BUCKETS = List.of(1L, 4L, 16L, 64L, 256L, 1024L, 4096L, 16384L, 65536L, 262144L,
      1048576L, 4194304L, 16777216L, 67108864L);
  /** {@code gen_ai.client.operation.duration} buckets (seconds), as the conventions specify them. */
  static final List<Double> DURATION_BUCKETS = List.of(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12,
      10.24, 20.48, 40.96, 81.92);

  private GenAi() {}

  /** The {@code gen_ai.provider.name} of a provider id: the well-known value where the conventions name one. */
  static String providerName(String providerId) {
    return switch (providerId) {
      case "gemini" -> "gcp.gemini";
      case "bedrock" -> "aws.bedrock";
      default -> providerId;
    };
  }
}
