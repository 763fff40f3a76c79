package dev.council.testkit;

import dev.council.api.Council;
import dev.council.api.ErrorKind;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.Usage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ProviderException;
import dev.council.api.provider.StreamChunk;
import dev.council.api.provider.StreamSink;
import dev.council.api.spi.LlmProvider;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * A council whose every model member (chair and inline sub-councils included) answers from a script
 * instead of a model: made by {@link CouncilTesting#scriptCouncil}. Run {@link #council()} on an engine
 * that has {@link #provider()} registered under {@link #PROVIDER_ID}:
 *
 * <pre>{@code
 * ScriptedCouncil scripted = CouncilTesting.scriptCouncil(council, Map.of("a", "Yes.", "b", "No."));
 * CouncilEngine engine = CouncilEngine.builder().provider(ScriptedCouncil.PROVIDER_ID, scripted.provider()).build();
 * Result r = engine.run(scripted.council(), input);
 * }</pre>
 *
 * <p>Made with named councils (the councils the engine registers by name, which members reach with
 * {@code subCouncilRef}, auto rounds with {@code fallback} or {@code catalog: registry}), those are
 * scripted too: register each of {@link #namedCouncils()} under its name on the engine builder.
 *
 * <p>Per member, a scripted {@link #error} wins over a {@link #stream}, which wins over the answer. Each
 * instance has its own scripts and request log, so tests running in parallel each use their own and never
 * see each other's. Thread-safe: members call the provider concurrently.
 */
public final class ScriptedCouncil {
  /** The provider id the scripted council's members use. */
  public static final String PROVIDER_ID = "scripted";
  /** The model name the scripted council's members use. */
  public static final String MODEL = "scripted-model";

  private final Council council;
  private final Map<String, Council> named;
  private final BiFunction<String, ChatRequest, @Nullable String> answers;
  private final Map<String, ProviderException> errors = new ConcurrentHashMap<>();
  private final Map<String, List<String>> streams = new ConcurrentHashMap<>();
  private final Map<String, List<ChatRequest>> requests = new ConcurrentHashMap<>();
  private final Provider provider = new Provider();

  ScriptedCouncil(Council original, BiFunction<String, ChatRequest, @Nullable String> answers) {
    this.answers = Objects.requireNonNull(answers, "answers");
    this.council = script(original);
    this.named = Map.of();
  }

  /**
   * @throws IllegalArgumentException when a council refers by name to a council that is not in {@code named}
   *     (it would not be scripted and would call its models)
   */
  ScriptedCouncil(Council original, Map<String, Council> named,
      BiFunction<String, ChatRequest, @Nullable String> answers) {
    this.answers = Objects.requireNonNull(answers, "answers");
    Map<String, Council> scripted = new LinkedHashMap<>();
    named.forEach((name, c) -> scripted.put(Objects.requireNonNull(name, "name"), script(c)));
    this.named = Collections.unmodifiableMap(scripted);
    this.council = script(original);
    List<String> missing = new ArrayList<>();
    unknownReferences(council, "council '" + council.id() + "'", missing);
    this.named.forEach((name, c) -> unknownReferences(c, "named council '" + name + "'", missing));
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", missing) + ". Named councils given: " + named.keySet()
          + ". Add every council the engine registers by name, so that it is scripted too");
    }
  }

  /** The council with every model member on provider {@value #PROVIDER_ID}, model {@value #MODEL}. */
  public Council council() {
    return council;
  }

  /**
   * The named councils this script was made with, each scripted like {@link #council()}, by name in the
   * order given; empty when made without. Register each under its name:
   * {@code scripted.namedCouncils().forEach(builder::council)}.
   */
  public Map<String, Council> namedCouncils() {
    return named;
  }

  private void unknownReferences(Council c, String where, List<String> out) {
    Set<String> memberIds = new HashSet<>();
    for (Member m : c.members()) {
      memberIds.add(m.id());
      if (m.subCouncilRef() != null && !named.containsKey(m.subCouncilRef())) {
        out.add(where + ": member '" + m.id() + "' runs council '" + m.subCouncilRef() + "' (subCouncilRef)");
      }
      if (m.subCouncil() != null) {
        unknownReferences(m.subCouncil(), where + " > member '" + m.id() + "'", out);
      }
    }
    for (Round r : rounds(c.rounds())) {
      if (r.type().equals("auto") && r.options().get("fallback") instanceof String f && !memberIds.contains(f)
          && !named.containsKey(f)) {
        out.add(where + ": auto round '" + r.name() + "' falls back to council '" + f + "'");
      }
    }
  }

  private static List<Round> rounds(List<Round> top) {
    List<Round> all = new ArrayList<>();
    for (Round r : top) {
      all.add(r);
      all.addAll(rounds(r.inner()));
    }
    return all;
  }

  /**
   * Another council rewritten onto this script's provider, e.g. one a member refers to with
   * {@code subCouncilRef}: register the result under that name on the engine builder.
   */
  public Council script(Council other) {
    Council.Builder b = other.toBuilder().clearMembers();
    for (Member m : other.members()) {
      b.member(scripted(m));
    }
    if (other.chair() != null) {
      b.chair(scripted(other.chair()));
    }
    return b.build();
  }

  private Member scripted(Member m) {
    if (m.subCouncil() != null) {
      return m.toBuilder().subCouncil(script(m.subCouncil())).build();
    }
    if (m.isSubCouncil()) {
      return m;
    }
    return m.toBuilder().provider(PROVIDER_ID).model(MODEL).build();
  }

  /** The provider to register under {@link #PROVIDER_ID}. */
  public LlmProvider provider() {
    return provider;
  }

  /** Makes every call of {@code memberId} fail with {@code kind} and {@code message}. */
  public ScriptedCouncil error(String memberId, ErrorKind kind, String message) {
    errors.put(memberId, new ProviderException(kind, message));
    return this;
  }

  /** Makes {@code memberId} stream {@code chunks} (when its request streams; else answer them joined). */
  public ScriptedCouncil stream(String memberId, List<String> chunks) {
    streams.put(memberId, List.copyOf(chunks));
    return this;
  }

  /** The requests {@code memberId} sent, in order; a snapshot. */
  public List<ChatRequest> requests(String memberId) {
    return List.copyOf(requests.getOrDefault(memberId, List.of()));
  }

  private final class Provider implements LlmProvider {
    @Override
    public String id() {
      return PROVIDER_ID;
    }

    @Override
    public ChatResponse chat(ChatRequest request, StreamSink sink) {
      String memberId = request.context().memberId();
      if (memberId == null) {
        throw new ProviderException(ErrorKind.PERMANENT, "the scripted provider was called without a member id;"
            + " it answers member calls made by an engine run only");
      }
      requests.computeIfAbsent(memberId, k -> new CopyOnWriteArrayList<>()).add(request);
      ProviderException error = errors.get(memberId);
      if (error != null) {
        throw new ProviderException(error.kind(), error.getMessage());
      }
      List<String> chunks = streams.get(memberId);
      if (chunks != null) {
        if (request.stream()) {
          for (int i = 0; i < chunks.size(); i++) {
            sink.onChunk(new StreamChunk(chunks.get(i), null, i));
          }
          sink.onChunk(new StreamChunk("", "stop", chunks.size()));
        }
        return ChatResponse.of(String.join("", chunks), usage(chunks));
      }
      String answer = answers.apply(memberId, request);
      if (answer == null) {
        throw new ProviderException(ErrorKind.PERMANENT, "no answer is scripted for member '" + memberId
            + "'; add it to the answers given to scriptCouncil");
      }
      return ChatResponse.of(answer, usage(List.of(answer)));
    }

    private static Usage usage(List<String> parts) {
      int words = 0;
      for (String p : parts) {
        words += p.isBlank() ? 0 : p.strip().split("\\s+").length;
      }
      return Usage.of(1, words);
    }
  }

  static BiFunction<String, ChatRequest, @Nullable String> answers(Map<String, String> byMember) {
    Map<String, String> copy = Map.copyOf(byMember);
    return (id, request) -> copy.get(id);
  }

  static BiFunction<String, ChatRequest, @Nullable String> answer(String everyone) {
    Objects.requireNonNull(everyone, "answer");
    return (id, request) -> everyone;
  }
}
