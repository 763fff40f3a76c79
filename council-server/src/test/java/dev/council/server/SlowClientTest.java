package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A client that stops reading its event stream: the stream's queue is bounded ({@code
 * council.server.stream-buffer}), so instead of holding the run's events without limit the server ends that
 * stream with {@code slow_client} and the last seq it sent; the client resumes from there with {@code
 * Last-Event-ID} and gets every later event, none lost and none twice. The run is not slowed down.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class SlowClientTest {
  /** Far more than the socket buffers between server and client hold: about 12 MB of member_token events. */
  private static final int CHUNKS = 3_000;
  private static final String CHUNK = "x".repeat(4_000) + " ";
  private static final int BUFFER = 32;

  @Test
  void aClientThatStopsReadingIsCutOffWithSlowClientAndResumesWithoutLoss() throws Exception {
    MockProvider flood = MockProvider.create("mock")
        .fallback(MockScript.stream(Collections.nCopies(CHUNKS, CHUNK), Duration.ZERO));
    Council council = Council.builder("flood")
        .member(Member.builder("ada").role("Analyst").provider("mock").model("mock-1").stream(true).build())
        .round(Round.of("independent_analysis")).build();
    Path dir = Files.createTempDirectory("council-slow-client");
    CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.of(Map.of("council.reap-after", "5m")))
        .provider("mock", flood).build();
    CouncilServer server = CouncilServer.builder(engine)
        .config(ServerConfig.DEFAULTS.withPort(0).withStreamBuffer(BUFFER)).council("flood", council).start();
    try (Fixture f = Fixture.of(engine, server, dir)) {
      String runId = (String) Fixture.json(f.post("/v1/runs", "{\"council\": \"flood\", \"question\": \"Flood me\"}"))
          .get("runId");
      List<Sse.Message> events = new ArrayList<>();
      Sse.Message end;
      try (Sse slow = Sse.open(f, runId, null)) {
        assertThat(slow.response.statusCode()).isEqualTo(200);
        // read nothing while the run emits every event: it completes regardless of this client
        Map<String, Object> done = f.awaitEnd(runId, Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) done.get("run");
        assertThat(run).containsEntry("status", "COMPLETED");
        Sse.Message m;
        while ((m = slow.next()) != null && !m.event().equals("end")) {
          events.add(m);
        }
        end = m;
        assertThat(slow.next()).as("the stream closes after its end").isNull();
      }
      assertThat(end).as("the cut-off stream ends with an end event").isNotNull();
      long lastSeen = events.isEmpty() ? -1 : events.getLast().seq();
      assertThat(end.json()).containsEntry("reason", "slow_client");
      assertThat(((Number) end.json().get("lastEventId")).longValue()).isEqualTo(lastSeen);
      assertThat(events.size()).as("cut off before the run's last event").isLessThan(CHUNKS);

      try (Sse resumed = Sse.open(f, runId, lastSeen)) {
        Sse.Message m;
        while ((m = resumed.next()) != null && !m.event().equals("end")) {
          events.add(m);
        }
        assertThat(m).isNotNull();
        assertThat(m.json()).containsEntry("reason", "completed");
      }
      for (int i = 0; i < events.size(); i++) {
        assertThat(events.get(i).seq()).as("event %d", i).isEqualTo(i);
      }
      assertThat(events.getLast().json()).containsEntry("type", "run_completed");
      assertThat(events).filteredOn(e -> "member_token".equals(e.json().get("type"))).hasSize(CHUNKS);
    }
  }
}
