package dev.council.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import com.hazelcast.core.DistributedObject;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import dev.council.api.AggregateResult;
import dev.council.api.AutoChoice;
import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.UnknownRunException;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.RunStarted;
import dev.council.api.spi.LlmProvider;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Runs the documentation's snippets offline, on the simulated provider (or the snippet's own provider), and
 * checks they do what the docs say; the engine on the application's own Hazelcast instance
 * (docs/clustering.md) runs on a one-member loopback cluster. The PostgreSQL ones run in {@link
 * PersistenceSnippetsTest}. Those that need a fixed listening port, a Spring context or a Quartz scheduler
 * (docs/server.md, the controllers of docs/running.md and docs/spring-boot.md, the scheduling in
 * docs/jobs.md) are compiled here; their behaviour is tested in their own modules.
 */
@Isolated
class SnippetsRunTest {

  private static Council simulated(String id) {
    return Council.builder(id)
        .member(Member.builder("a").role("Optimist").provider("simulated").model("simulated-1").build())
        .member(Member.builder("b").role("Skeptic").provider("simulated").model("simulated-1").build())
        .round("independent_analysis")
        .build();
  }

  private static String stdout(Runnable body) {
    PrintStream saved = System.out;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    try {
      body.run();
    } finally {
      System.setOut(saved);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void snippetsRunFromTheRepositoryRootSoTheirRelativePathsMeanWhatTheDocsSay() {
    assertThat(java.nio.file.Path.of("examples/advisor.json")).isRegularFile();
  }

  @Test
  void theReadmeExampleRunsWithItsProvidersMappedToTheSimulatedOne() throws InterruptedException {
    // The README names openai and anthropic; configuration maps those ids to the offline provider.
    System.setProperty("council.providers.openai.type", "simulated");
    System.setProperty("council.providers.anthropic.type", "simulated");
    try {
      PrintStream saved = System.out;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        Advice.main(new String[0]);
        // the listener is delivered to on a thread of its own: wait for its last line
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains("run_completed") && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
      } finally {
        System.setOut(saved);
      }
      String printed = out.toString(StandardCharsets.UTF_8);
      assertThat(printed).contains("\nCOMPLETED\n").contains("0 run_started").contains("run_completed");
      assertThat(printed.indexOf("0 run_started")).isLessThan(printed.indexOf("run_completed"));
    } finally {
      System.clearProperty("council.providers.openai.type");
      System.clearProperty("council.providers.anthropic.type");
    }
  }

  @Test
  void theGettingStartedCouncilCompletes() {
    assertThat(stdout(() -> FirstCouncil.main(new String[0]))).startsWith("COMPLETED: ");
  }

  @Test
  void theEchoProviderOfThePluginGuideAnswersWithItsConfiguredPrefix() {
    LlmProvider echo = new EchoProviderFactory()
        .create("echo", CouncilConfig.of(Map.of("council.providers.echo.prefix", "heard:")));
    Council council = Council.builder("echoes")
        .member(Member.builder("parrot").provider("echo").model("any").build())
        .round("independent_analysis")
        .build();
    try (CouncilEngine engine = CouncilEngine.builder().provider("echo", echo).build()) {
      Result result = engine.run(council, Map.of("question", "Is anyone there?"));
      assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(result.answer()).startsWith("heard:").contains("Is anyone there?");
    }
  }

  @Test
  void listenersGivenInTheRunOptionsSeeRunStartedAndEveryEventInOrder() throws InterruptedException {
    try (CouncilEngine engine = CouncilEngine.create()) {
      RunningInApps app = new RunningInApps(engine, simulated("advisor"));
      List<CouncilEvent> events = new CopyOnWriteArrayList<>();
      RunHandle h = app.subscribeBeforeStart(simulated("advisor"), "Which database?", events::add);
      assertThat(h.await(Duration.ofSeconds(30)).status()).isEqualTo(RunStatus.COMPLETED);
      // listeners are delivered to on a thread of their own: the terminal event may follow await()
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      while ((events.isEmpty() || !events.getLast().terminal()) && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(events.getFirst()).isInstanceOf(RunStarted.class);
      assertThat(events.getLast().terminal()).isTrue();
      assertThat(events).extracting(CouncilEvent::seq)
          .containsExactlyElementsOf(java.util.stream.LongStream.range(0, events.size()).boxed().toList());
    }
  }

  @Test
  void terminatingAHandleMakesAwaitThrowUnknownRun() {
    System.setProperty("council.providers.slow.type", "simulated");
    System.setProperty("council.providers.slow.latency", "5s");
    try (CouncilEngine engine = CouncilEngine.create()) {
      Council slow = Council.builder("slow")
          .member(Member.builder("a").provider("slow").model("simulated-1").build())
          .round("independent_analysis")
          .build();
      RunHandle h = engine.start(slow, Map.of("question", "q"));
      RunOptions options = RunningInApps.stopAndBound(h);
      assertThat(options.toString()).isNotEmpty();
      assertThatThrownBy(() -> h.await(Duration.ofSeconds(10))).isInstanceOf(UnknownRunException.class);
    } finally {
      System.clearProperty("council.providers.slow.type");
      System.clearProperty("council.providers.slow.latency");
    }
  }

  @Test
  void runGroupsAndScopedHandlesAndVerboseOutputRun() throws InterruptedException {
    try (CouncilEngine engine = CouncilEngine.create()) {
      RunningInApps app = new RunningInApps(engine, simulated("advisor"));
      Map<String, Object> input = Map.of("question", "q");
      app.scopes(simulated("scoped"), input, input, input);
      PrintStream saved = System.out;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
      try {
        app.verbose(simulated("verbose-run"), input).await(Duration.ofSeconds(30));
        // observers are delivered to off the run's thread: wait for the tracer's lines
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!out.toString(StandardCharsets.UTF_8).contains("verbose-run") && System.nanoTime() < deadline) {
          Thread.sleep(10);
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).as("the DEBUG timeline on System.out").contains("verbose-run");
      } finally {
        System.setOut(saved);
      }
    }
  }

  @Test
  void anEngineWithTheApplicationsOpenTelemetryRuns() {
    System.setProperty("otel.traces.exporter", "none");
    System.setProperty("otel.metrics.exporter", "none");
    System.setProperty("otel.logs.exporter", "none");
    try {
      Tracing.withSdk(simulated("traced"));
    } finally {
      System.clearProperty("otel.traces.exporter");
      System.clearProperty("otel.metrics.exporter");
      System.clearProperty("otel.logs.exporter");
    }
  }

  @Test
  void theReliabilityJuryLetsTheJurorWhoIsUsuallyRightOutvoteTwoWhoAreNot() {
    MockProvider mock = MockProvider.create("mock")
        .script("a", MockScript.content(ballot("yes", 0.6)))
        .script("b", MockScript.content(ballot("yes", 0.5)))
        .script("c", MockScript.content(ballot("no", 0.9)));
    Member a = Member.builder("a").provider("mock").model("m").build();
    Member b = Member.builder("b").provider("mock").model("m").build();
    Member c = Member.builder("c").provider("mock").model("m").build();

    Result result = ReliabilityJury.jury(mock, a, b, c);

    assertThat(result.status()).isEqualTo(RunStatus.COMPLETED);
    AggregateResult vote = result.rounds().getFirst().aggregate();
    assertThat(vote.aggregator()).isEqualTo("confidence_weighted");
    // by confidence alone "yes" wins, 0.6 + 0.5 to 0.9; weighed by learned reliability on legal questions
    // (a: right 0 times of 8, score 0.1; c: 8 of 8, score 0.9; b: no record) c's ballot outweighs both
    assertThat(vote.winner()).as("the jury's verdict, scores %s", vote.scores()).isEqualTo("no");
    assertThat(vote.scores().get("no")).isGreaterThan(vote.scores().get("yes"));
    assertThat(List.of(mock.calls("a"), mock.calls("b"), mock.calls("c"))).containsOnly(1);
  }

  private static String ballot(String choice, double confidence) {
    return "{\"choice\": \"" + choice + "\", \"rationale\": null, \"confidence\": " + confidence + "}";
  }

  @Test
  void theAutoTriageRoutesByItsRulesThenByEmbeddingsThenToItsFallback() {
    // the embedder's shipped profile names openai; configuration maps that id to the offline provider
    System.setProperty("council.providers.openai.type", "simulated");
    try (CouncilEngine engine = CouncilEngine.builder().council("engineering-council", simulated("engineering"))
        .council("people-council", simulated("people")).council("general-council", simulated("general")).build()) {
      AutoChoice byRule = AutoTriage.triage(engine, "How do we deploy to kubernetes?");
      AutoChoice byOtherRule = AutoTriage.triage(engine, "Is a four-day week good for hiring?");
      AutoChoice byEmbedding = AutoTriage.triage(engine, "What should the working week look like?");
      AutoChoice byFallback = AutoTriage.triage(engine, "Which colour should the logo be?");

      assertThat(List.of(byRule.strategy(), byRule.chosen())).containsExactly("rules", "engineering");
      assertThat(List.of(byOtherRule.strategy(), byOtherRule.chosen())).containsExactly("rules", "people");
      assertThat(List.of(byEmbedding.strategy(), byEmbedding.chosen())).containsExactly("embedding", "people");
      assertThat(byEmbedding.score()).isGreaterThanOrEqualTo(0.3);
      assertThat(List.of(byFallback.strategy(), byFallback.chosen())).as("a question near no description (%s)",
          byFallback.reason()).containsExactly("fallback", "general");
    } finally {
      System.clearProperty("council.providers.openai.type");
    }
  }

  @Test
  void anEngineOnTheApplicationsOwnHazelcastInstanceRunsOnItAndLeavesItRunning() throws IOException {
    int port;
    try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = free.getLocalPort();
    }
    Config config = new Config().setClusterName("snippets-" + UUID.randomUUID())
        .setProperty("hazelcast.phone.home.enabled", "false").setProperty("hazelcast.socket.bind.any", "false");
    config.getNetworkConfig().setPort(port).setPortAutoIncrement(false);
    config.getNetworkConfig().getInterfaces().setEnabled(true).addInterface("127.0.0.1");
    config.getNetworkConfig().getJoin().getMulticastConfig().setEnabled(false);
    config.getNetworkConfig().getJoin().getTcpIpConfig().setEnabled(true).addMember("127.0.0.1:" + port);
    HazelcastInstance hz = Hazelcast.newHazelcastInstance(config);
    System.setProperty("council.pubsub", "hazelcast");
    System.setProperty("council.registry", "hazelcast");
    try {
      try (CouncilEngine engine = ClusteredEngine.onOwnInstance(hz)) {
        assertThat(engine.run(simulated("clustered"), Map.of("question", "q")).status())
            .isEqualTo(RunStatus.COMPLETED);
      }
      assertThat(hz.getDistributedObjects()).as("what the engine created on the application's instance")
          .extracting(DistributedObject::getName).anyMatch(name -> name.startsWith("council"));
      assertThat(hz.getLifecycleService().isRunning()).as("the application's instance after engine.close()")
          .isTrue();
    } finally {
      System.clearProperty("council.pubsub");
      System.clearProperty("council.registry");
      hz.shutdown();
    }
  }

