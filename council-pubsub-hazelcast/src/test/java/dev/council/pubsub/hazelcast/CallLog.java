package dev.council.pubsub.hazelcast;

import dev.council.api.ErrorKind;
import dev.council.api.Usage;
import dev.council.api.provider.ChatRequest;
import dev.council.api.provider.ChatResponse;
import dev.council.api.provider.ProviderException;
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
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A file with one line per provider call, {@code <memberId> <roundIndex>}, appended and forced to disk
 * before the call is answered, so the calls of a process survive its SIGKILL. Shared by the process that
 * is killed and the one that adopts its run. Thread-safe within one process.
 */
final class CallLog {
  private final Path file;

  CallLog(Path file) {
    this.file = file;
  }

  /**
   * A mock provider that logs every call, then answers {@code "<member> in round <i>"}; when {@code
   * blockAfterFirstRound}, calls of later rounds are logged but block until interrupted.
   */
  MockProvider provider(boolean blockAfterFirstRound) {
    return MockProvider.create("mock").fallback(MockScript.respond((ChatRequest request) -> {
      int round = request.context().roundIndex();
      append(request.context().memberId() + " " + round);
      if (blockAfterFirstRound && round > 0) {
        try {
          Thread.sleep(Long.MAX_VALUE);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProviderException(ErrorKind.CANCELLED, "interrupted");
        }
      }
      return ChatResponse.of(request.context().memberId() + " in round " + round, Usage.of(12, 5));
    }));
  }

  /**
   * A mock provider that logs every call as {@code <member> <roundIndex> <runId>} (see {@link
   * #counts(String)}), then answers {@code "<member> in round <i> by <tag>"}; calls of later rounds take
   * {@code laterRounds} (an interrupt ends them).
   */
  MockProvider provider(java.time.Duration laterRounds, String tag) {
    return MockProvider.create("mock").fallback(MockScript.respond((ChatRequest request) -> {
      int round = request.context().roundIndex();
      append(request.context().memberId() + " " + round + " " + request.context().runId());
      if (round > 0) {
        try {
          Thread.sleep(laterRounds);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new ProviderException(ErrorKind.CANCELLED, "interrupted");
        }
      }
      return ChatResponse.of(request.context().memberId() + " in round " + round + " by " + tag, Usage.of(12, 5));
    }));
  }

  /** How many times each call of {@code runId} was logged by a {@link #provider(java.time.Duration, String)}. */
  Map<String, Long> counts(String runId) {
    String suffix = " " + runId;
    Map<String, Long> out = new TreeMap<>();
    counts().forEach((call, n) -> {
      if (call.endsWith(suffix)) {
        out.put(call.substring(0, call.length() - suffix.length()), n);
      }
    });
    return out;
  }

  /** How many times each call was logged. */
  Map<String, Long> counts() {
    try {
      List<String> calls = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8) : List.of();
      return calls.stream().collect(Collectors.groupingBy(c -> c, TreeMap::new, Collectors.counting()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private synchronized void append(String call) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND)) {
      ch.write(ByteBuffer.wrap((call + "\n").getBytes(StandardCharsets.UTF_8)));
      ch.force(true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
