package dev.council.server;

import dev.council.engine.json.JsonOutput;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** A Server-Sent Events client over java.net.http: reads one message at a time; closing drops the connection. */
final class Sse implements AutoCloseable {
  /** One message: its id (or null), its event name ({@code message} when unnamed) and its data. */
  record Message(@Nullable String id, String event, String data) {
    @SuppressWarnings("unchecked")
    Map<String, Object> json() {
      return (Map<String, Object>) JsonOutput.parse(data);
    }

    long seq() {
      return ((Number) json().get("seq")).longValue();
    }
  }

  final HttpResponse<InputStream> response;
  private final BufferedReader reader;

  private Sse(HttpResponse<InputStream> response) {
    this.response = response;
    this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
  }

  static Sse open(Fixture f, String runId, @Nullable Long lastEventId) throws IOException, InterruptedException {
    HttpRequest.Builder b = f.request("/v1/runs/" + runId + "/events").header("Accept", "text/event-stream");
    if (lastEventId != null) {
      b.header("Last-Event-ID", Long.toString(lastEventId));
    }
    return new Sse(f.http.send(b.GET().build(), HttpResponse.BodyHandlers.ofInputStream()));
  }

  /** The next message (comments and the retry field skipped), or null at the end of the stream. */
  @Nullable Message next() throws IOException {
    return next(reader);
  }

  /** The next message read from {@code reader}, or null at the end of the stream. */
  static @Nullable Message next(BufferedReader reader) throws IOException {
    String id = null;
    String event = "message";
    StringBuilder data = null;
    String line;
    while ((line = reader.readLine()) != null) {
      if (line.isEmpty()) {
        if (data != null) {
          return new Message(id, event, data.toString());
        }
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).stripLeading();
      switch (field) {
        case "id" -> id = value;
        case "event" -> event = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> { }
      }
    }
    return null;
  }

  @Override
  public void close() throws IOException {
    response.body().close();
  }
}
