package dev.council.samples.plain;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/** The sample on a random port, driven over real HTTP like a browser or {@code curl -N} would. */
class PlainJavaSampleTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private CouncilEngine engine;
  private CouncilHttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() {
    engine = PlainJavaSample.engine(Duration.ofMillis(150));
    server = CouncilHttpServer.start(engine, PlainJavaSample.advisor(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
    engine.close();
    http.close();
  }

  @Test
  @Timeout(60)
  void aPostStreamsTheRunsEventsInOrderUntilItCompletes() throws Exception {
    HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri("/runs"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Should we adopt Kotlin?\"}")).build(),
        HttpResponse.BodyHandlers.ofLines());

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
        type -> assertThat(type).startsWith("text/event-stream"));
    String runId = response.headers().firstValue(CouncilHttpServer.RUN_ID_HEADER).orElseThrow();
    List<SseEvent> events = SseEvent.parse(response.body());

    assertThat(events).isNotEmpty();
    assertThat(events.get(0).type()).isEqualTo("run_started");
    assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
    assertThat(events).extracting(SseEvent::id).as("one event per seq, in order, none missing")
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, events.size()).boxed().toList());
    assertThat(events).filteredOn(e -> e.type().equals("member_completed")).as("3 analysts, 3 reviewers, the chair")
        .hasSize(7);
    Map<?, ?> completed = JSON.readValue(events.get(events.size() - 1).data(), Map.class);
    assertThat(completed.get("runId")).isEqualTo(runId);
    assertThat(completed.toString()).contains("[simulated]");

    Map<?, ?> state = getJson("/runs/" + runId);
    assertThat(state.get("status")).isEqualTo("COMPLETED");
  }

  @Test
  @Timeout(60)
  void aClientThatDisconnectsMidRunCancelsTheRun() throws Exception {
    String runId;
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      byte[] body = "{\"question\":\"Should we adopt Kotlin?\"}".getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: "
          + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String id = null;
      String line;
      while ((line = in.readLine()) != null && !line.equals("event: member_completed")) {
        if (line.regionMatches(true, 0, CouncilHttpServer.RUN_ID_HEADER + ":", 0,
            CouncilHttpServer.RUN_ID_HEADER.length() + 1)) {
          id = line.substring(CouncilHttpServer.RUN_ID_HEADER.length() + 1).trim();
        }
      }
      assertThat(line).as("a member finished before the client left").isEqualTo("event: member_completed");
      assertThat(id).as("the run id header").isNotNull();
      runId = id;
    } // the client goes away after the first answer, long before the chair's

    Result result = engine.find(runId).orElseThrow().await(Duration.ofSeconds(30));
    assertThat(result.status()).as("the server cancelled the run nobody reads").isEqualTo(RunStatus.CANCELLED);
    assertThat(result.rounds()).as("the chair was never asked").noneSatisfy(
        round -> assertThat(round.member("chair")).isPresent());
    assertThat(getJson("/runs/" + runId).get("status")).isEqualTo("CANCELLED");
  }

  @Test
  void aPostWithoutAQuestionIsRefusedWithThePathAndWhatToSend() throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("/runs"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(JSON.readValue(response.body(), Map.class)).containsEntry("path", "question")
        .containsEntry("code", "required");
    assertThat(engine.activeRuns()).as("no run was started").isEmpty();
  }

  private Map<?, ?> getJson(String path) throws Exception {
    HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri(path)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readValue(response.body(), Map.class);
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.port() + path);
  }

  /** One Server-Sent Event as the sample writes it: id, event, one data line. */
  record SseEvent(long id, String type, String data) {
    static List<SseEvent> parse(Stream<String> lines) {
      List<SseEvent> events = new ArrayList<>();
      String[] current = new String[3];
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("id: ")) {
          current[0] = line.substring(4);
        } else if (line.startsWith("event: ")) {
          current[1] = line.substring(7);
        } else if (line.startsWith("data: ")) {
          current[2] = line.substring(6);
        } else if (line.isEmpty() && current[1] != null) {
          events.add(new SseEvent(Long.parseLong(current[0]), current[1], current[2]));
          current = new String[3];
        }
      }
      return events;
    }
  }
}
