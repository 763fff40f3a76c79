package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.council;
import static dev.council.engine.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.MemberStatus;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.UnknownRunException;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.api.event.RoundCompleted;
import dev.council.api.event.RoundStarted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunStarted;
import dev.council.api.spi.Subscription;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.testkit.EventCapture;
import dev.council.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunLifecycleTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final ManualClock clock = new ManualClock();
  private final CouncilEngine engine = CouncilEngine.builder()
      .config(TestSupport.config("council.reap-after", "60s"))
      .clock(clock)
      .provider("mock", mock)
      .build();

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void runReturnsEveryMemberAnswerAndTheChairsSynthesis() {
    mock.script("a", MockScript.content("Yes, productivity rises."))
        .script("b", MockScript.content("No, coverage suffers."))
        .script("chair", MockScript.content("Adopt it with rotating coverage."));

    Result r = engine.run(council(2, true), QUESTION);

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).isEqualTo("Adopt it with rotating coverage.");
    assertThat(r.rounds()).extracting(rr -> rr.type()).containsExactly("independent_analysis", "synthesis");
    assertThat(r.rounds().get(0).members()).extracting(m -> m.memberId() + "=" + m.content())
        .containsExactly("a=Yes, productivity rises.", "b=No, coverage suffers.");
    assertThat(mock.requests("chair").get(0).lastUserMessage())
        .contains("Should we adopt four-day weeks?", "Yes, productivity rises.", "No, coverage suffers.");
    assertThat(r.usage().totalTokens()).isEqualTo(r.rounds().stream().mapToLong(rr -> rr.usage().totalTokens()).sum());
  }

  @Test
  void listenerGivenAtStartSeesRunStartedAndEveryLaterEventWithContiguousSequence() throws Exception {
    EventCapture events = new EventCapture();
    RunHandle h = engine.start(council(3, true), QUESTION, RunOptions.builder().listener(events).build());

    List<CouncilEvent> all = TestSupport.awaitAll(events);

    assertThat(all.get(0)).isInstanceOf(RunStarted.class);
    assertThat(all.get(all.size() - 1)).isInstanceOf(RunCompleted.class);
    for (int i = 0; i < all.size(); i++) {
      assertThat(all.get(i).seq()).isEqualTo(i);
      assertThat(all.get(i).runId()).isEqualTo(h.runId());
    }
  }

  @Test
  void roundsAreStrictlyOrderedAndEachMembersEventsAreOrdered() throws Exception {
    mock.script("a", MockScript.stream(List.of("one ", "two ", "three"), Duration.ofMillis(1)));
    Council c = council(3, true).toBuilder().clearMembers()
        .member(TestSupport.member("a").toBuilder().stream(true).build())
        .member(TestSupport.member("b")).member(TestSupport.member("c")).build();
    EventCapture events = new EventCapture();
    engine.start(c, QUESTION, RunOptions.builder().listener(events).build());
    List<CouncilEvent> all = TestSupport.awaitAll(events);

    List<String> roundMarks = new ArrayList<>();
    for (CouncilEvent e : all) {
      if (e instanceof RoundStarted rs) {
        roundMarks.add("start:" + rs.round());
      } else if (e instanceof RoundCompleted rc) {
        roundMarks.add("end:" + rc.result().name());
      }
    }
    assertThat(roundMarks).containsExactly("start:independent_analysis", "end:independent_analysis",
        "start:synthesis", "end:synthesis");
    List<String> memberA = new ArrayList<>();
    for (CouncilEvent e : all) {
      if (e instanceof MemberStarted ms && ms.memberId().equals("a")) {
        memberA.add("started");
      } else if (e instanceof MemberToken t && t.memberId().equals("a")) {
        memberA.add("token:" + t.chunk().content());
      } else if (e instanceof MemberCompleted mc && mc.result().memberId().equals("a")) {
        memberA.add("completed:" + mc.result().content());
      }
    }
    assertThat(memberA).containsExactly("started", "token:one ", "token:two ", "token:three",
        "completed:one two three");
  }

  @Test
  void relayTopicsReceiveEveryEventOfTheRun() throws Exception {
    EventCapture relayed = new EventCapture();
    try (Subscription s = engine.subscribeTopic("app:all-runs", relayed)) {
      EventCapture direct = new EventCapture();
      engine.start(council(2, false), QUESTION,
          RunOptions.builder().relayTopic("app:all-runs").listener(direct).build());
      List<CouncilEvent> d = TestSupport.awaitAll(direct);
      List<CouncilEvent> r = TestSupport.awaitAll(relayed);
      assertThat(r).containsExactlyElementsOf(d);
    }
  }

  @Test
  void findStateAndAwaitWorkByRunIdUntilReaped() throws Exception {
    Result r = engine.run(council(2, false), QUESTION, RunOptions.builder().runId("run-42").build());

    RunHandle found = engine.find("run-42").orElseThrow();
    assertThat(found.state().status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(found.state().roundsCompleted()).isEqualTo(1);
    assertThat(found.await(Duration.ofSeconds(1))).isEqualTo(r);
    assertThat(engine.activeRuns()).isEmpty();

    clock.advance(Duration.ofSeconds(59));
    assertThat(engine.find("run-42")).isPresent();
    clock.advance(Duration.ofSeconds(2));
    assertThat(engine.find("run-42")).isEmpty();
    assertThatThrownBy(found::state).isInstanceOf(UnknownRunException.class);
  }

  @Test
  void atMostReapMaxFinishedRunsStayQueryableOldestFirstOut() {
    try (CouncilEngine small = CouncilEngine.builder().config(TestSupport.config("council.reap-max", "2"))
        .clock(clock).provider("mock", mock).build()) {
      for (int i = 1; i <= 3; i++) {
        small.run(council(1, false), QUESTION, RunOptions.builder().runId("kept-" + i).build());
      }
      assertThat(small.find("kept-1")).isEmpty();
      assertThat(small.find("kept-2")).isPresent();
      assertThat(small.find("kept-3")).isPresent();
    }
  }

  @Test
  void activeRunsListsOnlyRunsInFlight() throws Exception {
    mock.script("a", MockScript.blockUntilInterrupted());
    RunHandle running = engine.start(council(1, false), QUESTION);
    engine.run(council(1, false).toBuilder().clearMembers().member(TestSupport.member("b")).build(), QUESTION);

    eventually(() -> mock.calls("a") == 1, "member a is called");
    assertThat(engine.activeRuns()).extracting(s -> s.runId()).containsExactly(running.runId());
    assertThat(engine.activeRuns().get(0).currentRound()).isEqualTo("independent_analysis");
    running.cancel();
    running.await(Duration.ofSeconds(10));
    assertThat(engine.activeRuns()).isEmpty();
  }

  @Test
  void subscribeAfterStartIsBestEffortAndSeesLaterEvents() throws Exception {
    mock.script("a", MockScript.content("late").delay(Duration.ofMillis(200)));
    RunHandle h = engine.start(council(1, false), QUESTION);
    EventCapture later = new EventCapture();
    try (Subscription s = engine.subscribe(h.runId(), later)) {
      TestSupport.awaitAll(later);
    }
    assertThat(later.ofType(RunCompleted.class)).hasSize(1);
    assertThatThrownBy(() -> engine.subscribe("no-such-run", e -> {})).isInstanceOf(UnknownRunException.class);
  }

  @Test
  void namedRegistriesIsolateTenants() {
    engine.run(council(1, false), QUESTION, RunOptions.builder().runId("shared-id").registry("tenant-a").build());
    Result b = engine.run(council(1, false), QUESTION,
        RunOptions.builder().runId("shared-id").registry("tenant-b").build());

    assertThat(b.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(engine.find("shared-id")).isEmpty();
    assertThat(engine.find("shared-id", "tenant-a")).isPresent();
    assertThat(engine.find("shared-id", "tenant-b")).isPresent();
  }

  @Test
  void reusingARunIdInOneRegistryIsRejectedWithAClearMessage() {
    engine.run(council(1, false), QUESTION, RunOptions.builder().runId("dup").build());
    assertThatThrownBy(() -> engine.start(council(1, false), QUESTION, RunOptions.builder().runId("dup").build()))
        .hasMessageContaining("run id 'dup' is already in use");
  }

  @Test
  void inputWithoutQuestionIsRenderedEntryByEntry() {
    Map<String, Object> input = new HashMap<>();
    input.put("topic", "pricing");
    engine.run(council(1, false), input);
    assertThat(mock.requests("a").get(0).lastUserMessage()).isEqualTo("topic: pricing");
  }

  @Test
  void memberResultsCarryAttemptsProviderAndModel() {
    Result r = engine.run(council(1, false), QUESTION);
    var m = r.rounds().get(0).members().get(0);
    assertThat(m.status()).isEqualTo(MemberStatus.OK);
    assertThat(m.attempts()).isEqualTo(1);
    assertThat(m.provider()).isEqualTo("mock");
    assertThat(m.model()).isEqualTo("mock-model");
  }
}
