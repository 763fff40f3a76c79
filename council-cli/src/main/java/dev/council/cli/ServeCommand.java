package dev.council.cli;

import dev.council.api.CouncilException;
import dev.council.api.ErrorKind;
import dev.council.api.config.CouncilConfig;
import dev.council.engine.CouncilEngine;
import dev.council.server.CouncilServer;
import dev.council.server.JdbiPastRuns;
import dev.council.server.PastRuns;
import dev.council.server.ProviderCheck;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code council serve}: the HTTP API and the web page over one engine, until Ctrl-C (or, when called in
 * process, until the calling thread is interrupted). One instance per invocation.
 */
@Command(name = "serve", mixinStandardHelpOptions = true, versionProvider = Version.class,
    description = {
        "Serves the councils of a folder over HTTP: a JSON API with live Server-Sent Events (start, list,"
            + " watch, cancel and terminate runs) and a web page to ask a council and watch it answer."
            + " Listens on 127.0.0.1 unless council.server.bind says otherwise (then COUNCIL_SERVER_TOKEN is"
            + " required). With council.recorder=jdbi the page and the API also show past runs. See docs/server.md."},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:the server was stopped", "2:bad usage, a missing councils folder, an unusable configuration,"
        + " or the port cannot be bound"})
final class ServeCommand implements Callable<Integer> {
  private static final java.time.Duration SHUTDOWN_WAIT = java.time.Duration.ofSeconds(10);

  private final CliContext ctx;

  @Option(names = "--port", paramLabel = "PORT",
      description = "The port to listen on (default: council.server.port, else 8787; 0 picks a free one).")
  @Nullable Integer port;

  @Option(names = "--bind", paramLabel = "ADDRESS",
      description = "The address to listen on (default: council.server.bind, else 127.0.0.1).")
  @Nullable String bind;

  @Option(names = "--councils", paramLabel = "DIR",
      description = "The folder of council files (NAME.json, served as NAME). Default: ./councils.")
  Path councils = Path.of("councils");

  @Option(names = "--config", paramLabel = "FILE",
      description = "A properties file with council.* settings (providers, council.server.*, recorder, cluster).")
  @Nullable Path config;

  ServeCommand(CliContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public Integer call() {
    if (!Files.isDirectory(councils)) {
      throw new CouncilException(ErrorKind.VALIDATION, "no councils folder at " + councils.toAbsolutePath()
          + ": pass --councils DIR, a folder of council files (e.g. --councils examples)");
    }
    CouncilConfig cfg = CouncilFiles.config(config, ctx.env());
    CountDownLatch closed = new CountDownLatch(1);
    PastRuns pastRuns = null;
    try (CouncilEngine engine = CouncilEngine.builder().config(ctx.shareTelemetry(cfg)).classLoader(ctx.classLoader())
        .build()) {
      // past runs are read through the engine's own jdbi recorder: its pool, no second set of credentials
      pastRuns = cfg.getString("council.recorder", "none").equals("jdbi") ? JdbiPastRuns.from(engine) : null;
      // like council run: a council none of whose providers has its API key here runs on the simulated one
      CouncilServer.Builder b = CouncilServer.builder(engine).councils(councils).pastRuns(pastRuns)
          .providerCheck(ProviderCheck.factories(cfg, ctx.classLoader())).offlineFallback(true);
      if (port != null) {
        b.port(port);
      }
      if (bind != null) {
        b.bind(bind);
      }
      CountDownLatch stopped = new CountDownLatch(1);
      try (CouncilServer server = b.start()) {
        // the notices come first: whoever waits for the "listening" line has seen them by then
        server.offlineNotices().forEach(ctx.err()::println);
        ctx.err().flush();
        ctx.out().println("council server listening on " + server.url() + "/ (councils from " + councils
            + (pastRuns == null ? "" : "; past runs from the recorder") + "). Ctrl-C stops it.");
        ctx.out().flush();
        if (ctx.handleSignals()) {
          Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            stopped.countDown();
            awaitQuietly(closed);
          }, "council-serve-stop"));
        }
        stopped.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return CouncilCli.OK;
    } finally {
      if (pastRuns != null) {
        pastRuns.close();
      }
      closed.countDown();
    }
  }

  /** Lets a shutdown hook wait (briefly) until the server and engine are closed. */
  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(SHUTDOWN_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
