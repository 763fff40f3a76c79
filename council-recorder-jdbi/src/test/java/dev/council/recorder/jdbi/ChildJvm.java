package dev.council.recorder.jdbi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A child JVM running one of the tests' main classes, to be killed with SIGKILL mid-run. Public for other
 * modules' crash tests (this module's test-jar).
 */
public final class ChildJvm {
  /** How long the tests wait for a child to reach a point, or to die. */
  public static final Duration WAIT = Duration.ofSeconds(40);
  /** The exit value of a process killed by SIGKILL. */
  public static final int SIGKILL_EXIT = 128 + 9;

  private ChildJvm() {}

  /** Starts {@code main} with {@code args} on this test's class path, its output (and errors) to {@code output}. */
  public static Process start(Class<?> main, Path output, String... args) throws IOException {
    String java = ProcessHandle.current().info().command().orElseThrow(
        () -> new AssertionError("cannot tell which java binary runs this test"));
    List<String> command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
  }

  /** Polls until {@code condition}; fails with the child's output when it dies first or {@link #WAIT} runs out. */
  public static void waitFor(Process child, Path output, String what, BooleanSupplier condition)
      throws IOException, InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (!child.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError((child.isAlive() ? "timed out after " + WAIT : "the child process exited with "
            + child.exitValue()) + " waiting for " + what + "; its output:\n"
            + Files.readString(output, StandardCharsets.UTF_8));
      }
      Thread.sleep(20);
    }
  }

  /** How many journal rows run {@code runId} has in {@code tables}. */
  static long journalRows(MigratedTables tables, String runId) {
    return tables.jdbi().withHandle(h -> h.createQuery(
        "SELECT count(*) FROM " + tables.prefix() + "member_calls WHERE run_id = :runId")
        .bind("runId", runId).mapTo(Long.class).one());
  }
}
