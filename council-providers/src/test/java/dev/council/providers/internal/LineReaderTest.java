package dev.council.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineReaderTest {

  /** Hands out the bytes in reads of at most {@code step} bytes, like a network stream. */
  private static InputStream trickle(byte[] bytes, int step) {
    return new InputStream() {
      private int pos;

      @Override
      public int read() {
        return pos < bytes.length ? bytes[pos++] & 0xFF : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (pos >= bytes.length) {
          return -1;
        }
        int n = Math.min(Math.min(len, step), bytes.length - pos);
        System.arraycopy(bytes, pos, b, off, n);
        pos += n;
        return n;
      }
    };
  }

  private static List<String> lines(InputStream in) throws IOException {
    LineReader reader = new LineReader(in);
    List<String> out = new ArrayList<>();
    for (String l = reader.readLine(); l != null; l = reader.readLine()) {
      out.add(l);
    }
    return out;
  }

  @Test
  void everyLineEndingAndEverySplitGivesTheSameLines() throws IOException {
    byte[] text = "a1\r\nb2\nc3\rd4\r\n\r\nü€😀\n\nlast".getBytes(StandardCharsets.UTF_8);
    for (int step = 1; step <= text.length; step++) {
      assertThat(lines(trickle(text, step))).as("reads of %d bytes", step)
          .containsExactly("a1", "b2", "c3", "d4", "", "ü€😀", "", "last");
    }
  }

  @Test
  void carriageReturnAtTheEndOfOneReadAndLineFeedAtTheStartOfTheNextAreOneBreak() throws IOException {
    byte[] text = "one\r\ntwo\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(lines(trickle(text, 4))).containsExactly("one", "two");
  }

  @Test
  void emptyStreamHasNoLines() throws IOException {
    assertThat(lines(new ByteArrayInputStream(new byte[0]))).isEmpty();
  }

  @Test
  void trailingLineBreakDoesNotAddAnEmptyLine() throws IOException {
    assertThat(lines(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.US_ASCII)))).containsExactly("x");
  }

  @Test
  void longLinesGrowTheBuffer() throws IOException {
    char[] chars = new char[100_000];
    Arrays.fill(chars, 'z');
    String longLine = new String(chars);
    assertThat(lines(trickle((longLine + "\nend").getBytes(StandardCharsets.US_ASCII), 8192)))
        .containsExactly(longLine, "end");
  }

  @Test
  void interruptedThreadStopsReading() {
    LineReader reader = new LineReader(new ByteArrayInputStream("x\n".getBytes(StandardCharsets.US_ASCII)));
    Thread.currentThread().interrupt();
    try {
      assertThatThrownBy(reader::readLine).isInstanceOf(InterruptedIOException.class);
    } finally {
      assertThat(Thread.interrupted()).as("the interrupt status is kept").isTrue();
    }
  }
}
