package dev.council.engine.internal;

import dev.council.api.ConfidenceStrategy;
import dev.council.api.Council;
import dev.council.api.CouncilError;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.MemberOptions;
import dev.council.api.MemberResult;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.ResultMetadata;
import dev.council.api.RetryPolicy;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.api.event.ToolCallCompleted;
import dev.council.api.event.ToolCallRequested;
import dev.council.api.event.Topics;
import dev.council.api.provider.CallContext;
import dev.council.api.provider.ChatMessage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.OutputSchema;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.ToolCall;
import dev.council.api.provider.ToolCallResult;
import dev.council.api.provider.ToolDefinition;
import dev.council.api.spi.CallKey;
import dev.council.api.spi.InputMapper;
import dev.council.api.spi.LlmProvider;
import dev.council.api.spi.MemberCall;
import dev.council.api.spi.MemberCallJournal;
import dev.council.api.spi.Tool;
import dev.council.api.spi.ToolContext;
import dev.council.engine.RunOptions;
import dev.council.engine.internal.prompt.Prompts;
import dev.council.engine.internal.schema.JsonSchemas;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dispatcher shared by every provider: one member call with retries (exponential backoff with
 * jitter, {@code Retry-After} honoured, retryable kinds only), a time limit per attempt, structured
 * output (validated, re-asked when invalid), the multi-turn tool loop with parallel tool execution,
 * self-reported confidence, streaming events, sub-councils and the member-call journal.
 *
 * <p>Runs on the member's virtual thread; blocking is fine. Interruption means the run was cancelled,
 * terminated, over budget, or the round failed fast (or the attempt timed out, which the attempt guard
 * tells apart).
 */
final class MemberInvoker {
  private static final Logger log = LoggerFactory.getLogger(MemberInvoker.class);
  private static final Pattern CONFIDENCE = Pattern.compile(
      "\\{\\s*\"confidence\"\\s*:\\s*\"?([0-9]*\\.?[0-9]+)\"?\\s*}\\s*\\.?\\s*$");

  /** Member options (in {@link MemberOptions#extra()}) for the tool loop. */
  static final String TOOL_STRATEGY = "toolStrategy";
  static final String TOOL_TIMEOUT = "toolTimeout";
  static final String TOOL_CONCURRENCY = "toolConcurrency";
  static final String MAX_TOOL_TURNS = "maxToolTurns";
  static final Duration DEFAULT_TOOL_TIMEOUT = Duration.ofSeconds(30);
  static final int DEFAULT_MAX_TOOL_TURNS = 8;

  private final EngineCore core;

  MemberInvoker(EngineCore core) {
    this.core = core;
  }

  MemberResult call(RoundExecution ctx, MemberCall call) {
    Run run = ctx.run();
    Member member = call.member();
    CallKey key = new CallKey(run.runId, ctx.roundIndex(), ctx.iteration(), member.id());
    Optional<MemberResult> journaled = findJournaled(run, key);
    if (journaled.isPresent()) {
      MemberResult r = journaled.get();
      run.addUsage(r.usage());
      return completed(ctx, r);
    }
    MemberResult result = member.isSubCouncil() ? subCouncil(ctx, call) : modelCall(ctx, call);
    if (!isInterrupted(result)) {
      journal(run, key, call, result);
    }
    return completed(ctx, result);
  }

  private MemberResult completed(RoundExecution ctx, MemberResult r) {
    Run run = ctx.run();
    run.countCall(r);
    run.emitter().emit((seq, ts) -> new MemberCompleted(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(),
        ctx.iteration(), r));
    return r;
  }

  // ---------------------------------------------------------------- model calls

