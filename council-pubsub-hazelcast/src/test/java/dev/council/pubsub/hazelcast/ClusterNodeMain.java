package dev.council.pubsub.hazelcast;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cluster node in its own JVM for tests: starts an engine from the {@code key=value} arguments (with a
 * {@code mock} provider) and obeys commands on standard input, one per line, answering on standard output:
 * {@code start RUN_ID quick|slow|block|failover|nested [RELAY_TOPIC]} starts a run, relayed on {@code RELAY_TOPIC}
 * when given ({@code started RUN_ID}); {@code startmany PREFIX N
 * KIND} starts runs {@code PREFIX-0} to {@code PREFIX-(N-1)} ({@code started PREFIX N}); {@code safe} waits
 * until every partition has its backups ({@code safe MEMBERS}); {@code quit} closes
 * the engine and exits ({@code bye}). Prints {@code ready} once the engine runs. The argument {@code
 * test.call-log=FILE} (not a configuration key) replaces the provider by a {@link CallLog} one whose calls
 * after the first round block; with {@code test.call-delay=DURATION} (ISO-8601) as well, they take that long
 * instead and answers name the node. Published in this module's test
 * jar for other modules' cluster tests.
 */
public final class ClusterNodeMain {
  private ClusterNodeMain() {}

  /** Starts the node; {@code args} are {@code key=value} configuration keys. */
  public static void main(String[] args) throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      keys.put(arg.substring(0, eq), arg.substring(eq + 1));
    }
    String callLog = keys.remove("test.call-log");
    String callDelay = keys.remove("test.call-delay");
    MockProvider provider = callLog == null ? mock()
        : callDelay == null ? new CallLog(java.nio.file.Path.of(callLog)).provider(true)
        : new CallLog(java.nio.file.Path.of(callLog)).provider(Duration.parse(callDelay), keys.get("council.node-id"));
    try (CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(keys)).provider("mock", provider)
        .build()) {
      System.out.println("ready");
      BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      commands:
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String[] words = line.trim().split("\\s+");
        switch (words[0]) {
          case "start" -> {
            RunOptions.Builder options = RunOptions.builder().runId(words[1]);
            if (words.length > 3) {
              options.relayTopic(words[3]);
            }
            engine.start(council(words[2]), Map.of("question", "Which option?"), options.build());
            System.out.println("started " + words[1]);
          }
          case "startmany" -> {
            int n = Integer.parseInt(words[2]);
            for (int i = 0; i < n; i++) {
              engine.start(council(words[3]), Map.of("question", "Which option?"),
                  RunOptions.builder().runId(words[1] + "-" + i).build());
            }
            System.out.println("started " + words[1] + " " + n);
          }
          case "safe" -> {
            com.hazelcast.core.HazelcastInstance hz = com.hazelcast.core.Hazelcast.getAllHazelcastInstances()
                .iterator().next();
            while (!hz.getPartitionService().isClusterSafe()) {
              Thread.sleep(20);
            }
            System.out.println("safe " + hz.getCluster().getMembers().size());
          }
          case "quit" -> {
            break commands;
          }
          default -> System.out.println("unknown command " + line);
        }
      }
    }
    System.out.println("bye");
  }

  /** How long each member of the {@code slow} council takes to answer. */
  public static final Duration SLOW_ANSWER = Duration.ofSeconds(2);

  /**
   * Members answer after a short delay ({@link #SLOW_ANSWER} for the {@code slow-*} members); member
   * {@code blocker} never answers until interrupted.
   */
  public static MockProvider mock() {
    MockScript slow = MockScript.content("a considered answer").delay(SLOW_ANSWER);
    return MockProvider.create("mock").fallback(MockScript.content("an answer").delay(Duration.ofMillis(100)))
        .script("blocker", MockScript.blockUntilInterrupted())
        .script("slow-a", slow).script("slow-b", slow).script("slow-chair", slow);
  }

  /**
   * {@code quick}: two members and a chair, two rounds; {@code slow}: the same shape whose every answer
   * takes {@link #SLOW_ANSWER} (three answers on its critical path); {@code block}: one member never answers;
   * {@code nested}: member {@code a} and member {@code panel}, answered by a sub-council run of {@code quick},
   * in one round.
   */
  public static Council council(String kind) {
    if (kind.equals("slow")) {
      return Council.builder("cluster-slow").member(member("slow-a")).member(member("slow-b"))
          .round(Round.of("independent_analysis")).round(Round.of("critique")).chair(member("slow-chair")).build();
    }
    if (kind.equals("failover")) {
      return failover();
    }
    if (kind.equals("nested")) {
      return Council.builder("cluster-nested").member(member("a"))
          .member(Member.builder("panel").role("Panel").subCouncil(council("quick")).build())
          .round(Round.of("independent_analysis")).build();
    }
    Council.Builder b = Council.builder("cluster-" + kind).member(member("a"));
    if (kind.equals("block")) {
      return b.member(member("blocker")).round(Round.of("independent_analysis")).build();
    }
    return b.member(member("b")).round(Round.of("independent_analysis")).round(Round.of("critique"))
        .chair(member("chair")).build();
  }

  /** Two members and a chair, two rounds: the council of the failover tests. */
  static Council failover() {
    return Council.builder("cluster-failover").member(member("a")).member(member("b"))
        .round(Round.of("independent_analysis")).round(Round.of("critique")).chair(member("chair")).build();
  }

  private static Member member(String id) {
    return Member.builder(id).role("Analyst " + id).systemPrompt("You are analyst " + id + ".")
        .provider("mock").model("mock-model").build();
  }
}
