package dev.council.samples.plain;

import dev.council.api.Council;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.SimulatedProvider;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

/**
 * The sample's entry point: one {@link CouncilEngine} for the whole process, the {@code advisor} council
 * from the class path on the offline {@code simulated} provider (no API keys), and a
 * {@link CouncilHttpServer} on the port given as the first argument (8080 by default; 0 picks a free
 * one). Stops the server and closes the engine on JVM shutdown.
 */
public final class PlainJavaSample {
  /** How long each simulated member call takes, so a run lasts long enough to watch (and to leave). */
  public static final Duration MEMBER_LATENCY = Duration.ofMillis(400);

  private PlainJavaSample() {}

  /**
   * Starts the server and blocks until the JVM shuts down.
   *
   * @param args optionally the port to listen on
   */
  public static void main(String[] args) throws InterruptedException {
    int port = args.length > 0 ? Integer.parseInt(args[0]) : 8080;
    CouncilEngine engine = engine(MEMBER_LATENCY);
    CouncilHttpServer server = CouncilHttpServer.start(engine, advisor(), port);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      engine.close();
      stopped.countDown();
    }, "council-sample-shutdown"));
    System.out.println("council sample listening on http://127.0.0.1:" + server.port()
        + "/  (try: curl -N -X POST -H 'Content-Type: application/json' -d '{\"question\":\"Should we adopt Kotlin?\"}'"
        + " http://127.0.0.1:" + server.port() + "/runs)");
    stopped.await();
  }

  /**
   * The application's one engine: the offline {@code simulated} provider answering after
   * {@code memberLatency}, streaming its answers word by word. Close it on shutdown.
   */
  public static CouncilEngine engine(Duration memberLatency) {
    return CouncilEngine.builder()
        .provider("simulated", SimulatedProvider.create("simulated", memberLatency, Duration.ofMillis(5)))
        .build();
  }

  /** The {@code advisor} council, read from {@code councils/advisor.json} on the class path. */
  public static Council advisor() {
    try (InputStream in = PlainJavaSample.class.getResourceAsStream("/councils/advisor.json")) {
      if (in == null) {
        throw new IllegalStateException("councils/advisor.json is missing from the class path; it ships in"
            + " src/main/resources of this sample");
      }
      return Councils.fromJson(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("could not read councils/advisor.json from the class path", e);
    }
  }
}
