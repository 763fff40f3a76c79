package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Usage;
import dev.council.api.config.CouncilConfig;
import dev.council.api.provider.ChatResponse;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code GET /v1/runs/{id}/events}: order, ids, resume with Last-Event-ID, clients that go away. */
class EventStreamTest {
  /** Reads messages until the end event; returns the event messages (without the end). */
  private static List<Sse.Message> readToEnd(Sse sse, List<Sse.Message> ends) throws IOException {
    List<Sse.Message> events = new ArrayList<>();
    Sse.Message m;
    while ((m = sse.next()) != null) {
      if (m.event().equals("end")) {
        ends.add(m);
        break;
      }
      events.add(m);
    }
    return events;
  }

  private static void assertContiguousFromZero(List<Sse.Message> events) {
    assertThat(events).isNotEmpty();
    for (int i = 0; i < events.size(); i++) {
      Sse.Message m = events.get(i);
      assertThat(m.seq()).as("event %d", i).isEqualTo(i);
      assertThat(m.id()).isEqualTo(Long.toString(i));
    }
    assertThat(events.getFirst().json()).containsEntry("type", "run_started");
    assertThat(events.getLast().json()).containsEntry("type", "run_completed");
  }

  @Test
  void everyEventComesInOrderWithItsSeqAsIdThenTheStreamEnds() throws Exception {
    try (Fixture f = Fixture.start(Duration.ofMillis(100), Duration.ofMillis(3))) {
      String runId = f.startPanel("Stream me");
      List<Sse.Message> ends = new ArrayList<>();
      List<Sse.Message> events;
      try (Sse sse = Sse.open(f, runId, null)) {
        assertThat(sse.response.statusCode()).isEqualTo(200);
        assertThat(sse.response.headers().firstValue("Content-Type")).hasValueSatisfying(
            ct -> assertThat(ct).startsWith("text/event-stream"));
        events = readToEnd(sse, ends);
        assertThat(sse.next()).isNull();
      }
      assertContiguousFromZero(events);
      assertThat(events).extracting(m -> m.json().get("type")).contains("member_token", "member_completed",
          "round_completed");
      assertThat(events).allSatisfy(m -> assertThat(m.json()).containsEntry("runId", runId));
      assertThat(ends).singleElement().satisfies(e -> assertThat(e.json()).containsEntry("reason", "completed"));

      // the run has ended: a new stream replays it whole from memory
      List<Sse.Message> replayEnds = new ArrayList<>();
      try (Sse again = Sse.open(f, runId, null)) {
        List<Sse.Message> replay = readToEnd(again, replayEnds);
        assertThat(replay).extracting(Sse.Message::data).isEqualTo(events.stream().map(Sse.Message::data).toList());
      }
    }
  }

