package dev.council.engine.provider;

import dev.council.api.ErrorKind;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.StreamSink;
import dev.council.api.provider.ProviderException;
import dev.council.api.spi.LlmProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A scripted provider for tests: each member (the {@link dev.council.api.provider.CallContext#memberId()}
 * of a request) answers according to its {@link MockScript}, and every request is recorded.
 *
 * <p>Scripts and records live on the instance, so tests running in parallel stay apart as long as each
 * passes its own instance to the engine builder. A member without a script uses the {@link #fallback}
 * script, by default answering {@code "mock answer from <memberId>"}. A request without a member id
 * fails with a {@link ErrorKind#PERMANENT} {@link ProviderException}.
 *
 * <p>Thread-safe: scripting, calls and queries may happen concurrently from any threads. {@link #chat}
 * blocks only as long as its script says (delays, chunk delays, {@link MockScript#blockUntilInterrupted()})
 * and aborts with {@link ErrorKind#CANCELLED} when its thread is interrupted meanwhile. {@link #close()}
 * does nothing; the instance stays usable.
 */
public final class MockProvider implements LlmProvider {
  private static final MockScript DEFAULT_FALLBACK = MockScript.memberEcho();

  private final String id;
  private final Map<String, MockScript> scripts = new ConcurrentHashMap<>();
  private final Map<String, MemberLog> logs = new ConcurrentHashMap<>();
  private volatile MockScript fallback = DEFAULT_FALLBACK;

  private MockProvider(String id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  /** A provider with id {@code id}, no scripts and the default fallback. */
  public static MockProvider create(String id) {
    return new MockProvider(id);
  }

  /** Makes {@code memberId} follow {@code script} from its next call on; returns this provider. */
  public MockProvider script(String memberId, MockScript script) {
    scripts.put(Objects.requireNonNull(memberId, "memberId"), Objects.requireNonNull(script, "script"));
    return this;
  }

  /** The script of members that have none of their own; returns this provider. */
  public MockProvider fallback(MockScript script) {
    this.fallback = Objects.requireNonNull(script, "script");
    return this;
  }

  /** How many calls {@code memberId} has made (failed ones included). */
  public int calls(String memberId) {
    MemberLog log = logs.get(memberId);
    return log == null ? 0 : log.size();
  }

  /** Every request {@code memberId} has sent, in order; an immutable snapshot. */
  public List<ChatRequest> requests(String memberId) {
    MemberLog log = logs.get(memberId);
    return log == null ? List.of() : log.snapshot();
  }

  /** How many of {@code memberId}'s calls observed an interrupt while blocked or sleeping. */
  public int interruptions(String memberId) {
    MemberLog log = logs.get(memberId);
    return log == null ? 0 : log.interruptions.get();
  }

  /** Forgets every script, record and count, and restores the default fallback. */
  public void reset() {
    scripts.clear();
    logs.clear();
    fallback = DEFAULT_FALLBACK;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ChatResponse chat(ChatRequest request, StreamSink call) {
    String memberId = request.context().memberId();
    if (memberId == null) {
      throw new ProviderException(ErrorKind.PERMANENT, "mock provider '" + id + "' got a request without a "
          + "member id; it scripts answers per member, so pass a CallContext whose memberId is set");
    }
    MemberLog log = logs.computeIfAbsent(memberId, m -> new MemberLog());
    int callNumber = log.record(request);
    MockScript script = scripts.getOrDefault(memberId, fallback);
    return script.run(new MockScript.Invocation(memberId, callNumber, request, call,
        log.interruptions::incrementAndGet));
  }

  @Override
  public String toString() {
    return "MockProvider[" + id + ", scripted=" + scripts.keySet() + "]";
  }

  /** One member's recorded requests and interruptions. */
  private static final class MemberLog {
    private final List<ChatRequest> requests = new ArrayList<>();
    private final AtomicInteger interruptions = new AtomicInteger();

    synchronized int record(ChatRequest request) {
      requests.add(request);
      return requests.size();
    }

    synchronized int size() {
      return requests.size();
    }

    synchronized List<ChatRequest> snapshot() {
      return List.copyOf(requests);
    }
  }
}
