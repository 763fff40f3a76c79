package dev.council.engine.diagram;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.MemberResult;
import dev.council.api.Round;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.event.ToolCallRequested;
import dev.council.api.spi.RoundTraits;
import dev.council.api.spi.RoundType;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * Renders a council's topology as a Mermaid flowchart or ASCII art, and a recorded run as a Mermaid
 * sequence diagram. Pure functions; thread-safe. Round traits come from the round types found on the
 * class path.
 */
public final class Diagrams {
  private static final Map<String, RoundTraits> TRAITS = discoverTraits();

  private Diagrams() {}

  private static Map<String, RoundTraits> discoverTraits() {
    Map<String, RoundTraits> out = new TreeMap<>();
    for (RoundType t : ServiceLoader.load(RoundType.class, Diagrams.class.getClassLoader())) {
      out.put(t.name(), t.traits());
    }
    return out;
  }

  /** A Mermaid {@code flowchart TB} of the council: input, each round with its members, the answer. */
  public static String mermaid(Council council) {
    StringBuilder sb = new StringBuilder("flowchart TB\n");
    sb.append("  input([\"input\"])\n");
    String previous = "input";
    for (int i = 0; i < council.rounds().size(); i++) {
      String id = "r" + i;
      mermaidRound(sb, council, council.rounds().get(i), id, (i + 1) + ". ", "  ");
      sb.append("  ").append(previous).append(" --> ").append(id).append('\n');
      previous = id;
    }
    sb.append("  answer([\"final answer\"])\n");
    sb.append("  ").append(previous).append(" --> answer\n");
    return sb.toString();
  }

  private static void mermaidRound(StringBuilder sb, Council council, Round round, String id, String prefix,
      String indent) {
    sb.append(indent).append("subgraph ").append(id).append("[\"").append(esc(prefix + roundTitle(round)))
        .append("\"]\n");
    if (!round.inner().isEmpty()) {
      for (int j = 0; j < round.inner().size(); j++) {
        mermaidRound(sb, council, round.inner().get(j), id + "_" + j, "↻ ", indent + "  ");
      }
    } else {
      for (Member m : seats(council, round)) {
        sb.append(indent).append("  ").append(id).append('_').append(safeId(m.id())).append("[\"")
            .append(esc(memberLabel(m, "<br/>"))).append("\"]\n");
      }
    }
    sb.append(indent).append("end\n");
  }

  /** The council as ASCII art, one block per round. */
  public static String ascii(Council council) {
    StringBuilder sb = new StringBuilder("council ").append(council.id()).append('\n');
    if (council.router() != null) {
      sb.append("router: ").append(council.router()).append('\n');
    }
    sb.append("input\n");
    for (int i = 0; i < council.rounds().size(); i++) {
      sb.append("  │\n  ▼\n");
      asciiRound(sb, council, council.rounds().get(i), "[" + (i + 1) + "] ", "");
    }
    sb.append("  │\n  ▼\nfinal answer\n");
    return sb.toString();
  }

  private static void asciiRound(StringBuilder sb, Council council, Round round, String prefix, String indent) {
    sb.append(indent).append(prefix).append(roundTitle(round));
    RoundTraits t = TRAITS.get(round.type());
    if (t != null) {
      sb.append("  (").append(t.parallel() ? "parallel" : "sequential").append("; sees ")
          .append(t.inputScope().name().toLowerCase(Locale.ROOT).replace('_', ' ')).append(", ")
          .append(t.sharing().name().toLowerCase(Locale.ROOT).replace('_', ' '))
          .append(t.anonymized() ? ", anonymized" : "").append(')');
    }
    sb.append('\n');
    if (!round.inner().isEmpty()) {
      for (Round inner : round.inner()) {
        asciiRound(sb, council, inner, "↻ ", indent + "    ");
      }
      return;
    }
    List<Member> seats = seats(council, round);
    for (int k = 0; k < seats.size(); k++) {
      sb.append(indent).append("    ").append(k == seats.size() - 1 ? "└─ " : "├─ ")
          .append(memberLabel(seats.get(k), " · ")).append('\n');
    }
  }

