package dev.council.engine.internal.run;

import static dev.council.engine.internal.run.MemberResults.failure;
import static dev.council.engine.internal.run.MemberResults.interrupted;
import static dev.council.engine.internal.run.MemberResults.since;

import dev.council.api.ConfidenceStrategy;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.RetryPolicy;
import dev.council.api.Usage;
import dev.council.api.event.MemberStarted;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.OutputSchema;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.ToolDefinition;
import dev.council.api.spi.InputTransform;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.OutputValidator;
import dev.council.api.spi.Tool;
import dev.council.engine.Sleeper;
import dev.council.engine.internal.catalog.Catalog;
import dev.council.engine.internal.otel.Telemetry;
import dev.council.engine.internal.support.Durations;
import dev.council.engine.internal.prompt.Prompts;
import dev.council.engine.internal.schema.JsonSchemas;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The dispatcher shared by every provider: one member call to a model with retries
 * (exponential backoff with jitter, {@code Retry-After} honoured, retryable kinds only), a time limit per
 * attempt, structured output (validated against the schema, re-asked with the problems when invalid), the
 * member hooks ({@code transformInput} reshapes the prompt once; {@code validate} problems are re-asked
 * like invalid output), the tool choice, and confidence (self-reported, or from token logprobs). Each
 * attempt's provider call and tool turns are the {@link ToolLoop}'s.
 *
 * <p>Runs on the member's virtual thread; blocking is fine. Interruption means the run was cancelled,
 * terminated, over budget, or the round failed fast (or the attempt timed out, which the {@link
 * AttemptTimer} tells apart). Stateless apart from its collaborators.
 */
final class Dispatcher {
  private static final Pattern CONFIDENCE = Pattern.compile(
      "\\{\\s*\"confidence\"\\s*:\\s*\"?([0-9]*\\.?[0-9]+)\"?\\s*}\\s*\\.?\\s*$");

  private final Catalog catalog;
  private final ToolLoop toolLoop;
  private final Sleeper sleeper;
  private final AttemptTimer timer;

  /**
   * @param sleeper waits between attempts
   * @param timer fires attempt time limits
   */
  Dispatcher(Catalog catalog, ToolLoop toolLoop, Sleeper sleeper, AttemptTimer timer) {
    this.catalog = catalog;
    this.toolLoop = toolLoop;
    this.sleeper = sleeper;
    this.timer = timer;
  }

