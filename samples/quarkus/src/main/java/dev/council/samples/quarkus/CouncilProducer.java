package dev.council.samples.quarkus;

import dev.council.api.Council;
import dev.council.engine.CouncilEngine;
import dev.council.engine.json.Councils;
import dev.council.engine.provider.SimulatedProvider;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Produces the application's one {@link CouncilEngine} and the {@code advisor} council. The engine is
 * {@code @ApplicationScoped}: created on first use, shared by every request, and closed by
 * {@link #close} when the application shuts down, which ends its runs and releases its providers.
 *
 * <p>The engine runs on the offline {@code simulated} provider (no API keys); each member call takes
 * {@code council.sample.member-latency} (400 ms by default) so a run lasts long enough to watch.
 */
@ApplicationScoped
public class CouncilProducer {
  /** The engine, one per application. */
  @Produces
  @ApplicationScoped
  CouncilEngine engine(@ConfigProperty(name = "council.sample.member-latency", defaultValue = "400ms")
      Duration memberLatency) {
    return CouncilEngine.builder()
        .provider("simulated", SimulatedProvider.create("simulated", memberLatency, Duration.ofMillis(5)))
        .build();
  }

  /** Closes the engine on shutdown. */
  void close(@Disposes CouncilEngine engine) {
    engine.close();
  }

  /**
   * The {@code advisor} council, read once from {@code councils/advisor.json} on the class path. A
   * {@code @Singleton}, not {@code @ApplicationScoped}: a council is an immutable record, which needs no
   * (and, being final, cannot have a) client proxy.
   */
  @Produces
  @Singleton
  Council advisor() {
    try (InputStream in = CouncilProducer.class.getResourceAsStream("/councils/advisor.json")) {
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
