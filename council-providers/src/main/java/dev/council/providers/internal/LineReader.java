package dev.council.providers.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads UTF-8 lines from a byte stream, ending at {@code \r\n}, {@code \n} or {@code \r}, however the
 * bytes are split across reads (a {@code \r} at the end of one read and a {@code \n} at the start of the
 * next make one line break; a multi-byte character may span reads). The last line needs no line break.
 *
 * <p>Not thread-safe: one reader per stream, used by the thread that reads the response. Blocks in
 * {@link InputStream#read}; throws {@link InterruptedIOException} when the reading thread is interrupted.
 */
final class LineReader {
  /** Longer lines are a broken or hostile server, not a model response. */
  static final int MAX_LINE_BYTES = 16 * 1024 * 1024;

  private final InputStream in;
  private final byte[] buffer = new byte[8192];
  private int pos;
  private int limit;
  private byte[] line = new byte[256];
  private int lineLength;
  private boolean skipLf;
  private boolean eof;

  LineReader(InputStream in) {
    this.in = Objects.requireNonNull(in, "in");
  }

  /** The next line without its terminator, or null at the end of the stream. */
  @Nullable String readLine() throws IOException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedIOException("interrupted while reading the response");
    }
    lineLength = 0;
    while (true) {
      if (pos == limit) {
        if (eof || !fill()) {
          eof = true;
          return lineLength > 0 ? take() : null;
        }
      }
      byte b = buffer[pos++];
      if (skipLf) {
        skipLf = false;
        if (b == '\n') {
          continue;
        }
      }
      if (b == '\n') {
        return take();
      }
      if (b == '\r') {
        skipLf = true;
        return take();
      }
      append(b);
    }
  }

  private boolean fill() throws IOException {
    int n = in.read(buffer, 0, buffer.length);
    if (n <= 0) {
      return false;
    }
    pos = 0;
    limit = n;
    return true;
  }

  private void append(byte b) throws IOException {
    if (lineLength == line.length) {
      if (line.length >= MAX_LINE_BYTES) {
        throw new IOException("a line of the response is longer than " + MAX_LINE_BYTES + " bytes");
      }
      line = Arrays.copyOf(line, Math.min(MAX_LINE_BYTES, line.length * 2));
    }
    line[lineLength++] = b;
  }

  private String take() {
    String s = new String(line, 0, lineLength, StandardCharsets.UTF_8);
    lineLength = 0;
    return s;
  }
}