  @Test
  void jobTimeoutsAreComputedWithoutADatabase() {
    try (CouncilEngine engine = CouncilEngine.create()) {
      List<Duration> timeouts = QuartzJobs.timeouts(engine, simulated("advisor"), RunOptions.builder().build());
      assertThat(timeouts.get(0)).isPositive();
      assertThat(timeouts.get(1)).isGreaterThan(timeouts.get(0));
    }
  }

  @Test
  void theRecorderOutlineOfThePersistenceGuideMatchesTheRealInterfaces() {
    assertSameMethods(RecorderOutline.Recorder.class, dev.council.api.spi.Recorder.class);
    assertSameMethods(RecorderOutline.RunRecording.class, dev.council.api.spi.RunRecording.class);
  }

  private static void assertSameMethods(Class<?> outline, Class<?> real) {
    List<String> shown = Arrays.stream(outline.getDeclaredMethods()).map(SnippetsRunTest::signature).sorted().toList();
    List<String> actual = Arrays.stream(real.getDeclaredMethods())
        .filter(m -> !m.isSynthetic() && !java.lang.reflect.Modifier.isStatic(m.getModifiers()))
        .map(SnippetsRunTest::signature).sorted().toList();
    assertThat(shown).as("methods the docs show for %s", real.getName()).isSubsetOf(actual);
    assertThat(actual).as("abstract methods of %s the docs must show", real.getName())
        .filteredOn(s -> s.startsWith("abstract ")).isSubsetOf(shown);
  }

  private static String signature(Method m) {
    return (java.lang.reflect.Modifier.isAbstract(m.getModifiers()) ? "abstract " : "")
        + m.getGenericReturnType().getTypeName().replace("dev.council.docs.RecorderOutline$", "dev.council.api.spi.")
        + " " + m.getName()
        + Arrays.stream(m.getGenericParameterTypes()).map(t -> t.getTypeName()).toList();
  }
}