  private MemberResult modelCall(RoundExecution ctx, MemberCall call) {
    Run run = ctx.run();
    Member member = call.member();
    long t0 = System.nanoTime();
    MemberOptions opts = core.effectiveOptions(run.council, member);
    RunOptions ro = run.options;
    RetryPolicy retry = opts.retry() != null ? opts.retry() : ro.retry().orElse(core.plugins().settings().retry());
    Duration timeout = opts.timeout() != null ? opts.timeout()
        : ro.memberTimeout().orElse(core.plugins().settings().memberTimeout());
    String providerId = opts.provider();
    LlmProvider provider;
    OutputSchema schema;
    List<Tool> tools;
    try {
      if (providerId == null) {
        throw new ProviderException(ErrorKind.VALIDATION, "member '" + member.id()
            + "' has no provider: set its provider, or a profile that sets one");
      }
      provider = core.plugins().providers().get(providerId);
      schema = call.outputSchema() != null ? call.outputSchema() : core.outputSchema(opts);
      tools = core.tools(run.council, opts);
    } catch (RuntimeException e) {
      CouncilError err = e instanceof dev.council.api.CouncilException ce ? ce.error()
          : CouncilError.of(ErrorKind.PERMANENT, e.getMessage() == null ? e.toString() : e.getMessage());
      return failure(ctx, call, MemberStatus.ERROR, err, Usage.ZERO, 0, t0, providerId, opts.model());
    }
    List<ChatMessage> messages = new ArrayList<>();
    String system = Prompts.system(member, opts);
    if (!system.isEmpty()) {
      messages.add(ChatMessage.system(system));
    }
    messages.add(ChatMessage.user(call.prompt()));
    List<ToolDefinition> toolDefs = tools.stream()
        .map(t -> new ToolDefinition(t.name(), t.description(), t.parameters())).toList();
    String model = opts.model() == null ? "" : opts.model();
    ChatRequest request = new ChatRequest(model, messages, opts.temperature(), opts.maxTokens(),
        opts.streamOrDefault(), toolDefs, schema, opts.extra(), CallContext.NONE);

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
      String prompt = request.lastUserMessage() == null ? call.prompt() : request.lastUserMessage();
      run.emitter().emit((seq, ts) -> new MemberStarted(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(),
          ctx.iteration(), member.id(), a, prompt));
      ChatRequest req = request.withContext(new CallContext(run.runId, ctx.round().name(), ctx.roundIndex(),
          ctx.iteration(), member.id(), attempt));
      try {
        Exchange ex = exchange(ctx, member, provider, req, tools, opts, timeout);
        total = total.plus(ex.usage);
        run.addUsage(ex.usage);
        String content = ex.content;
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
            List<ChatMessage> again = new ArrayList<>(req.messages());
            again.add(ChatMessage.assistant(ex.content));
            again.add(ChatMessage.user(Prompts.reask(problems)));
            request = request.withMessages(again);
            continue;
          }
          parsed = json.get();
          if (confidence == null && parsed instanceof Map<?, ?> map && map.get("confidence") instanceof Number n) {
            confidence = normalizeConfidence(n.doubleValue());
          }
        }
        return new MemberResult(member.id(), MemberStatus.OK, content, parsed, total, attempt, since(t0),
            confidence, null, providerId, ex.model == null ? opts.model() : ex.model, call.metadata());
      } catch (AttemptFailure f) {
        lastError = f.error.withMember(member.id(), ctx.round().name());
        lastStatus = f.error.kind() == ErrorKind.TIMEOUT ? MemberStatus.TIMEOUT : MemberStatus.ERROR;
        if (ctx.interruptReason() != null || !f.error.retryable() || attempt >= retry.maxAttempts()) {
          break;
        }
        Duration delay = f.error.retryAfter() != null ? f.error.retryAfter() : jitter(retry.backoffBefore(attempt + 1));
        try {
          core.sleeper().sleep(delay);
        } catch (InterruptedException ie) {
          break;
        }
      }
    }
    String reason = ctx.interruptReason();
    if (reason != null) {
      return interrupted(ctx, call, reason, total, attempt, t0, providerId, opts.model());
    }
    CouncilError err = lastError != null ? lastError
        : CouncilError.of(ErrorKind.PERMANENT, "no attempt was made").withMember(member.id(), ctx.round().name());
    return failure(ctx, call, lastStatus, err, total, attempt, t0, providerId, opts.model());
  }

  /** One attempt: a provider call, plus the tool loop while the model asks for tools. */
  private Exchange exchange(RoundExecution ctx, Member member, LlmProvider provider, ChatRequest request,
      List<Tool> tools, MemberOptions opts, Duration timeout) {
    Run run = ctx.run();
    AttemptGuard guard = core.guard(Thread.currentThread(), timeout);
    Usage usage = Usage.ZERO;
    try {
      List<ChatMessage> convo = new ArrayList<>(request.messages());
      int turns = 0;
      int maxTurns = intOption(opts, MAX_TOOL_TURNS, DEFAULT_MAX_TOOL_TURNS);
      while (true) {
        ChatResponse response = provider.chat(request.withMessages(convo), chunk -> run.emitter().emit((seq, ts) ->
            new MemberToken(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(), member.id(), chunk)));
        usage = usage.plus(response.usage());
        if (!response.hasToolCalls() || tools.isEmpty()) {
          return new Exchange(response.content(), usage, response.model());
        }
        if (++turns > maxTurns) {
          throw new AttemptFailure(CouncilError.of(ErrorKind.PERMANENT, "the model kept asking for tools after "
              + maxTurns + " tool turns; raise the member option " + MAX_TOOL_TURNS + " if that is expected"));
        }
        List<ToolCallResult> results = runTools(ctx, member, tools, opts, response.toolCalls());
        convo.add(ChatMessage.assistant(response.content(), response.toolCalls()));
        for (ToolCallResult r : results) {
          convo.add(ChatMessage.tool(r));
        }
      }
    } catch (ProviderException e) {
      throw new AttemptFailure(classify(guard, e.error(), timeout));
    } catch (AttemptFailure f) {
      throw f;
    } catch (RuntimeException e) {
      CouncilError err = CouncilError.of(ErrorKind.PERMANENT, "provider '" + provider.id()
          + "' failed unexpectedly: " + e).withCause(e);
      throw new AttemptFailure(classify(guard, err, timeout));
    } finally {
      guard.close();
    }
  }

  private static CouncilError classify(AttemptGuard guard, CouncilError error, Duration timeout) {
    if (guard.timedOut()) {
      return CouncilError.of(ErrorKind.TIMEOUT, "the attempt did not finish within " + timeout
          + " (member timeout); it was aborted");
    }
    return error;
  }

  // ---------------------------------------------------------------- tools

  private List<ToolCallResult> runTools(RoundExecution ctx, Member member, List<Tool> tools, MemberOptions opts,
      List<ToolCall> calls) {
    Run run = ctx.run();
    Map<String, Tool> byName = new LinkedHashMap<>();
    tools.forEach(t -> byName.put(t.name(), t));
    boolean failFast = "fail_fast".equalsIgnoreCase(String.valueOf(opts.extra().getOrDefault(TOOL_STRATEGY, "collect")));
    Duration toolTimeout = durationOption(opts, TOOL_TIMEOUT, DEFAULT_TOOL_TIMEOUT);
    double factor = doubleOption(opts, TOOL_CONCURRENCY, 1.0);
    Semaphore permits = new Semaphore(Math.max(1, (int) Math.ceil(calls.size() * factor)));
    ToolContext tc = new ToolContext(run.runId, ctx.round().name(), member.id());
    List<Future<ToolCallResult>> futures = new ArrayList<>();
    for (ToolCall call : calls) {
      run.emitter().emit((seq, ts) -> new ToolCallRequested(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(),
          member.id(), call));
      futures.add(core.submit(() -> executeTool(byName.get(call.name()), call, tc, permits)));
    }
    List<ToolCallResult> results = new ArrayList<>();
    try {
      for (int i = 0; i < calls.size(); i++) {
        ToolCall call = calls.get(i);
        ToolCallResult r;
        try {
          r = futures.get(i).get(toolTimeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
          futures.get(i).cancel(true);
          r = new ToolCallResult(call.id(), call.name(), null, "tool '" + call.name() + "' timed out after " + toolTimeout);
        } catch (ExecutionException e) {
          r = new ToolCallResult(call.id(), call.name(), null, String.valueOf(e.getCause()));
        }
        ToolCallResult done = r;
        run.emitter().emit((seq, ts) -> new ToolCallCompleted(run.runId, seq, ts, ctx.round().name(),
            ctx.roundIndex(), member.id(), done));
        if (done.failed() && failFast) {
          throw new AttemptFailure(CouncilError.of(ErrorKind.PERMANENT, "tool '" + call.name() + "' failed: "
              + done.error() + " (tool strategy fail_fast)"));
        }
        results.add(done);
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AttemptFailure(CouncilError.of(ErrorKind.CANCELLED, "interrupted while tools ran"));
    } finally {
      for (Future<ToolCallResult> f : futures) {
        f.cancel(true);
      }
    }
  }

  private static ToolCallResult executeTool(@Nullable Tool tool, ToolCall call, ToolContext tc, Semaphore permits)
      throws InterruptedException {
    if (tool == null) {
      return new ToolCallResult(call.id(), call.name(), null, "unknown tool '" + call.name() + "'");
    }
    permits.acquire();
    try {
      return new ToolCallResult(call.id(), call.name(), tool.execute(call.arguments(), tc), null);
    } catch (RuntimeException e) {
      return new ToolCallResult(call.id(), call.name(), null, e.getMessage() == null ? e.toString() : e.getMessage());
    } finally {
      permits.release();
    }
  }

  // ---------------------------------------------------------------- sub-councils

  private MemberResult subCouncil(RoundExecution ctx, MemberCall call) {
    Run run = ctx.run();
    Member member = call.member();
    long t0 = System.nanoTime();
    Council sub = member.subCouncil();
    if (sub == null) {
      String ref = java.util.Objects.requireNonNull(member.subCouncilRef());
      Optional<Council> found = core.names().council(ref);
      if (found.isEmpty()) {
        return failure(ctx, call, MemberStatus.ERROR, CouncilError.of(ErrorKind.VALIDATION,
            "sub-council '" + ref + "' is not registered"), Usage.ZERO, 0, t0, null, null);
      }
      sub = found.get();
    }
    Map<String, Object> subInput;
    if (member.inputMapper() != null) {
      InputMapper mapper = core.names().inputMapper(member.inputMapper()).orElseThrow(() ->
          new IllegalStateException("input mapper '" + member.inputMapper() + "' is not registered"));
      subInput = mapper.map(run.input, call.prompt());
    } else {
      Map<String, Object> m = new LinkedHashMap<>(run.input);
      m.put("question", call.prompt());
      subInput = m;
    }
    run.emitter().emit((seq, ts) -> new MemberStarted(run.runId, seq, ts, ctx.round().name(), ctx.roundIndex(),
        ctx.iteration(), member.id(), 1, call.prompt()));
    RunOptions.Builder ob = RunOptions.builder()
        .registry(run.options.registry())
        .relayTopic(Topics.subRun(run.runId, member.id()));
    run.options.retry().ifPresent(ob::retry);
    run.options.memberTimeout().ifPresent(ob::memberTimeout);
    run.options.failureMode().ifPresent(ob::failureMode);
    Run child = core.startRun(sub, subInput, ob.build());
    run.addSubRun(child);
    Result r;
    try {
      r = child.completion().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      String reason = ctx.interruptReason();
      if (reason != null && !run.isTerminated()) {
        child.cancel();
        r = child.completion().exceptionally(x -> null).join();
        if (r == null) {
          return interrupted(ctx, call, reason, Usage.ZERO, 1, t0, null, null);
        }
      } else {
        return interrupted(ctx, call, reason == null ? "terminated" : reason, Usage.ZERO, 1, t0, null, null);
      }
    } catch (ExecutionException e) {
      return failure(ctx, call, MemberStatus.ERROR, CouncilError.of(ErrorKind.PERMANENT,
          "sub-council run " + child.runId + " ended abnormally: " + e.getCause()), Usage.ZERO, 1, t0, null, null);
    }
    run.addUsage(r.usage());
    Map<String, Object> meta = new LinkedHashMap<>(call.metadata());
    meta.put(ResultMetadata.SUB_RUN_ID, r.runId());
    meta.put(ResultMetadata.SUB_STATUS, r.status().name());
    meta.put(ResultMetadata.SUB_RESULT, r);
    if (r.status() == RunStatus.COMPLETED) {
      return new MemberResult(member.id(), MemberStatus.OK, r.answer(), null, r.usage(), 1, since(t0), null, null,
          null, null, meta);
    }
    CouncilError err = r.errors().isEmpty()
        ? CouncilError.of(ErrorKind.PERMANENT, "sub-council ended " + r.status())
        : r.errors().get(0);
    return new MemberResult(member.id(), MemberStatus.ERROR, r.answer(), null, r.usage(), 1, since(t0), null,
        err.withMember(member.id(), ctx.round().name()), null, null, meta);
  }

  // ---------------------------------------------------------------- results

  private MemberResult failure(RoundExecution ctx, MemberCall call, MemberStatus status, CouncilError error,
      Usage usage, int attempts, long t0, @Nullable String provider, @Nullable String model) {
    return new MemberResult(call.member().id(), status, null, null, usage, attempts, since(t0), null,
        error.withMember(call.member().id(), ctx.round().name()), provider, model, call.metadata());
  }

  private MemberResult interrupted(RoundExecution ctx, MemberCall call, String reason, Usage usage, int attempts,
      long t0, @Nullable String provider, @Nullable String model) {
    Map<String, Object> meta = new LinkedHashMap<>(call.metadata());
    meta.put(ResultMetadata.REASON, reason);
    MemberStatus status = "fail_fast".equals(reason) ? MemberStatus.SKIPPED : MemberStatus.ERROR;
    String msg = switch (reason) {
      case "fail_fast" -> "interrupted: another member failed and the round is fail-fast";
      case "budget_exceeded" -> "interrupted: the run's budget was exceeded";
      case "terminated" -> "interrupted: the run was terminated";
      default -> "interrupted: the run was cancelled";
    };
    CouncilError err = new CouncilError(ErrorKind.CANCELLED, msg, call.member().id(), ctx.round().name(), null, null);
    return new MemberResult(call.member().id(), status, null, null, usage, attempts, since(t0), null, err, provider,
        model, meta);
  }

  private static boolean isInterrupted(MemberResult r) {
    return r.error() != null && r.error().kind() == ErrorKind.CANCELLED;
  }

  private Optional<MemberResult> findJournaled(Run run, CallKey key) {
    if (run.journal == MemberCallJournal.NONE) {
      return Optional.empty();
    }
    try {
      return run.journal.find(key);
    } catch (RuntimeException e) {
      log.warn("journal lookup for {} failed; calling the member: {}", key, e.toString());
      return Optional.empty();
    }
  }

  private void journal(Run run, CallKey key, MemberCall call, MemberResult result) {
    if (run.journal == MemberCallJournal.NONE) {
      return;
    }
    try {
      run.journal.record(key, requestHash(call), result);
    } catch (RuntimeException e) {
      log.warn("journaling {} failed; a resumed run may call this member again: {}", key, e.toString());
    }
  }

  static String requestHash(MemberCall call) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      md.update(call.member().id().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      md.update(call.prompt().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(md.digest(), 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Duration since(long t0) {
    return Duration.ofNanos(System.nanoTime() - t0);
  }

  private static Duration jitter(Duration d) {
    if (d.isZero()) {
      return d;
    }
    long nanos = d.toNanos();
    return Duration.ofNanos(nanos / 2 + ThreadLocalRandom.current().nextLong(nanos / 2 + 1));
  }

  private static double normalizeConfidence(double v) {
    double c = v > 1.0 ? v / 100.0 : v;
    return Math.max(0.0, Math.min(1.0, c));
  }

  private static int intOption(MemberOptions o, String key, int fallback) {
    Object v = o.extra().get(key);
    return v instanceof Number n ? n.intValue() : v == null ? fallback : Integer.parseInt(v.toString().trim());
  }

  private static double doubleOption(MemberOptions o, String key, double fallback) {
    Object v = o.extra().get(key);
    return v instanceof Number n ? n.doubleValue() : v == null ? fallback : Double.parseDouble(v.toString().trim());
  }

  private static Duration durationOption(MemberOptions o, String key, Duration fallback) {
    Object v = o.extra().get(key);
    if (v instanceof Number n) {
      return Duration.ofMillis(n.longValue());
    }
    return v == null ? fallback : dev.council.api.config.CouncilConfig.parseDuration(v.toString()).orElse(fallback);
  }

  /** What one attempt produced. */
  private record Exchange(String content, Usage usage, @Nullable String model) {}

  /** A failed attempt, classified. */
  private static final class AttemptFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final transient CouncilError error;

    AttemptFailure(CouncilError error) {
      super(error.message(), null, false, false);
      this.error = error;
    }
  }
}
