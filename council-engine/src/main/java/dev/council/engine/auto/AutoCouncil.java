package dev.council.engine.auto;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Round;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds auto councils: councils that choose one council from a catalog for each input and run it. The
 * result is an ordinary {@link Council} (one {@code auto} round, see {@link AutoRound}), so it runs,
 * validates, registers by name, nests as a sub-council and round-trips through JSON like any other; the
 * choice is in {@code Result.metadata()} under {@link dev.council.api.ResultMetadata#AUTO}
 * ({@link dev.council.api.AutoChoice#of}).
 *
 * <pre>{@code
 * Council triage = AutoCouncil.builder("triage")
 *     .entry(AutoCouncil.entry("code", codeReview).description("Java code and bugs").match("(?i)\\bjava\\b"))
 *     .entry(AutoCouncil.entryRef("general", "general-qa").description("anything else"))
 *     .fallback("general")
 *     .build();
 * Result r = engine.run(triage, Map.of("question", q));
 * }</pre>
 *
 * <p>Static factory methods only; the builder is mutable and not thread-safe, the councils it builds are
 * immutable.
 */
public final class AutoCouncil {
  /** The strategies an auto council chooses with. */
  public enum Strategy {
    /** The first entry whose {@code match} regex is found in the question, or whose predicate holds. */
    RULES("rules"),
    /** A chain of strategies tried in order; the first that chooses wins. */
    CASCADE("cascade"),
    /** A member reads the entries' descriptions and names one with structured output. */
    LLM_CLASSIFY("llm_classify"),
    /** The entry whose description (or vector) is nearest the question's embedding by cosine similarity. */
    EMBEDDING("embedding");

    private final String wire;

    Strategy(String wire) {
      this.wire = wire;
    }

    /** The name used in JSON ({@code rules}, {@code cascade}, {@code llm_classify}, {@code embedding}). */
    public String wireName() {
      return wire;
    }
  }

  private AutoCouncil() {}

  /** A builder for an auto council with this id. */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  /** A catalog entry that runs {@code council} inline. */
  public static Entry entry(String id, Council council) {
    return new Entry(Member.builder(id).subCouncil(Objects.requireNonNull(council, "council")));
  }

  /** A catalog entry that runs the council registered as {@code councilName}. */
  public static Entry entryRef(String id, String councilName) {
    return new Entry(Member.builder(id).subCouncilRef(Objects.requireNonNull(councilName, "councilName")));
  }

  /** One catalog entry being described; mutable, not thread-safe. */
  public static final class Entry {
    private final Member.Builder member;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final List<String> matches = new ArrayList<>();

    private Entry(Member.Builder member) {
      this.member = member;
    }

    /** What the council is for; read by {@code llm_classify} and embedded by {@code embedding}. */
    public Entry description(String description) { data.put(AutoRound.DESCRIPTION, description); return this; }

    /** A regular expression searched in the question by {@code rules}; may be given several times. */
    public Entry match(String regex) { matches.add(regex); return this; }

    /** A registered {@link dev.council.api.spi.InputPredicate} tried by {@code rules}. */
    public Entry predicate(String name) { data.put(AutoRound.PREDICATE, name); return this; }

    /** A precomputed embedding of the entry, used by {@code embedding} instead of its description's. */
    public Entry vector(List<Double> vector) { data.put(AutoRound.VECTOR, List.copyOf(vector)); return this; }

    /** Tags a {@code tags} filter selects entries by. */
    public Entry tags(String... tags) { data.put(AutoRound.TAGS, List.of(tags)); return this; }

    /** A registered input mapper giving the chosen council its input (default: the run input). */
    public Entry inputMapper(String name) { member.inputMapper(name); return this; }

    Member build() {
      Map<String, Object> meta = new LinkedHashMap<>(data);
      if (!matches.isEmpty()) {
        meta.put(AutoRound.MATCH, matches.size() == 1 ? matches.get(0) : List.copyOf(matches));
      }
      return member.metadata(meta).build();
    }
  }

  /** Builds an auto council; mutable, not thread-safe. */
  public static final class Builder {
    private final String id;
    private @Nullable String description;
    private final List<Member> members = new ArrayList<>();
    private final Map<String, Object> options = new LinkedHashMap<>();
    private final Map<String, Object> councilOptions = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    /** Free text describing the auto council. */
    public Builder description(@Nullable String description) { this.description = description; return this; }

    /** The strategy (default {@link Strategy#RULES}). */
    public Builder strategy(Strategy strategy) { options.put(AutoRound.STRATEGY, strategy.wireName()); return this; }

    /** The {@link Strategy#CASCADE} strategy over these strategies, tried in order (not {@code CASCADE}). */
    public Builder cascade(Strategy... chain) {
      options.put(AutoRound.STRATEGY, Strategy.CASCADE.wireName());
      List<Object> steps = new ArrayList<>();
      for (Strategy s : chain) {
        steps.add(s.wireName());
      }
      options.put(AutoRound.CHAIN, steps);
      return this;
    }

    /** Adds a catalog entry (entries are tried in this order by {@code rules}). */
    public Builder entry(Entry entry) { members.add(entry.build()); return this; }

    /** Chooses among the engine's registered councils instead of listed entries. */
    public Builder fromRegistry() { options.put(AutoRound.CATALOG, AutoRound.REGISTRY_CATALOG); return this; }

    /** Keeps only entries carrying one of these tags. */
    public Builder tags(String... tags) { options.put(AutoRound.TAGS, List.of(tags)); return this; }

    /** When nothing matches, runs this entry or registered council instead of failing. */
    public Builder fallback(String entryOrCouncil) {
      options.put(AutoRound.ON_NO_MATCH, AutoRound.FALLBACK);
      options.put(AutoRound.FALLBACK, entryOrCouncil);
      return this;
    }

    /** Leaves out entries whose councils use providers that are not configured. */
    public Builder providerCheck(boolean check) { options.put(AutoRound.PROVIDER_CHECK, check); return this; }

    /** The member that chooses for {@link Strategy#LLM_CLASSIFY} (a model member, added to the council). */
    public Builder classifier(Member member) {
      members.add(member);
      options.put(AutoRound.CLASSIFIER, member.id());
      return this;
    }

    /** The member whose provider and model embed for {@link Strategy#EMBEDDING} (added to the council). */
    public Builder embedder(Member member) {
      members.add(member);
      options.put(AutoRound.EMBEDDER, member.id());
      return this;
    }

    /** The lowest cosine similarity {@link Strategy#EMBEDDING} accepts as a match. */
    public Builder minScore(double minScore) { options.put(AutoRound.MIN_SCORE, minScore); return this; }

    /** A council option (e.g. {@code seed}). */
    public Builder option(String key, Object value) { councilOptions.put(key, value); return this; }

    /** The auto council: the entries and helper members, and one {@code auto} round. Validate it with the engine. */
    public Council build() {
      return new Council(id, description, members, List.of(Round.of(AutoRound.NAME, options)), null, null, null,
          List.of(), List.of(), councilOptions);
    }
  }
}
