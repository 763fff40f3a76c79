package dev.council.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseReaderTest {

  private static List<SseReader.Event> events(String text) throws IOException {
    SseReader reader = new SseReader(new LineReader(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
    List<SseReader.Event> out = new ArrayList<>();
    for (SseReader.Event e = reader.next(); e != null; e = reader.next()) {
      out.add(e);
    }
    return out;
  }

  @Test
  void namedAndUnnamedEventsAreDispatchedAtBlankLines() throws IOException {
    assertThat(events("event: ping\ndata: {}\n\ndata: {\"a\":1}\n\n")).containsExactly(
        new SseReader.Event("ping", "{}"), new SseReader.Event("message", "{\"a\":1}"));
  }

  @Test
  void multiLineDataIsJoinedWithLineFeeds() throws IOException {
    assertThat(events("data: first\r\ndata:second\r\ndata:  third\r\n\r\n")).containsExactly(
        new SseReader.Event("message", "first\nsecond\n third"));
  }

  @Test
  void commentsIdsRetriesAndEmptyEventsAreSkipped() throws IOException {
    assertThat(events(": OPENROUTER PROCESSING\n\nid: 7\nretry: 100\n\nevent: x\n\ndata: y\n\n")).containsExactly(
        new SseReader.Event("message", "y"));
  }

  @Test
  void anEventNameDoesNotLeakIntoTheNextEvent() throws IOException {
    assertThat(events("event: a\ndata: 1\n\ndata: 2\n\n")).extracting(SseReader.Event::event)
        .containsExactly("a", "message");
  }

  @Test
  void pendingEventIsDispatchedAtTheEndOfTheStream() throws IOException {
    assertThat(events("data: [DONE]")).containsExactly(new SseReader.Event("message", "[DONE]"));
  }

  @Test
  void byteOrderMarkAndFieldWithoutColonAreHandled() throws IOException {
    assertThat(events("\uFEFFdata: a\n\ndata\n\n")).containsExactly(new SseReader.Event("message", "a"),
        new SseReader.Event("message", ""));
  }
}
