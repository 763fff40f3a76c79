package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Round;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
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
        // a second before the first chunk (the client connects meanwhile), then a chunk every millisecond
        .fallback(MockScript.stream(Collections.nCopies(CHUNKS, CHUNK), Duration.ofMillis(1))
            .delay(Duration.ofSeconds(1)));
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
      // a client that reads nothing: a plain socket with a small receive buffer (HTTP/1.0, so the body is
      // the raw event stream, not chunked)
      try (Socket slow = new Socket()) {
        slow.setReceiveBufferSize(4_096);
        slow.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), f.server.port()), 5_000);
        slow.getOutputStream().write(("GET /v1/runs/" + runId + "/events HTTP/1.0\r\nHost: 127.0.0.1\r\n"
            + "Accept: text/event-stream\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        slow.getOutputStream().flush();
        Fixture.sleep(300);
        assertThat(f.get("/v1/runs/" + runId).body()).as("the run is still waiting for its first chunk")
            .contains("\"RUNNING\"");
        // read nothing while the run emits every event: it completes regardless of this client
        Map<String, Object> done = f.awaitEnd(runId, Duration.ofSeconds(60));
        @SuppressWarnings("unchecked")
        Map<String, Object> run = (Map<String, Object>) done.get("run");
        assertThat(run).containsEntry("status", "COMPLETED");
        BufferedReader in = new BufferedReader(new InputStreamReader(slow.getInputStream(), StandardCharsets.UTF_8));
        assertThat(in.readLine()).startsWith("HTTP/1.").contains(" 200");
        for (String header = in.readLine(); header != null && !header.isEmpty(); header = in.readLine()) {
          // skip the headers
        }
        Sse.Message m;
        while ((m = Sse.next(in)) != null && !m.event().equals("end")) {
          events.add(m);
        }
        end = m;
        assertThat(Sse.next(in)).as("the stream closes after its end").isNull();
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
