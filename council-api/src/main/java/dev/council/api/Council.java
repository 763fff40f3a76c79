package dev.council.api;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An immutable council specification: members, rounds, an optional chair and router, profiles,
 * council-level tools and options. Built in code with {@link #builder(String)} or read from JSON; both
 * produce this one canonical form, and there is one execution path.
 *
 * <p>When a chair is set and no {@code synthesis} or {@code weighted_synthesis} round is listed, the
 * builder appends a {@code synthesis} round, so the chair always has the last word.
 *
 * @param id the council id (appears in results and events)
 * @param description free text
 * @param members the members, in order; results are reported in this order
 * @param rounds the rounds, run in order
 * @param chair the member that synthesizes the final answer, or null
 * @param router the registered name of a router choosing participants before each round, or null
 * @param defaultProfile the profile members use when they name none, or null
 * @param profiles profiles defined inline, visible to this council only (they win over registered
 *     profiles of the same name)
 * @param tools council-level tool names, given to every member including the chair
 * @param options free options (e.g. {@code seed} for reproducible shuffles)
 */
public record Council(
    String id,
    @Nullable String description,
    List<Member> members,
    List<Round> rounds,
    @Nullable Member chair,
    @Nullable String router,
    @Nullable String defaultProfile,
    List<Profile> profiles,
    List<String> tools,
    Map<String, Object> options)
    implements Serializable {

  /** Round types that let the chair speak; a chair with neither gets a {@code synthesis} round. */
  public static final List<String> CHAIR_ROUNDS = List.of("synthesis", "weighted_synthesis");

  public Council {
    Objects.requireNonNull(id, "id");
    members = List.copyOf(members);
    rounds = List.copyOf(rounds);
    profiles = profiles == null ? List.of() : List.copyOf(profiles);
    tools = tools == null ? List.of() : List.copyOf(tools);
    options = options == null ? Map.of() : JsonTrees.copyTree(options);
  }

  public static Builder builder(String id) {
    return new Builder(id);
  }

  public Builder toBuilder() {
    Builder b = new Builder(id);
    b.description = description;
    b.members.addAll(members);
    b.rounds.addAll(rounds);
    b.chair = chair;
    b.router = router;
    b.defaultProfile = defaultProfile;
    b.profiles.addAll(profiles);
    b.tools.addAll(tools);
    b.options.putAll(options);
    return b;
  }

  /** The member with this id, including the chair. */
  public Optional<Member> member(String memberId) {
    for (Member m : members) {
      if (m.id().equals(memberId)) {
        return Optional.of(m);
      }
    }
    return chair != null && chair.id().equals(memberId) ? Optional.of(chair) : Optional.empty();
  }

  /** The inline profile with this name. */
  public Optional<Profile> profile(String name) {
    return profiles.stream().filter(p -> p.name().equals(name)).findFirst();
  }

  /** Mutable builder; not thread-safe. */
  public static final class Builder {
    private final String id;
    private @Nullable String description;
    private final List<Member> members = new ArrayList<>();
    private final List<Round> rounds = new ArrayList<>();
    private @Nullable Member chair;
    private @Nullable String router;
    private @Nullable String defaultProfile;
    private final List<Profile> profiles = new ArrayList<>();
    private final List<String> tools = new ArrayList<>();
    private final Map<String, Object> options = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public Builder description(@Nullable String description) { this.description = description; return this; }
    public Builder member(Member member) { members.add(member); return this; }
    public Builder members(List<Member> members) { this.members.addAll(members); return this; }
    public Builder clearMembers() { members.clear(); return this; }
    public Builder round(Round round) { rounds.add(round); return this; }
    public Builder round(String type) { rounds.add(Round.of(type)); return this; }
    public Builder rounds(List<Round> rounds) { this.rounds.addAll(rounds); return this; }
    public Builder clearRounds() { rounds.clear(); return this; }
    public Builder chair(@Nullable Member chair) { this.chair = chair; return this; }
    public Builder router(@Nullable String router) { this.router = router; return this; }
    public Builder defaultProfile(@Nullable String profile) { this.defaultProfile = profile; return this; }
    public Builder profile(Profile profile) { profiles.add(profile); return this; }
    public Builder tool(String tool) { tools.add(tool); return this; }
    public Builder tools(List<String> tools) { this.tools.addAll(tools); return this; }
    public Builder option(String key, Object value) { options.put(key, value); return this; }

    /** Builds the council, appending a {@code synthesis} round when a chair is set and none is listed. */
    public Council build() {
      List<Round> rs = new ArrayList<>(rounds);
      if (chair != null && rs.stream().noneMatch(r -> CHAIR_ROUNDS.contains(r.type()))) {
        rs.add(Round.of("synthesis"));
      }
      return new Council(id, description, members, rs, chair, router, defaultProfile, profiles, tools, options);
    }
  }
}
