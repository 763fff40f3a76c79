package dev.council.providers.internal;

import java.io.IOException;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Parses a server-sent event stream into events: {@code event:} names the event, {@code data:} lines
 * (several per event are joined with {@code \n}) carry its payload, a blank line dispatches it, lines
 * starting with {@code :} are comments, other fields are ignored. An event still pending when the stream
 * ends is dispatched too, so a server that omits the final blank line loses nothing.
 *
 * <p>Not thread-safe; blocks like the {@link LineReader} under it.
 */
final class SseReader {
  private final LineReader lines;
  private boolean first = true;

  SseReader(LineReader lines) {
    this.lines = Objects.requireNonNull(lines, "lines");
  }

  /**
   * One server-sent event.
   *
   * @param event the event name, {@code message} when the stream gave none
   * @param data the data lines joined with {@code \n}
   */
  record Event(String event, String data) {
    Event {
      Objects.requireNonNull(event, "event");
      Objects.requireNonNull(data, "data");
    }
  }

  /** The next event, or null at the end of the stream. */
  @Nullable Event next() throws IOException {
    String event = null;
    StringBuilder data = null;
    while (true) {
      String line = lines.readLine();
      if (line == null) {
        return data == null ? null : new Event(event == null ? "message" : event, data.toString());
      }
      if (first) {
        first = false;
        if (line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
      }
      if (line.isEmpty()) {
        if (data != null) {
          return new Event(event == null ? "message" : event, data.toString());
        }
        event = null;
        continue;
      }
      if (line.startsWith(":")) {
        continue;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "event" -> event = value;
        case "data" -> {
          if (data == null) {
            data = new StringBuilder(value);
          } else {
            data.append('\n').append(value);
          }
        }
        default -> {
          // id, retry and unknown fields do not matter to a single request
        }
      }
    }
  }

  /** Reads whatever follows a terminator, so the connection can go back to the pool. */
  void drain() throws IOException {
    while (next() != null) {
      // a well-formed stream has nothing after its terminator
    }
  }
}
