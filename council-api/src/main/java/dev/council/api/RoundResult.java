package dev.council.api;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one round (or one iteration of an iterated round).
 *
 * @param name the round name
 * @param type the round type
 * @param index the round's position in the council, from 0
 * @param iteration the iteration, from 0 (always 0 outside {@code iterate})
 * @param members one result per participating member, in council member order (chair last)
 * @param aggregate the aggregate of structured outputs, or null
 * @param metadata round-specific data (label maps, remaining/eliminated, fallback used, ...)
 */
public record RoundResult(
    String name,
    String type,
    int index,
    int iteration,
    List<MemberResult> members,
    @Nullable AggregateResult aggregate,
    Map<String, Object> metadata)
    implements Serializable {

  public RoundResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(type, "type");
    members = List.copyOf(members);
    metadata = metadata == null ? Map.of() : JsonTrees.copyTree(metadata);
  }

  public Optional<MemberResult> member(String memberId) {
    return members.stream().filter(m -> m.memberId().equals(memberId)).findFirst();
  }

  /** Members whose status is OK, in order; unmodifiable. */
  public List<MemberResult> successful() {
    int ok = 0;
    for (MemberResult m : members) {
      if (m.ok()) {
        ok++;
      }
    }
    if (ok == members.size()) {
      return members; // the usual case, asked for several times per run: no copy
    }
    MemberResult[] out = new MemberResult[ok];
    int i = 0;
    for (MemberResult m : members) {
      if (m.ok()) {
        out[i++] = m;
      }
    }
    return List.of(out);
  }

  public Usage usage() {
    Usage u = Usage.ZERO;
    for (MemberResult m : members) {
      u = u.plus(m.usage());
    }
    return u;
  }
}
