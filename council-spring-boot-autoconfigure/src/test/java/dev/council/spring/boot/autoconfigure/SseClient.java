package dev.council.spring.boot.autoconfigure;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

/** A Server-Sent Events client over real HTTP, reading the wire format line by line. Not thread-safe. */
final class SseClient implements AutoCloseable {
  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** One event as it came over the wire, with its data parsed as JSON. */
  record Event(@Nullable String id, String name, Map<String, Object> data) {}

  private final HttpResponse<InputStream> response;
  private final BufferedReader reader;

  private SseClient(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  static SseClient post(String url) throws IOException, InterruptedException {
    return open(HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream")
        .POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  static SseClient get(String url, @Nullable String lastEventId) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Accept", "text/event-stream").GET();
    if (lastEventId != null) {
      b.header("Last-Event-ID", lastEventId);
    }
    return open(b.build());
  }

  private static SseClient open(HttpRequest request) throws IOException, InterruptedException {
    HttpClient client = HttpClient.newHttpClient();
    return new SseClient(client.send(request, HttpResponse.BodyHandlers.ofInputStream()));
  }

  int status() {
    return response.statusCode();
  }

  String contentType() {
    return response.headers().firstValue("Content-Type").orElse("");
  }

  /** The next event, or null at the end of the stream. Comments and {@code retry:} lines are skipped. */
  @SuppressWarnings("unchecked")
  @Nullable Event next() throws IOException {
    String id = null;
    String name = null;
    StringBuilder data = null;
    for (String line = reader.readLine(); line != null; line = reader.readLine()) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(id, name == null ? "message" : name, JSON.readValue(data.toString(), Map.class));
        }
        id = null;
        name = null;
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
      switch (field) {
        case "id" -> id = value;
        case "event" -> name = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { }
      }
    }
    return null;
  }

  /** Every event up to the end of the stream. */
  List<Event> readAll() throws IOException {
    List<Event> out = new ArrayList<>();
    for (Event e = next(); e != null; e = next()) {
      out.add(e);
    }
    return out;
  }

  /** Disconnects: the server sees the connection close. */
  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