  /**
   * Makes one member call.
   *
   * @param span the member's span: each provider call and retry is recorded under it
   */
  MemberResult call(RoundExecution ctx, MemberCall original, MemberPolicy policy, Telemetry.MemberSpan span) {
    MemberCall call = original;
    Run run = ctx.run();
    Member member = call.member();
    long t0 = System.nanoTime();
    MemberOptions opts = policy.options();
    RetryPolicy retry = policy.retry();
    String providerId = opts.provider();
    LlmProvider provider;
    OutputSchema schema;
    List<Tool> tools;
    OutputValidator validator;
    try {
      if (providerId == null) {
        throw new ProviderException(ErrorKind.VALIDATION, "member '" + member.id()
            + "' has no provider: set its provider, or a profile that sets one");
      }
      provider = catalog.providers().get(providerId);
      schema = call.outputSchema() != null ? call.outputSchema() : catalog.outputSchema(opts);
      tools = catalog.tools(run.council, opts);
      validator = opts.validate() == null ? null : catalog.names().outputValidator(opts.validate()).orElseThrow(() ->
          new CouncilException(ErrorKind.VALIDATION, "output validator '" + opts.validate() + "' is not registered"));
      call = transformed(call, opts, run);
    } catch (RuntimeException e) {
      CouncilError err = e instanceof CouncilException ce ? ce.error()
          : CouncilError.of(ErrorKind.PERMANENT, e.getMessage() == null ? e.toString() : e.getMessage());
      return failure(ctx, call, MemberStatus.ERROR, err, Usage.ZERO, 0, t0, providerId, opts.model());
    }
    List<ChatMessage> messages = messages(call, opts);
    List<ToolDefinition> toolDefs = toolDefinitions(tools);
    String model = opts.model() == null ? "" : opts.model();

    Usage total = Usage.ZERO;
    CouncilError lastError = null;
    MemberStatus lastStatus = MemberStatus.ERROR;
    int attempt = 0;
    while (attempt < retry.maxAttempts()) {
      attempt++;
      if (ctx.interruptReason() != null) {
        break;
      }
      int a = attempt;
      String prompt = lastUserMessage(messages, call.prompt());
      run.emitter().emit((seq, ts) -> new MemberStarted(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(),
          ctx.iteration(), member.id(), a, prompt));
      // One request per attempt, built with its call context (the messages and options are shared, not copied).
      ChatRequest req = new ChatRequest(model, messages, opts.temperature(), opts.maxTokens(), opts.streamOrDefault(),
          toolDefs, schema, opts.extra(), new CallContext(run.runId, ctx.round().name(), ctx.roundIndex(),
          ctx.iteration(), member.id(), attempt), opts.toolChoice(), opts.confidence() == ConfidenceStrategy.LOGPROB);
      try {
        ToolLoop.Exchange ex = attempt(ctx, member, provider, req, tools, policy, span);
        total = total.plus(ex.usage());
        run.addUsage(ex.usage());
        String content = ex.content();
        Double confidence = null;
        if (opts.confidence() == ConfidenceStrategy.SELF_REPORT) {
          Matcher m = CONFIDENCE.matcher(content);
          if (m.find()) {
            confidence = normalizeConfidence(Double.parseDouble(m.group(1)));
            content = content.substring(0, m.start()).stripTrailing();
          }
        }
        Object parsed = null;
        if (schema != null) {
          Optional<Object> json = JsonSchemas.extractJson(content);
          List<String> problems = json.isEmpty() ? List.of("the reply contains no JSON value")
              : JsonSchemas.validate(json.get(), schema.schema());
          if (!problems.isEmpty()) {
            lastStatus = MemberStatus.INVALID_OUTPUT;
            lastError = new CouncilError(ErrorKind.VALIDATION, "output does not match schema '" + schema.name()
                + "': " + String.join("; ", problems), member.id(), ctx.round().name(), null, null);
            messages = followUp(req, ex.content(), Prompts.reask(problems));
            continue;
          }
          parsed = json.get();
          if (confidence == null && parsed instanceof Map<?, ?> map && map.get("confidence") instanceof Number n) {
            confidence = normalizeConfidence(n.doubleValue());
          }
        }
        if (validator != null) {
          List<String> problems = validator.validate(member, content, parsed);
          if (!problems.isEmpty()) {
            lastStatus = MemberStatus.INVALID_OUTPUT;
            lastError = new CouncilError(ErrorKind.VALIDATION, "output broke the rule of validator '" + opts.validate()
                + "': " + String.join("; ", problems), member.id(), ctx.round().name(), null, null);
            messages = followUp(req, ex.content(), Prompts.reaskRule(problems));
            continue;
          }
        }
        Map<String, Object> metadata = call.metadata();
        if (opts.confidence() == ConfidenceStrategy.LOGPROB) {
          LogprobConfidence.Outcome lp = LogprobConfidence.of(ex.metadata(), providerId);
          confidence = lp.confidence();
          if (lp.unavailable() != null) {
            metadata = new java.util.LinkedHashMap<>(metadata);
            metadata.put(LogprobConfidence.UNAVAILABLE, lp.unavailable());
          }
        }
        return new MemberResult(member.id(), MemberStatus.OK, content, parsed, total, attempt, since(t0),
            confidence, null, providerId, ex.model() == null ? opts.model() : ex.model(), metadata);
      } catch (AttemptFailure f) {
        lastError = f.error.withMember(member.id(), ctx.round().name());
        lastStatus = f.error.kind() == ErrorKind.TIMEOUT ? MemberStatus.TIMEOUT : MemberStatus.ERROR;
        if (ctx.interruptReason() != null || !f.error.retryable() || attempt >= retry.maxAttempts()) {
          break;
        }
        span.retrying(f.error);
        Duration delay = f.error.retryAfter() != null ? f.error.retryAfter() : jitter(retry.backoffBefore(attempt + 1));
        try {
          sleeper.sleep(Durations.saturated(delay));
        } catch (InterruptedException ie) {
          break;
        }
      }
    }
    StopReason reason = ctx.interruptReason();
    if (reason != null) {
      return interrupted(ctx, call, reason, total, attempt, t0, providerId, opts.model());
    }
    CouncilError err = lastError != null ? lastError
        : CouncilError.of(ErrorKind.PERMANENT, "no attempt was made").withMember(member.id(), ctx.round().name());
    return failure(ctx, call, lastStatus, err, total, attempt, t0, providerId, opts.model());
  }