  /**
   * A Mermaid {@code sequenceDiagram} of a recorded run: the engine asking each member, their answers
   * with status, duration and tokens, and tool calls. Seats are named by member id; token events are
   * ignored.
   */
  public static String sequence(List<CouncilEvent> events) {
    Set<String> seats = new LinkedHashSet<>();
    for (CouncilEvent e : events) {
      if (e instanceof MemberStarted ms) {
        seats.add(ms.memberId());
      } else if (e instanceof MemberCompleted mc) {
        seats.add(mc.result().memberId());
      }
    }
    StringBuilder sb = new StringBuilder("sequenceDiagram\n  participant run as council run\n");
    for (String s : seats) {
      sb.append("  participant ").append(safeId(s)).append(" as ").append(esc(s)).append('\n');
    }
    for (CouncilEvent e : events) {
      switch (e) {
        case RoundStarted rs -> sb.append("  Note over run: round ").append(esc(rs.round()))
            .append(rs.iteration() > 0 ? " (iteration " + (rs.iteration() + 1) + ")" : "").append('\n');
        case MemberStarted ms -> sb.append("  run->>").append(safeId(ms.memberId())).append(": ask")
            .append(ms.attempt() > 1 ? " (attempt " + ms.attempt() + ")" : "").append('\n');
        case ToolCallRequested tc -> sb.append("  ").append(safeId(tc.memberId())).append("->>")
            .append(safeId(tc.memberId())).append(": tool ").append(esc(tc.call().name())).append('\n');
        case MemberCompleted mc -> {
          MemberResult r = mc.result();
          sb.append("  ").append(safeId(r.memberId())).append("-->>run: ").append(r.status())
              .append(", ").append(r.latency().toMillis()).append(" ms, ").append(r.usage().totalTokens())
              .append(" tokens\n");
        }
        case RunCompleted rc -> sb.append("  Note over run: completed\n");
        case RunFailed rf -> sb.append("  Note over run: ").append(rf.result().status().name().toLowerCase(Locale.ROOT))
            .append('\n');
        default -> { }
      }
    }
    return sb.toString();
  }

  private static String roundTitle(Round round) {
    String title = round.name().equals(round.type()) ? round.type() : round.name() + " (" + round.type() + ")";
    Object max = round.options().get("maxIterations");
    if (round.type().equals("iterate")) {
      title += " — up to " + (max == null ? 3 : max) + " iterations"
          + (round.options().get("until") != null ? ", until " + round.options().get("until") : "");
    }
    Object agg = round.options().get("aggregator");
    if (agg != null) {
      title += " — " + agg;
    }
    if (round.options().get("router") != null) {
      title += " — router " + round.options().get("router");
    }
    TraitsChair chair = TraitsChair.of(round);
    return chair == TraitsChair.CHAIR ? title + " — chair" : title;
  }

  private enum TraitsChair {
    CHAIR, MEMBERS;

    static TraitsChair of(Round r) {
      return Council.CHAIR_ROUNDS.contains(r.type()) ? CHAIR : MEMBERS;
    }
  }

  private static List<Member> seats(Council council, Round round) {
    if (Council.CHAIR_ROUNDS.contains(round.type())) {
      return council.chair() == null ? List.of() : List.of(council.chair());
    }
    return new ArrayList<>(council.members());
  }

  private static String memberLabel(Member m, String sep) {
    StringBuilder sb = new StringBuilder(m.id());
    if (m.role() != null && !m.role().isBlank()) {
      sb.append(sep).append(m.role());
    }
    if (m.isSubCouncil()) {
      sb.append(sep).append("sub-council ")
          .append(m.subCouncil() != null ? m.subCouncil().id() : m.subCouncilRef());
    } else if (m.options().provider() != null || m.options().model() != null) {
      sb.append(sep).append(m.options().provider() == null ? "?" : m.options().provider()).append('/')
          .append(m.options().model() == null ? "?" : m.options().model());
    } else if (m.profile() != null) {
      sb.append(sep).append("profile ").append(m.profile());
    }
    if (m.options().tools() != null && !m.options().tools().isEmpty()) {
      sb.append(sep).append("tools: ").append(String.join(", ", m.options().tools()));
    }
    return sb.toString();
  }

  private static String safeId(String id) {
    return id.replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static String esc(String s) {
    return s.replace("\"", "#quot;");
  }
}
