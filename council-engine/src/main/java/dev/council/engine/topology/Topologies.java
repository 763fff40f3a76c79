package dev.council.engine.topology;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Round;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Prebuilt topologies. Each returns an ordinary {@link Council} — inspect it, change it with {@code
 * toBuilder()}, or write it as JSON with {@code Councils.toJson}; the files in {@code examples/} are
 * these topologies in JSON form.
 */
public final class Topologies {
  private Topologies() {}

  /** Independent answers, then a vote on them ({@code aggregator}, e.g. plurality or borda), then the chair if given. */
  public static Council voting(String id, List<Member> members, @Nullable Member chair, String aggregator) {
    return independentFirst(id, "Voting: independent answers, a vote on them" + (chair == null ? "" : ", chair synthesis"), members)
        .round(Round.builder("vote").aggregator(aggregator).build())
        .chair(chair).build();
  }

  /** Specialists answer independently, review each other by name, and the chair synthesizes. */
  public static Council specialist(String id, List<Member> members, Member chair) {
    return independentFirst(id, "Specialist: independent analysis, peer review, chair synthesis", members)
        .round(Round.of("peer_review"))
        .chair(chair).build();
  }

  /**
   * A knockout tournament over independent answers: bracket levels until one answer remains (up to 16
   * levels, i.e. 65,536 members). {@code judge} is {@code chair}, a member id, or a registered judge.
   * With a chair, it writes the final answer from the winner.
   */
  public static Council tournament(String id, List<Member> members, @Nullable Member chair, String judge) {
    return independentFirst(id, "Tournament: independent answers, pairwise elimination to one winner", members)
        .round(Round.builder("iterate").name("tournament").option("maxIterations", 16)
            .inner(Round.builder("pairwise_elimination").name("bracket").option("judge", judge).build()).build())
        .chair(chair).build();
  }

  /**
   * Independent answers, then critique rounds until the answers stop changing (or {@code until}, a
   * registered predicate, says so, or {@code maxIterations}), then the chair.
   */
  public static Council consensus(String id, List<Member> members, Member chair, int maxIterations, @Nullable String until) {
    Round.Builder iterate = Round.builder("iterate").name("consensus").option("maxIterations", maxIterations)
        .inner(Round.of("critique"));
    if (until != null) {
      iterate.option("until", until);
    }
    return independentFirst(id, "Consensus: critique until converged, chair synthesis", members)
        .round(iterate.build())
        .chair(chair).build();
  }

  /** Independent answers (members may self-report confidence), then a weighted synthesis by the chair. */
  public static Council weightedConsensus(String id, List<Member> members, Member chair) {
    return independentFirst(id, "Weighted consensus: independent answers, weighted chair synthesis", members)
        .round(Round.of("weighted_synthesis"))
        .chair(chair).build();
  }

  /**
   * karpathy/llm-council: independent answers, anonymized peer ranking ("Response A", ...), then the
   * chairman synthesizes with the rankings in view.
   */
  public static Council llmCouncil(String id, List<Member> members, Member chair) {
    return independentFirst(id, "LLM Council: independent answers, anonymized peer ranking, chairman synthesis", members)
        .round(Round.of("anonymized_peer_review"))
        .chair(chair).build();
  }

  /** Mixture-of-Agents: proposers answer, then {@code layers} debate layers, then the aggregator (as chair). */
  public static Council mixtureOfAgents(String id, List<Member> members, Member aggregator, int layers) {
    if (layers < 1) {
      throw new IllegalArgumentException("a mixture of agents needs at least one layer, was " + layers);
    }
    Council.Builder b = independentFirst(id, "Mixture of Agents: " + layers + " debate layers, aggregator", members);
    for (int i = 1; i <= layers; i++) {
      b.round(Round.builder("debate").name("layer-" + i).build());
    }
    return b.chair(aggregator).build();
  }

  /** A council of {@code members} whose first round is {@code independent_analysis}. */
  private static Council.Builder independentFirst(String id, String description, List<Member> members) {
    return Council.builder(id).description(description).members(members).round(Round.of("independent_analysis"));
  }
}
