package dev.council.pubsub.hazelcast;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.topic.ITopic;
import com.hazelcast.topic.Message;
import dev.council.api.CouncilError;
import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.RunStatus;
import dev.council.api.RunSummary;
import dev.council.api.UnknownRunException;
import dev.council.api.spi.RunControl;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.io.Serializable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Request/response between nodes over one Hazelcast topic per node ({@code council.control.<node id>}):
 * routes control calls on a run (state, cancel, terminate) to the node that owns it, and answers such
 * calls for the runs of this node's registries. Topics reach clients as well as members, so a run owned
 * by a node that joined as a Hazelcast client is controllable too.
 *
 * <p><b>Tracing.</b> A request carries the caller's current OpenTelemetry context as W3C headers ({@code
 * traceparent}, {@code tracestate}; none when the caller is not traced). The owner serves it inside a
 * {@code SERVER} span {@code council.control {op}}, a child of the caller's span (a root span when the
 * caller was not traced), made with the tracer of the registry the request names.
 *
 * <p>A request that gets no answer within {@code council.hazelcast.control-timeout} fails with a {@code
 * TIMEOUT} {@link CouncilException}: the owner is gone or overloaded. Thread-safe; requests are served on
 * virtual threads, never on Hazelcast's event threads.
 */
final class ControlChannel implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ControlChannel.class);
  private static final String TOPIC_PREFIX = "council.control.";

  /** What a request asks the owner to do. */
  enum Op {
    STATE,
    CANCEL,
    TERMINATE,
    STATES
  }

  /**
   * A call to a run's owner; {@code from} is where the reply goes; {@code trace} the caller's trace context
   * as W3C headers (empty when not traced; null from a node that predates it).
   */
  record Request(long id, String from, Op op, String registry, List<String> runIds,
      @Nullable Map<String, String> trace) implements Serializable {
    Request {
      runIds = List.copyOf(runIds);
      trace = trace == null ? Map.of() : Map.copyOf(trace);
    }
  }

  static final AttributeKey<String> CONTROL_OPERATION = AttributeKey.stringKey("council.control.operation");
  static final AttributeKey<String> CONTROL_CALLER = AttributeKey.stringKey("council.control.caller");
  static final AttributeKey<String> REGISTRY = AttributeKey.stringKey("council.registry");
  static final AttributeKey<String> RUN_ID = AttributeKey.stringKey("council.run.id");
  static final AttributeKey<Long> RUN_COUNT = AttributeKey.longKey("council.run.count");
  static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  /**
   * The owner's answer: a value, or {@code unknown} when the owner no longer has the run, or an error
   * message.
   */
  record Reply(long id, @Nullable Serializable value, boolean unknown, @Nullable String error)
      implements Serializable {}

  private final HazelcastInstance hz;
  private final String nodeId;
  private final Duration timeout;
  private final ITopic<Object> inbox;
  private final UUID listenerId;
  private final AtomicLong ids = new AtomicLong();
  private final ConcurrentMap<Long, CompletableFuture<Reply>> pending = new ConcurrentHashMap<>();
  private final ConcurrentMap<String, Set<HazelcastRunRegistry>> registries = new ConcurrentHashMap<>();
  private volatile boolean closed;

  ControlChannel(HazelcastInstance hz, Duration timeout) {
    this.hz = hz;
    this.nodeId = hz.getLocalEndpoint().getUuid().toString();
    this.timeout = timeout;
    this.inbox = hz.getTopic(TOPIC_PREFIX + nodeId);
    this.listenerId = inbox.addMessageListener(this::onMessage);
  }

  /** This node's id: its Hazelcast endpoint's UUID, recorded as the owner of the runs it registers. */
  String nodeId() {
    return nodeId;
  }

  /** Lets other nodes control {@code registry}'s local runs. */
  void attach(HazelcastRunRegistry registry) {
    registries.computeIfAbsent(registry.name(), n -> new CopyOnWriteArraySet<>()).add(registry);
  }

  void detach(HazelcastRunRegistry registry) {
    registries.computeIfPresent(registry.name(), (n, set) -> {
      set.remove(registry);
      return set.isEmpty() ? null : set;
    });
  }

  /** The fresh state of a run on {@code owner}; throws {@link UnknownRunException} when it has none. */
  RunSummary state(String owner, String registry, String runId) {
    return (RunSummary) Objects.requireNonNull(call(owner, Op.STATE, registry, List.of(runId), runId));
  }

  /** Cancels a run on {@code owner}; false when it had finished. */
  boolean cancel(String owner, String registry, String runId) {
    return Boolean.TRUE.equals(call(owner, Op.CANCEL, registry, List.of(runId), runId));
  }

  /** Terminates a run on {@code owner}; a no-op when the owner no longer has it. */
  void terminate(String owner, String registry, String runId) {
    call(owner, Op.TERMINATE, registry, List.of(runId), runId);
  }

  /** The fresh states of those of {@code runIds} that {@code owner} still has. */
  @SuppressWarnings("unchecked")
  List<RunSummary> states(String owner, String registry, List<String> runIds) {
    Object value = call(owner, Op.STATES, registry, runIds, String.valueOf(runIds.size()) + " runs");
    return value == null ? List.of() : (List<RunSummary>) value;
  }

  private @Nullable Object call(String owner, Op op, String registry, List<String> runIds, String what) {
    if (closed) {
      throw new IllegalStateException("the cluster control channel is closed: the engine was closed");
    }
    long id = ids.incrementAndGet();
    CompletableFuture<Reply> reply = new CompletableFuture<>();
    pending.put(id, reply);
    try {
      hz.getTopic(TOPIC_PREFIX + owner).publish(new Request(id, nodeId, op, registry, runIds, callerContext()));
      Reply r = reply.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (r.unknown()) {
        throw new UnknownRunException(runIds.isEmpty() ? what : runIds.get(0));
      }
      if (r.error() != null) {
        throw new CouncilException(ErrorKind.PERMANENT, "node " + owner + " failed to " + op.name().toLowerCase()
            + " run " + what + ": " + r.error());
      }
      return r.value();
    } catch (TimeoutException e) {
      throw new CouncilException(CouncilError.of(ErrorKind.TIMEOUT, "node " + owner + ", which owns run " + what
          + ", did not answer a " + op.name().toLowerCase() + " request within " + timeout + " ("
          + HazelcastSettings.CONTROL_TIMEOUT + "); it may have left the cluster or be overloaded"), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CouncilException(ErrorKind.CANCELLED, "interrupted while waiting for node " + owner + " to "
          + op.name().toLowerCase() + " run " + what);
    } catch (ExecutionException e) {
      throw new IllegalStateException("unexpected failure of a control request", e.getCause());
    } finally {
      pending.remove(id);
    }
  }

  private void onMessage(Message<Object> message) {
    Object body = message.getMessageObject();
    if (body instanceof Reply reply) {
      CompletableFuture<Reply> waiting = pending.get(reply.id());
      if (waiting != null) {
        waiting.complete(reply);
      }
    } else if (body instanceof Request request && !closed) {
      Thread.ofVirtual().name("council-control-" + request.op()).start(() -> serve(request));
    }
  }

  /** The calling thread's trace context as W3C headers; empty when it has no valid span. */
  private static Map<String, String> callerContext() {
    if (!Span.current().getSpanContext().isValid()) {
      return Map.of();
    }
    Map<String, String> headers = new HashMap<>(4);
    W3CTraceContextPropagator.getInstance().inject(Context.current(), headers, Map::put);
    return headers;
  }

  /** The tracer of the registries named {@code registry} on this node (no-op when none traces). */
  private Tracer tracer(String registry) {
    Set<HazelcastRunRegistry> named = registries.get(registry);
    if (named != null) {
      for (HazelcastRunRegistry r : named) {
        return r.tracer();
      }
    }
    return TracerProvider.noop().get(ControlChannel.class.getName());
  }

  private void serve(Request request) {
    Context caller = request.trace().isEmpty() ? Context.root()
        : W3CTraceContextPropagator.getInstance().extract(Context.root(), request.trace(), HeaderGetter.INSTANCE);
    String op = request.op().name().toLowerCase(java.util.Locale.ROOT);
    SpanBuilder b = tracer(request.registry()).spanBuilder("council.control " + op).setSpanKind(SpanKind.SERVER)
        .setParent(caller)
        .setAttribute(CONTROL_OPERATION, op)
        .setAttribute(CONTROL_CALLER, request.from())
        .setAttribute(REGISTRY, request.registry());
    if (request.op() == Op.STATES) {
      b.setAttribute(RUN_COUNT, (long) request.runIds().size());
    } else {
      b.setAttribute(RUN_ID, request.runIds().get(0));
    }
    Span span = b.startSpan();
    Reply reply;
    try (Scope ignored = span.makeCurrent()) {
      reply = answer(request);
      if (reply.unknown()) {
        span.setAttribute(ERROR_TYPE, "unknown_run");
        span.setStatus(StatusCode.ERROR, "this node does not run " + request.runIds().get(0));
      }
    } catch (RuntimeException e) {
      reply = new Reply(request.id(), null, e instanceof UnknownRunException, e.toString());
      span.setAttribute(ERROR_TYPE, e instanceof UnknownRunException ? "unknown_run" : e.getClass().getName());
      span.setStatus(StatusCode.ERROR, String.valueOf(e.getMessage()));
    } finally {
      span.end();
    }
    try {
      hz.getTopic(TOPIC_PREFIX + request.from()).publish(reply);
    } catch (RuntimeException e) {
      log.warn("could not answer {} request from node {}: {}", request.op(), request.from(), e.toString());
    }
  }

  private Reply answer(Request request) {
    if (request.op() == Op.STATES) {
      ArrayList<RunSummary> states = new ArrayList<>();
      for (String runId : request.runIds()) {
        localRun(request.registry(), runId).map(RunControl::state)
            .filter(s -> s.status() == RunStatus.RUNNING)
            .ifPresent(states::add);
      }
      return new Reply(request.id(), states, false, null);
    }
    String runId = request.runIds().get(0);
    Optional<RunControl> run = localRun(request.registry(), runId);
    if (run.isEmpty()) {
      return request.op() == Op.TERMINATE ? new Reply(request.id(), null, false, null)
          : new Reply(request.id(), null, true, null);
    }
    return switch (request.op()) {
      case STATE -> new Reply(request.id(), run.get().state(), false, null);
      case CANCEL -> new Reply(request.id(), run.get().cancel(), false, null);
      case TERMINATE -> {
        run.get().terminate();
        yield new Reply(request.id(), null, false, null);
      }
      case STATES -> throw new AssertionError("handled above");
    };
  }

  /** The run {@code runId} of a registry named {@code registry} on this node, if one holds it. */
  Optional<RunControl> localRun(String registry, String runId) {
    Set<HazelcastRunRegistry> named = registries.get(registry);
    if (named != null) {
      for (HazelcastRunRegistry r : named) {
        Optional<RunControl> run = r.local(runId);
        if (run.isPresent()) {
          return run;
        }
      }
    }
    return Optional.empty();
  }

  /** Reads W3C headers from a request's trace map. */
  private enum HeaderGetter implements TextMapGetter<Map<String, String>> {
    INSTANCE;

    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public @Nullable String get(@Nullable Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      inbox.removeMessageListener(listenerId);
    } catch (RuntimeException e) {
      log.debug("removing the control listener failed: {}", e.toString());
    }
    pending.values().forEach(f -> f.completeExceptionally(new IllegalStateException("control channel closed")));
  }
}
