package dev.council.spring.boot.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.Result;
import dev.council.api.RunStatus;
import dev.council.api.Usage;
import dev.council.api.provider.ChatResponse;
import dev.council.api.spi.RunOutcome;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.local.MemoryRecorder;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.spring.boot.autoconfigure.app.TestApplication;
import dev.council.spring.boot.autoconfigure.reactiveapp.ReactiveTestApplication;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closing the application context drains the engine for {@code council.shutdown.drain}: a run in flight
 * that finishes within it completes, one that does not is stopped as resumable and another engine
 * finishes it from the journal; meanwhile the SSE helpers answer {@code 503} to new runs.
 */
class ContextDrainTest {
  static final MemoryRecorder RECORDER = new MemoryRecorder();
  static final CountDownLatch RELEASE_QUICK = new CountDownLatch(1);

  @SpringBootConfiguration
  @EnableAutoConfiguration
  static class DrainApp {
    @org.springframework.context.annotation.Bean
    MockProvider mock() {
      MockProvider mock = MockProvider.create("mock");
      mock.script("q", MockScript.respond(request -> {
        try {
          RELEASE_QUICK.await(20, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return ChatResponse.of("q answered during the drain", Usage.ZERO);
      }));
      mock.script("a", MockScript.content("a answered before the shutdown"));
      mock.script("s", MockScript.blockUntilInterrupted());
      return mock;
    }

    @org.springframework.context.annotation.Bean
    MemoryRecorder recorder() {
      return RECORDER;
    }
  }

  static Member member(String id) {
    return Member.builder(id).role("Analyst").systemPrompt("Answer.").provider("mock").model("m").build();
  }

  @Test
  void closingTheContextLetsARunFinishWithinTheDrainAndStopsTheRestResumably() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(DrainApp.class)
        .web(WebApplicationType.NONE)
        .properties("council.shutdown.drain=1500ms", "spring.datasource.url=", "spring.autoconfigure.exclude="
            + "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
        .run();
    CouncilEngine engine = context.getBean(CouncilEngine.class);
    MockProvider mock = context.getBean(MockProvider.class);
    Council quick = Council.builder("quick").member(member("q")).round("independent_analysis").build();
    Council slow = Council.builder("slow").member(member("a")).member(member("s")).round("independent_analysis")
        .chair(member("chair")).build();
    RunHandle finishing = engine.start(quick, Map.of("question", "q?"));
    RunHandle stopped = engine.start(slow, Map.of("question", "s?"), RunOptions.builder().runId("drained").build());
    long deadline = System.nanoTime() + 10_000_000_000L;
    while ((mock.calls("q") < 1 || mock.calls("s") < 1 || RECORDER.journal().find(
        new dev.council.api.spi.CallKey("drained", 0, 0, "a")).isEmpty()) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    long closingStarted = System.nanoTime();
    CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
    deadline = System.nanoTime() + 10_000_000_000L;
    boolean refused = false;
    while (!refused && System.nanoTime() < deadline) {
      try {
        engine.start(quick, Map.of("question", "late"));
        Thread.sleep(10);
      } catch (IllegalStateException e) {
        refused = true;
      }
    }
    assertThat(refused).as("new runs are refused once the context closes").isTrue();
    RELEASE_QUICK.countDown();
    closing.get(20, TimeUnit.SECONDS);
    long closedAfterMs = (System.nanoTime() - closingStarted) / 1_000_000;

    Result r = finishing.await(Duration.ofSeconds(1));
    assertThat(r.status()).isEqualTo(RunStatus.COMPLETED);
    assertThat(r.rounds().get(0).member("q").orElseThrow().content()).isEqualTo("q answered during the drain");
    assertThat(closedAfterMs).as("the context waited for the drain before stopping the slow run")
        .isGreaterThanOrEqualTo(1400);
    assertThat(RECORDER.outcome("drained")).hasValueSatisfying(o -> {
      assertThat(o).isInstanceOf(RunOutcome.Stopped.class);
      assertThat(((RunOutcome.Stopped) o).resumable()).isTrue();
    });
    assertThatThrownBy(() -> stopped.await(Duration.ofSeconds(1))).isInstanceOf(RuntimeException.class);

    MockProvider next = MockProvider.create("mock");
    next.script("s", MockScript.content("s answered on the next engine"));
    next.script("chair", MockScript.content("final"));
    try (CouncilEngine restarted = CouncilEngine.builder().config(dev.council.api.config.CouncilConfig.empty())
        .provider("mock", next).recorder(RECORDER).build()) {
      Result resumed = restarted.resume("drained").await(Duration.ofSeconds(10));
      assertThat(resumed.status()).isEqualTo(RunStatus.COMPLETED);
      assertThat(resumed.answer()).isEqualTo("final");
      assertThat(next.calls("a")).as("a's finished call is not paid again").isZero();
    }
  }

  @Test
  void aRunStreamingOverSseWhenTheApplicationStopsFinishesAndItsClientSeesTheEnd() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(
        dev.council.spring.boot.autoconfigure.app.TestApplication.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "council.providers.sim.type=simulated", "council.providers.sim.latency=700ms",
            "council.shutdown.drain=15s",
            // without the web server's own graceful wait: the drain alone keeps the stream going
            "server.shutdown=immediate")
        .run();
    int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context)
        .getWebServer().getPort();
    try (SseClient sse = SseClient.post("http://127.0.0.1:" + port + "/councils/panel/runs?question=q")) {
      SseClient.Event started = sse.next();
      assertThat(started.name()).isEqualTo("run_started");

      CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
      // read up to the terminal event, as EventSource clients do (the server stops right after it)
      SseClient.Event last = started;
      for (SseClient.Event e = sse.next(); e != null; e = sse.next()) {
        last = e;
        if (e.name().equals("run_completed") || e.name().equals("run_failed") || e.name().equals("run_stopped")) {
          break;
        }
      }

      assertThat(last.name()).as("the engine drained before the web server stopped").isEqualTo("run_completed");
      closing.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void aRunStillStreamingWhenTheDrainIsUpEndsItsSseStreamWithRunStopped() throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(
        dev.council.spring.boot.autoconfigure.app.TestApplication.class)
        .web(WebApplicationType.SERVLET)
        .properties("server.port=0", "council.providers.sim.type=simulated", "council.providers.sim.latency=20s",
            "council.shutdown.drain=300ms", "server.shutdown=immediate")
        .run();
    int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context)
        .getWebServer().getPort();
    try (SseClient sse = SseClient.post("http://127.0.0.1:" + port + "/councils/panel/runs?question=q")) {
      SseClient.Event started = sse.next();
      assertThat(started.name()).isEqualTo("run_started");

      CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
      SseClient.Event last = started;
      for (SseClient.Event e = sse.next(); e != null; e = sse.next()) {
        last = e;
        if (e.name().equals("run_stopped") || e.name().equals("run_completed") || e.name().equals("run_failed")) {
          break;
        }
      }

      assertThat(last.name()).isEqualTo("run_stopped");
      assertThat(last.data()).containsEntry("runId", started.data().get("runId"));
      closing.get(30, TimeUnit.SECONDS);
    }
  }

