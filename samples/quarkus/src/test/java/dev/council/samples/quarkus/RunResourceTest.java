package dev.council.samples.quarkus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.engine.CouncilEngine;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/** The application on a random port, driven over real HTTP like a browser's {@code EventSource} would. */
@QuarkusTest
class RunResourceTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TestHTTPResource("/")
  URL root;

  @Inject
  CouncilEngine engine;

  @Test
  @Timeout(60)
  void aPostStreamsTheRunsEventsInOrderUntilItCompletes() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<Stream<String>> response = http.send(HttpRequest.newBuilder(uri("runs"))
          .header("Content-Type", "application/json").header("Accept", "text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString("{\"question\":\"Should we adopt Kotlin?\"}")).build(),
          HttpResponse.BodyHandlers.ofLines());

      assertThat(response.statusCode()).isEqualTo(200);
      assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
          type -> assertThat(type).startsWith("text/event-stream"));
      List<SseEvent> events = SseEvent.parse(response.body());

      assertThat(events).isNotEmpty();
      assertThat(events.get(0).type()).isEqualTo("run_started");
      assertThat(events.get(events.size() - 1).type()).isEqualTo("run_completed");
      assertThat(events).extracting(SseEvent::id).as("one event per seq, in order, none missing")
          .containsExactlyElementsOf(LongStream.range(0, events.size()).boxed().toList());
      assertThat(events).filteredOn(e -> e.type().equals("member_completed"))
          .as("3 analysts, 3 reviewers, the chair").hasSize(7);
      String runId = (String) JSON.readValue(events.get(0).data(), Map.class).get("runId");
      assertThat(events.get(events.size() - 1).data()).contains("[simulated]");

      HttpResponse<String> state = http.send(HttpRequest.newBuilder(uri("runs/" + runId)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(state.statusCode()).isEqualTo(200);
      assertThat(JSON.readValue(state.body(), Map.class)).containsEntry("status", "COMPLETED");
    }
  }

  @Test
  @Timeout(60)
  void aClientThatDisconnectsMidRunCancelsTheRun() throws Exception {
    String runId = null;
    try (Socket socket = new Socket(root.getHost(), root.getPort())) {
      byte[] body = "{\"question\":\"Should we adopt Kotlin?\"}".getBytes(StandardCharsets.UTF_8);
      OutputStream out = socket.getOutputStream();
      out.write(("POST /runs HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n"
          + "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(body);
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null && !field(line, "event").equals("member_completed")) {
        String data = field(line, "data");
        if (runId == null && data.startsWith("{")) {
          runId = (String) JSON.readValue(data, Map.class).get("runId");
        }
      }
      assertThat(line).as("a member finished before the client left").isNotNull();
      assertThat(runId).as("the run id, from run_started").isNotNull();
    } // the client goes away after the first answer, long before the chair's

    Result result = engine.find(runId).orElseThrow().await(Duration.ofSeconds(30));
    assertThat(result.status()).as("the application cancelled the run nobody reads").isEqualTo(RunStatus.CANCELLED);
    assertThat(result.rounds()).as("the chair was never asked").noneSatisfy(
        round -> assertThat(round.member("chair")).isPresent());
  }

  @Test
  void aPostWithoutAQuestionIsRefusedWithThePathAndWhatToSend() throws Exception {
    int before = engine.activeRuns().size();
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri("runs"))
          .header("Content-Type", "application/json").header("Accept", "text/event-stream")
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());

      assertThat(response.statusCode()).isEqualTo(400);
      assertThat(JSON.readValue(response.body(), Map.class)).containsEntry("path", "question")
          .containsEntry("code", "required");
    }
    assertThat(engine.activeRuns()).as("no run was started").hasSize(before);
  }

  private URI uri(String path) throws Exception {
    return root.toURI().resolve(path);
  }

  /** The value of SSE field {@code name} on {@code line} ({@code name:value} or {@code name: value}), or "". */
  private static String field(String line, String name) {
    if (!line.startsWith(name + ":")) {
      return "";
    }
    String value = line.substring(name.length() + 1);
    return value.startsWith(" ") ? value.substring(1) : value;
  }

  /** One Server-Sent Event: id, event, data. */
  record SseEvent(long id, String type, String data) {
    static List<SseEvent> parse(Stream<String> lines) {
      List<SseEvent> events = new ArrayList<>();
      String[] current = new String[3];
      for (String line : (Iterable<String>) lines::iterator) {
        if (line.startsWith("id:")) {
          current[0] = field(line, "id");
        } else if (line.startsWith("event:")) {
          current[1] = field(line, "event");
        } else if (line.startsWith("data:")) {
          current[2] = current[2] == null ? field(line, "data") : current[2] + "\n" + field(line, "data");
        } else if (line.isEmpty() && current[1] != null) {
          events.add(new SseEvent(Long.parseLong(current[0]), current[1], current[2]));
          current = new String[3];
        }
      }
      return events;
    }
  }
}
