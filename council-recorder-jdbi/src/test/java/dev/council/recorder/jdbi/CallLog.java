package dev.council.recorder.jdbi;

import dev.council.api.Usage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A file with one line per provider call, {@code <memberId> <roundIndex>}, appended and forced to disk
 * before the call is answered, so the calls of a process survive its SIGKILL. Shared by the process
 * that is killed and the one that resumes its run. Thread-safe within one process. Public for other
 * modules' crash tests (this module's test-jar).
 */
public final class CallLog {
  private final Path file;

  public CallLog(Path file) {
    this.file = file;
  }

  /**
   * A mock provider that logs every call, then answers {@code "<member> in round <i> from process
   * <pid>"}; when {@code blocked} names a call ({@code "c 1"}), that call never returns.
   */
  public MockProvider provider(String blocked) {
    return provider(blocked, null);
  }

  /**
   * As {@link #provider(String)}, and when {@code gate} is given, calls after the first round are logged
   * but not answered until that file exists.
   */
  public MockProvider provider(String blocked, @org.jspecify.annotations.Nullable Path gate) {
    long pid = ProcessHandle.current().pid();
    return MockProvider.create("mock").fallback(MockScript.respond((ChatRequest request) -> {
      String call = request.context().memberId() + " " + request.context().roundIndex();
      append(call);
      if (call.equals(blocked)) {
        blockForever();
      }
      if (gate != null && request.context().roundIndex() > 0) {
        while (!Files.exists(gate)) {
          try {
            Thread.sleep(10);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new dev.council.api.provider.ProviderException(dev.council.api.ErrorKind.CANCELLED, "interrupted");
          }
        }
      }
      return ChatResponse.of(request.context().memberId() + " in round " + request.context().roundIndex()
          + " from process " + pid, Usage.of(12, 5));
    }));
  }

  /** The calls logged so far, in order. */
  public List<String> calls() {
    try {
      return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** How many times each call was logged. */
  public Map<String, Long> counts() {
    return calls().stream().collect(Collectors.groupingBy(c -> c, java.util.TreeMap::new, Collectors.counting()));
  }

  private synchronized void append(String line) {
    try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      out.write(ByteBuffer.wrap((line + "\n").getBytes(StandardCharsets.UTF_8)));
      out.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void blockForever() {
    try {
      Thread.sleep(Long.MAX_VALUE);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new dev.council.api.provider.ProviderException(dev.council.api.ErrorKind.CANCELLED, "interrupted");
    }
  }
}
