package dev.council.spring.boot.autoconfigure.actuate;

import dev.council.api.MemberResult;
import dev.council.api.event.CouncilListener;
import dev.council.api.event.MemberCompleted;
import dev.council.api.event.RunCompleted;
import dev.council.api.event.RunFailed;
import dev.council.api.spi.RunInfo;
import dev.council.api.spi.RunTracer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Optional;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Run metrics in the application's Micrometer registry, as a {@link RunTracer} of the engine:
 * {@value #RUNS} (counter; tags {@code council}, {@code status}: {@code COMPLETED}, {@code FAILED},
 * {@code CANCELLED}) and {@value #MEMBER_CALLS} (timer of member latency including retries; tags
 * {@code council}, {@code member}, {@code provider}, {@code status}). Sub-council runs are counted as runs
 * of their own council. The registry is looked up when a run starts, so it may be created after the engine.
 * Thread-safe.
 */
public final class CouncilMetrics implements RunTracer {
  /** Finished runs by council and status. */
  public static final String RUNS = "council.runs";
  /** Member calls by council, member, provider and status. */
  public static final String MEMBER_CALLS = "council.member.calls";

  private final ObjectProvider<MeterRegistry> registry;

  /** @param registry the application's meter registry */
  public CouncilMetrics(ObjectProvider<MeterRegistry> registry) {
    this.registry = registry;
  }

  @Override
  public Optional<CouncilListener> attach(RunInfo run) {
    MeterRegistry r = registry.getIfAvailable();
    if (r == null) {
      return Optional.empty();
    }
    String council = run.council().id();
    return Optional.of(event -> {
      switch (event) {
        case RunCompleted e -> runFinished(r, council, e.result().status().name());
        case RunFailed e -> runFinished(r, council, e.result().status().name());
        case MemberCompleted e -> {
          MemberResult m = e.result();
          Timer.builder(MEMBER_CALLS)
              .description("Member calls of council runs, including retries")
              .tag("council", council)
              .tag("member", m.memberId())
              .tag("provider", m.provider() == null ? "none" : m.provider())
              .tag("status", m.status().name())
              .register(r)
              .record(m.latency());
        }
        default -> { }
      }
    });
  }

  private static void runFinished(MeterRegistry r, String council, String status) {
    Counter.builder(RUNS).description("Finished council runs").tag("council", council).tag("status", status)
        .register(r).increment();
  }
}