  @Test
  void startingARunThroughTheMvcHelperWhileTheEngineDrainsIs503() throws Exception {
    assertStartingARunWhileTheEngineDrainsIs503(TestApplication.class, WebApplicationType.SERVLET);
  }

  @Test
  void startingARunThroughTheWebFluxHelperWhileTheEngineDrainsIs503() throws Exception {
    assertStartingARunWhileTheEngineDrainsIs503(ReactiveTestApplication.class, WebApplicationType.REACTIVE);
  }

  /** While a run in flight keeps the engine draining, the web server is up and refuses new runs. */
  private static void assertStartingARunWhileTheEngineDrainsIs503(Class<?> application, WebApplicationType web)
      throws Exception {
    ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
        .web(web)
        .properties("server.port=0", "council.providers.sim.type=simulated", "council.providers.sim.latency=1s",
            "council.shutdown.drain=15s", "server.shutdown=immediate")
        .run();
    int port = ((org.springframework.boot.web.server.context.WebServerApplicationContext) context)
        .getWebServer().getPort();
    String runs = "http://127.0.0.1:" + port + "/councils/panel/runs?question=q";
    try (SseClient inFlight = SseClient.post(runs)) {
      assertThat(inFlight.next().name()).isEqualTo("run_started");

      CompletableFuture<Void> closing = CompletableFuture.runAsync(context::close);
      int status = 0;
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (status != 503 && System.nanoTime() < deadline) {
        try (SseClient late = SseClient.post(runs)) {
          status = late.status();
        }
        Thread.sleep(10);
      }

      assertThat(status).as("a run started while the engine drains is refused").isEqualTo(503);
      assertThat(inFlight.readAll().getLast().name()).as("the run in flight drains")
          .isEqualTo("run_completed");
      closing.get(30, TimeUnit.SECONDS);
    }
  }
}