  /**
   * Frames are flushed when the stream has nothing more queued: events a run emits while a client follows
   * it reach the client while the run then waits, not with a later event (the heartbeat, whose flush would
   * carry held frames along, is set beyond the test's timeout).
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void eventsEmittedWhileAClientFollowsReachItWhileTheRunWaits() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    MockProvider mock = MockProvider.create("simulated");
    mock.script("ada", MockScript.sequence(MockScript.respond(req -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return ChatResponse.of("ada's answer", Usage.ZERO);
    }), MockScript.blockUntilInterrupted()));
    for (String member : List.of("grace", "linus")) {
      mock.script(member, MockScript.sequence(MockScript.content(member + "'s answer"),
          MockScript.blockUntilInterrupted()));
    }
    Path dir = Files.createTempDirectory("council-server-test");
    Files.writeString(dir.resolve("panel.json"), Fixture.PANEL);
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.empty()).provider("simulated", mock).build();
    CouncilServer server = CouncilServer.builder(engine).councils(dir)
        .config(ServerConfig.DEFAULTS.withPort(0).withHeartbeat(Duration.ofMinutes(5))).start();
    try (Fixture f = Fixture.of(engine, server, dir)) {
      String runId = f.startPanel("Wait for ada");
      try (Sse sse = Sse.open(f, runId, null)) {
        List<String> seen = new ArrayList<>();
        while (seen.stream().filter("member_completed"::equals).count() < 2) {
          seen.add(type(sse.next()));
        }
        release.countDown(); // round 1 ends, round 2 starts and waits: these events come while the client follows
        while (!seen.contains("round_completed") || !seen.getLast().equals("member_started")) {
          seen.add(type(sse.next()));
        }
        assertThat(seen).startsWith("run_started").contains("round_completed", "round_started");
      }
      assertThat(f.post("/v1/runs/" + runId + "/cancel", "").statusCode()).isLessThan(300);
    }
  }

  private static String type(Sse.Message m) {
    assertThat(m).as("an event before the end of the stream").isNotNull();
    return (String) m.json().get("type");
  }

  @Test
  void aDroppedConnectionResumesWithLastEventIdWithoutGapsOrDuplicates() throws Exception {
    try (Fixture f = Fixture.start(Duration.ofMillis(200), Duration.ofMillis(5))) {
      String runId = f.startPanel("Resume me");
      List<Sse.Message> first = new ArrayList<>();
      try (Sse sse = Sse.open(f, runId, null)) {
        while (first.size() < 15) {
          Sse.Message m = sse.next();
          assertThat(m).isNotNull();
          first.add(m);
        }
      } // the connection is dropped mid-run
      long last = Long.parseLong(first.getLast().id());
      Fixture.sleep(300); // events go on meanwhile
      List<Sse.Message> ends = new ArrayList<>();
      List<Sse.Message> rest;
      try (Sse sse = Sse.open(f, runId, last)) {
        rest = readToEnd(sse, ends);
      }
      assertThat(rest.getFirst().seq()).isEqualTo(last + 1);
      List<Sse.Message> all = new ArrayList<>(first);
      all.addAll(rest);
      assertContiguousFromZero(all);

      // resuming after the last event of an ended run sends only the end
      List<Sse.Message> none = new ArrayList<>();
      try (Sse sse = Sse.open(f, runId, all.getLast().seq())) {
        assertThat(readToEnd(sse, none)).isEmpty();
      }
      assertThat(none).hasSize(1);
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void aClientThatDisconnectsMidRunDoesNotAffectTheRun() throws Exception {
    try (Fixture f = Fixture.start(Duration.ofMillis(300), Duration.ofMillis(5))) {
      String runId = f.startPanel("Leave early");
      try (Sse sse = Sse.open(f, runId, null)) {
        for (int i = 0; i < 3; i++) {
          assertThat(sse.next()).isNotNull();
        }
      }
      Map<String, Object> done = f.awaitEnd(runId, Duration.ofSeconds(30));
      assertThat((Map<String, Object>) done.get("run")).containsEntry("status", "COMPLETED");
      assertThat((String) ((Map<String, Object>) done.get("result")).get("answer")).startsWith("[simulated]");
    }
  }

  @Test
  void aCancelledRunsStreamEndsWithRunFailedAndATerminatedOneWithAnEnd() throws Exception {
    try (Fixture f = Fixture.start(Duration.ofSeconds(30), Duration.ZERO)) {
      String cancelled = f.startPanel("cancel me");
      List<Sse.Message> ends = new ArrayList<>();
      try (Sse sse = Sse.open(f, cancelled, null)) {
        assertThat(sse.next()).isNotNull();
        f.post("/v1/runs/" + cancelled + "/cancel", "");
        List<Sse.Message> events = readToEnd(sse, ends);
        assertThat(events.getLast().json()).containsEntry("type", "run_failed");
      }
      assertThat(ends.getFirst().json()).containsEntry("reason", "failed");

      String terminated = f.startPanel("terminate me");
      ends.clear();
      try (Sse sse = Sse.open(f, terminated, null)) {
        assertThat(sse.next()).isNotNull();
        f.delete("/v1/runs/" + terminated);
        readToEnd(sse, ends);
      }
      assertThat(ends.getFirst().json()).containsEntry("reason", "terminated");
    }
  }

  @Test
  void manyClientsOnOneRunEachGetEveryEvent() throws Exception {
    try (Fixture f = Fixture.start(Duration.ofMillis(200), Duration.ofMillis(2))) {
      String runId = f.startPanel("Fan out");
      List<Thread> threads = new ArrayList<>();
      List<List<Sse.Message>> got = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        List<Sse.Message> mine = new ArrayList<>();
        got.add(mine);
        threads.add(Thread.ofVirtual().start(() -> {
          try (Sse sse = Sse.open(f, runId, null)) {
            mine.addAll(readToEnd(sse, new ArrayList<>()));
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        }));
      }
      for (Thread t : threads) {
        t.join(Duration.ofSeconds(30));
      }
      for (List<Sse.Message> mine : got) {
        assertContiguousFromZero(mine);
        assertThat(mine).hasSameSizeAs(got.getFirst());
      }
    }
  }
}