  /** The next attempt's conversation: this attempt's, the rejected reply, and the turn saying what to fix. */
  private static List<ChatMessage> followUp(ChatRequest req, String reply, String fix) {
    List<ChatMessage> again = new ArrayList<>(req.messages());
    again.add(ChatMessage.assistant(reply));
    again.add(ChatMessage.user(fix));
    return List.copyOf(again);
  }

  /** The call with its prompt reshaped by the member's {@code transformInput} hook, if it has one. */
  private MemberCall transformed(MemberCall call, MemberOptions opts, Run run) {
    String name = opts.transformInput();
    if (name == null) {
      return call;
    }
    InputTransform transform = catalog.names().inputTransform(name).orElseThrow(() -> new CouncilException(
        ErrorKind.VALIDATION, "input transform '" + name + "' is not registered"));
    String prompt;
    try {
      prompt = transform.transform(call.member(), call.prompt(), run.input);
    } catch (RuntimeException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.PERMANENT, "input transform '" + name + "' failed: "
          + (e.getMessage() == null ? e.toString() : e.getMessage())), e);
    }
    if (prompt == null) {
      throw new CouncilException(ErrorKind.PERMANENT, "input transform '" + name + "' returned null; return the"
          + " prompt to send");
    }
    return new MemberCall(call.member(), prompt, call.outputSchema(), call.metadata());
  }

  /** The first attempt's messages: the member's system turn, if any, and the prompt. */
  private static List<ChatMessage> messages(MemberCall call, MemberOptions opts) {
    String system = Prompts.system(call.member(), opts);
    return system.isEmpty() ? List.of(ChatMessage.user(call.prompt()))
        : List.of(ChatMessage.system(system), ChatMessage.user(call.prompt()));
  }

  private static List<ToolDefinition> toolDefinitions(List<Tool> tools) {
    if (tools.isEmpty()) {
      return List.of();
    }
    List<ToolDefinition> defs = new ArrayList<>(tools.size());
    for (Tool t : tools) {
      defs.add(new ToolDefinition(t.name(), t.description(), t.parameters()));
    }
    return List.copyOf(defs);
  }

  /** One attempt within the member's time limit: the tool loop, its failures classified. */
  private ToolLoop.Exchange attempt(RoundExecution ctx, Member member, LlmProvider provider, ChatRequest request,
      List<Tool> tools, MemberPolicy policy, Telemetry.MemberSpan span) {
    AttemptTimer.Guard guard = timer.guard(Thread.currentThread(), policy.timeout());
    try {
      return toolLoop.exchange(ctx, member, provider, request, tools, policy.tools(), span);
    } catch (ProviderException e) {
      throw failed(span, classify(guard, e.error(), policy.timeout()));
    } catch (AttemptFailure f) {
      throw failed(span, f.error);
    } catch (RuntimeException e) {
      CouncilError err = CouncilError.of(ErrorKind.PERMANENT, "provider '" + provider.id()
          + "' failed unexpectedly: " + e).withCause(e);
      throw failed(span, classify(guard, err, policy.timeout()));
    } finally {
      guard.close();
    }
  }

  /** Ends the provider call in flight (if any) with the attempt's error, as classified. */
  private static AttemptFailure failed(Telemetry.MemberSpan span, CouncilError error) {
    span.chatFailed(error);
    return new AttemptFailure(error);
  }

  private static CouncilError classify(AttemptTimer.Guard guard, CouncilError error, Duration timeout) {
    if (guard.timedOut()) {
      return CouncilError.of(ErrorKind.TIMEOUT, "the attempt did not finish within " + timeout
          + " (member timeout); it was aborted");
    }
    return error;
  }

  private static String lastUserMessage(List<ChatMessage> messages, String fallback) {
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i).role() == ChatMessage.Role.USER) {
        return messages.get(i).content();
      }
    }
    return fallback;
  }

  /** Half the delay plus a random share of the other half; saturated so huge backoffs cannot overflow. */
  static Duration jitter(Duration d) {
    long nanos = Durations.saturatedNanos(d);
    if (nanos == 0) {
      return Duration.ZERO;
    }
    return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
  }

  private static double normalizeConfidence(double v) {
    double c = v > 1.0 ? v / 100.0 : v;
    return Math.max(0.0, Math.min(1.0, c));
  }
}
