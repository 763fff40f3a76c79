package dev.council.engine;

import static dev.council.engine.TestSupport.QUESTION;
import static dev.council.engine.TestSupport.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Result;
import dev.council.api.Round;
import dev.council.api.RunStatus;
import dev.council.api.event.CouncilEvent;
import dev.council.api.event.MemberStarted;
import dev.council.api.event.MemberToken;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.testkit.EventCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link RunOptions.Builder#directListener}: called on the emitting threads, in order, shielded from its failures and slowness. */
class DirectListenerTest {
  @RegisterExtension final MockEngine setup = new MockEngine();
  private final MockProvider mock = setup.mock();
  private final CouncilEngine engine = setup.engine();

  /** Five streaming members emit tokens concurrently; the direct listener still sees one ordered stream. */
  private Council streamingCouncil() {
    Council.Builder b = Council.builder("streaming");
    for (String id : List.of("a", "b", "c", "d", "e")) {
      mock.script(id, MockScript.stream(List.of("one ", "two ", "three ", "four"), Duration.ZERO));
      b.member(TestSupport.member(id).toBuilder().stream(true).build());
    }
    mock.script("chair", MockScript.content("final"));
    return b.round(Round.of("independent_analysis")).chair(TestSupport.member("chair")).build();
  }

  @Test
  void hasEveryEventInOrderWhenTheRunReturnsTheSameStreamAListenerGets() {
    Council council = streamingCouncil();
    for (int i = 0; i < 30; i++) {
      List<CouncilEvent> direct = new CopyOnWriteArrayList<>();
      AtomicInteger inside = new AtomicInteger();
      AtomicInteger overlapping = new AtomicInteger();
      EventCapture isolated = new EventCapture();
      Result r = engine.run(council, QUESTION, RunOptions.builder()
          .directListener(e -> {
            if (inside.incrementAndGet() > 1) {
              overlapping.incrementAndGet();
            }
            direct.add(e);
            inside.decrementAndGet();
          })
          .listener(isolated).build());

      // no waiting: by the time run() returns, the direct listener has had the terminal event
      assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
      List<CouncilEvent> seen = List.copyOf(direct);
      assertThat(seen).isNotEmpty();
      assertThat(seen.getLast().terminal()).isTrue();
      for (int s = 0; s < seen.size(); s++) {
        assertThat(seen.get(s).seq()).as("event %d of pass %d", s, i).isEqualTo(s);
      }
      assertThat(seen).filteredOn(e -> e instanceof MemberToken).hasSize(5 * 4);
      assertThat(overlapping).as("calls overlapping another call").hasValue(0);
      assertThat(TestSupport.awaitAll(isolated)).containsExactlyElementsOf(seen);
    }
  }

  @Test
  void oneThatThrowsGetsEveryLaterEventAndTheRunCompletes() {
    mock.script("chair", MockScript.content("final"));
    AtomicInteger calls = new AtomicInteger();
    EventCapture all = new EventCapture();
    Result r = engine.run(TestSupport.council(3, true), QUESTION, RunOptions.builder()
        .directListener(e -> {
          calls.incrementAndGet();
          throw new IllegalStateException("listener bug");
        })
        .listener(all).build());

    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.answer()).isEqualTo("final");
    assertThat(calls).hasValue(TestSupport.awaitAll(all).size());
  }

  @Test
  void oneOverItsBudgetIsMovedToAThreadOfItsOwnSoItNoLongerHoldsTheRun() throws Exception {
    mock.script("chair", MockScript.content("final"));
    CountDownLatch release = new CountDownLatch(1);
    List<CouncilEvent> seen = new CopyOnWriteArrayList<>();
    long overBudget = RunOptions.DIRECT_LISTENER_BUDGET.toMillis() * 3;
    Result r = engine.run(TestSupport.council(3, true), QUESTION, RunOptions.builder()
        .directListener(e -> {
          seen.add(e);
          try {
            if (e.seq() == 0) {
              Thread.sleep(overBudget); // a slow call: the run waits for this one
            } else {
              release.await(30, TimeUnit.SECONDS); // blocks until the run is over: it must not hold the run
            }
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
          }
        }).build());

    // the run finished although the listener, moved to its own thread, blocks on its second event
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(seen).as("events delivered when the run finished").noneMatch(CouncilEvent::terminal);
    eventually(() -> seen.size() == 2, "the moved listener is blocked on its second event");
    Thread.sleep(50);
    assertThat(seen).as("nothing overtakes the blocked call").hasSize(2);
    release.countDown();
    eventually(() -> !seen.isEmpty() && seen.getLast().terminal(), "the moved listener has the terminal event");
    List<Long> seqs = new ArrayList<>();
    seen.forEach(e -> seqs.add(e.seq()));
    assertThat(seqs).isSorted().doesNotHaveDuplicates().startsWith(0L, 1L).endsWith((long) seen.size() - 1);
  }

  @Test
  void mayCancelItsOwnRun() {
    mock.script("a", MockScript.blockUntilInterrupted());
    mock.script("b", MockScript.blockUntilInterrupted());
    Result r = engine.run(TestSupport.council(2, false), QUESTION, RunOptions.builder()
        .runId("cancelled-from-a-direct-listener")
        .directListener(e -> {
          if (e instanceof MemberStarted m && m.memberId().equals("a")) {
            engine.find(e.runId()).orElseThrow().cancel();
          }
        }).build());

    assertThat(r.status()).isEqualTo(RunStatus.CANCELLED);
  }
}
