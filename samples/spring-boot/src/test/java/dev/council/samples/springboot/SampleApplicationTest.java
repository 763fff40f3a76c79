package dev.council.samples.springboot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample end to end over real HTTP on a random port: start a run, watch it as Server-Sent Events to
 * its answer, resume the stream with Last-Event-ID, and a client that disconnects mid-run gets its run
 * cancelled. Offline (the simulated provider).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    // a run (three stages of member calls) lasts about 2 s, far longer than noticing a gone client (the next
    // heartbeat, 100 ms) plus the grace (100 ms), so the disconnect test does not race the run's end
    properties = {"council.providers.simulated.latency=600ms", "council.spring.sse.disconnect-grace=100ms",
        "council.spring.sse.heartbeat=100ms"})
class SampleApplicationTest {
  private static final JsonMapper JSON = JsonMapper.builder().build();
  private final HttpClient http = HttpClient.newHttpClient();

  @LocalServerPort int port;

  /** One SSE event: its id, name and JSON data. */
  record Event(String id, String name, Map<String, Object> data) {}

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + port + path);
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> json(HttpResponse<String> r) {
    return JSON.readValue(r.body(), Map.class);
  }

  private HttpResponse<String> send(HttpRequest request) throws Exception {
    return http.send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher question(String q) {
    return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of("question", q)));
  }

  /** Reads events until the stream ends or {@code limit} events were read. */
  @SuppressWarnings("unchecked")
  private static List<Event> read(BufferedReader in, int limit) throws Exception {
    List<Event> out = new ArrayList<>();
    String id = null;
    String name = null;
    String data = null;
    for (String line = in.readLine(); line != null; line = in.readLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          out.add(new Event(id, name, JSON.readValue(data, Map.class)));
          if (out.size() == limit) {
            return out;
          }
        }
        id = null;
        name = null;
        data = null;
      } else if (line.startsWith("id:")) {
        id = line.substring(3).trim();
      } else if (line.startsWith("event:")) {
        name = line.substring(6).trim();
      } else if (line.startsWith("data:")) {
        data = line.substring(5).trim();
      }
    }
    return out;
  }

  private HttpResponse<InputStream> openEvents(HttpRequest request) throws Exception {
    HttpResponse<InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    return r;
  }

  private static BufferedReader reader(HttpResponse<InputStream> r) {
    return new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
  }

  @Test
  @SuppressWarnings("unchecked")
  void startARunThenWatchItToItsAnswerAndResumeWithLastEventId() throws Exception {
    HttpResponse<String> started = send(HttpRequest.newBuilder(uri("/api/councils/advisor/runs"))
        .header("Content-Type", "application/json").POST(question("Monolith or microservices?")).build());
    assertThat(started.statusCode()).isEqualTo(202);
    String runId = (String) json(started).get("runId");
    String events = (String) json(started).get("events");

    List<Event> all;
    HttpResponse<InputStream> stream = openEvents(HttpRequest.newBuilder(uri(events)).GET().build());
    try (BufferedReader in = reader(stream)) {
      all = read(in, Integer.MAX_VALUE);
    }
    assertThat(all.getFirst().name()).isEqualTo("run_started");
    assertThat(all.getLast().name()).isEqualTo("run_completed");
    Map<String, Object> result = (Map<String, Object>) all.getLast().data().get("result");
    assertThat(result).containsEntry("status", "COMPLETED").containsEntry("runId", runId);
    assertThat((String) result.get("answer")).startsWith("[simulated]");
    assertThat(all).extracting(Event::name).contains("round_started", "member_completed");

    HttpResponse<InputStream> resumed = openEvents(HttpRequest.newBuilder(uri(events))
        .header("Last-Event-ID", all.get(5).id()).GET().build());
    try (BufferedReader in = reader(resumed)) {
      List<Event> rest = read(in, Integer.MAX_VALUE);
      assertThat(rest).extracting(Event::id)
          .containsExactlyElementsOf(all.subList(6, all.size()).stream().map(Event::id).toList());
    }

    HttpResponse<String> state = send(HttpRequest.newBuilder(uri("/api/runs/" + runId)).GET().build());
    assertThat(json(state)).containsEntry("status", "COMPLETED");
  }

  @Test
  void aClientThatDisconnectsMidRunHasItsRunCancelled() throws Exception {
    HttpResponse<InputStream> stream = openEvents(HttpRequest.newBuilder(uri("/api/councils/advisor/stream"))
        .header("Content-Type", "application/json").POST(question("Disconnect me")).build());
    String runId;
    try (BufferedReader in = reader(stream)) {
      List<Event> first = read(in, 2);
      assertThat(first.getFirst().name()).isEqualTo("run_started");
      runId = (String) first.getFirst().data().get("runId");
    } // the client goes away mid-run

    Instant deadline = Instant.now().plus(Duration.ofSeconds(20));
    String status = "RUNNING";
    while (Instant.now().isBefore(deadline) && status.equals("RUNNING")) {
      Thread.sleep(100);
      status = (String) json(send(HttpRequest.newBuilder(uri("/api/runs/" + runId)).GET().build())).get("status");
    }
    assertThat(status).isEqualTo("CANCELLED");
  }

  @Test
  @SuppressWarnings("unchecked")
  void actuatorReportsTheCouncilHealthAndTheLivePageIsServed() throws Exception {
    HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health/council")).GET().build());
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(json(health)).containsEntry("status", "UP");
    assertThat((Map<String, Object>) json(health).get("details")).containsEntry("providers", List.of("simulated"));

    HttpResponse<String> page = send(HttpRequest.newBuilder(uri("/")).GET().build());
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.body()).contains("new EventSource(");
  }
}
