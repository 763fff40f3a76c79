package dev.council.pubsub.hazelcast;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ClusterNodeMain} in a separate JVM, driven over its standard input and output. Published in this
 * module's test jar for other modules' cluster tests. Not thread-safe: one test thread drives a node.
 */
public final class NodeProcess implements AutoCloseable {
  /** The JVM flags Hazelcast wants on JDK 23+ (see the build notes); the first exists only there. */
  private static final List<String> HAZELCAST_FLAGS = List.of("--add-modules", "java.se",
      "--add-exports", "java.base/jdk.internal.ref=ALL-UNNAMED",
      "--add-opens", "java.base/java.lang=ALL-UNNAMED",
      "--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED",
      "--add-opens", "java.management/sun.management=ALL-UNNAMED",
      "--add-opens", "jdk.management/com.sun.management.internal=ALL-UNNAMED");

  private final Process process;
  private final PrintWriter commands;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

  private NodeProcess(Process process) {
    this.process = process;
    this.commands = new PrintWriter(process.outputWriter(StandardCharsets.UTF_8), true);
    Thread.ofPlatform().daemon().name("node-" + process.pid() + "-out").start(() -> {
      try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
          StandardCharsets.UTF_8))) {
        for (String line = out.readLine(); line != null; line = out.readLine()) {
          lines.add(line);
        }
      } catch (IOException e) {
        lines.add("output closed: " + e);
      }
    });
  }

  /** Starts a node with these configuration keys; its log goes to {@code log}. Waits until it is ready. */
  public static NodeProcess start(Map<String, String> config, File log) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElse("java"));
    if (Runtime.version().feature() >= 23) {
      command.add("--sun-misc-unsafe-memory-access=allow");
    }
    command.addAll(HAZELCAST_FLAGS);
    command.add("-Xmx256m");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ClusterNodeMain.class.getName());
    config.forEach((k, v) -> command.add(k + "=" + v));
    log.getParentFile().mkdirs();
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.to(log)).start();
    NodeProcess node = new NodeProcess(p);
    node.expect("ready", Duration.ofSeconds(60));
    return node;
  }

  /** Sends a command and waits for the answer line starting with {@code answer}. */
  public void command(String command, String answer) {
    commands.println(command);
    expect(answer, Duration.ofSeconds(30));
  }

  private void expect(String prefix, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        if (line == null) {
          throw new AssertionError("node " + process.pid() + " did not print '" + prefix + "' within " + timeout
              + (process.isAlive() ? "" : "; it exited with " + process.exitValue()));
        }
        if (line.startsWith(prefix)) {
          return;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** The node's process id. */
  public long pid() {
    return process.pid();
  }

  /**
   * Sends the node's JVM a signal with {@code kill -SIGNAL} ({@code STOP} pauses it, {@code CONT} resumes
   * it). Does nothing once the node exited.
   */
  public void signal(String signal) {
    if (!process.isAlive()) {
      return;
    }
    try {
      Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
      if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
        throw new AssertionError("kill -" + signal + " " + process.pid() + " failed");
      }
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  /** Kills the node's JVM at once (SIGKILL on Linux) and waits until it is gone. Idempotent. */
  public void kill() {
    try {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Asks the node to close its engine and exit; kills it if it does not within 20 s. */
  @Override
  public void close() {
    if (process.isAlive()) {
      commands.println("quit");
      try {
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
      }
    }
  }
}
