package dev.council.spring.boot.autoconfigure.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.Council;
import dev.council.api.Member;
import dev.council.api.config.CouncilConfig;
import dev.council.api.event.CouncilEvent;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import dev.council.engine.provider.MockProvider;
import dev.council.engine.provider.MockScript;
import dev.council.spring.boot.autoconfigure.CouncilProperties;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A viewer counts as active for {@link RunEventStreams#awaitViewers} until its {@code end()} returned, so
 * a web stack that writes the end of a response after {@code end()} asked for it (Spring MVC completes an
 * {@code SseEmitter} on a container thread) is waited for before the web server stops.
 */
class RunEventStreamsTest {
  private final MockProvider mock = MockProvider.create("mock");
  private final CouncilEngine engine = CouncilEngine.builder().config(CouncilConfig.empty())
      .provider("mock", mock).build();
  private final RunEventStreams streams = new RunEventStreams(engine,
      new CouncilProperties.Sse(true, Duration.ofSeconds(3), Duration.ofMinutes(30), Duration.ofSeconds(15),
          Duration.ofSeconds(1), 1000, Duration.ofSeconds(60)));

  @AfterEach
  void close() {
    engine.close();
  }

  @Test
  void aViewerWhoseResponseIsStillBeingWrittenKeepsAwaitViewersWaiting() throws Exception {
    mock.script("a", MockScript.content("answer"));
    Council council = Council.builder("one").member(Member.builder("a").role("Analyst").systemPrompt("Answer.")
        .provider("mock").model("m").build()).round("independent_analysis").build();
    List<String> seen = new CopyOnWriteArrayList<>();
    CountDownLatch endAsked = new CountDownLatch(1);
    CompletableFuture<Void> responseWritten = new CompletableFuture<>();

    RunHandle handle = streams.start(council, Map.of("question", "q?"), RunOptions.DEFAULTS);
    streams.follow(handle.runId(), -1, new RunEventStreams.Viewer() {
      @Override
      public void event(CouncilEvent event) {
        seen.add(event.type());
      }

      @Override
      public void stopped(String runId, Throwable cause) {
        seen.add("stopped");
      }

      @Override
      public void heartbeat() {}

      @Override
      public void end() {
        endAsked.countDown();
        RunEventStreams.awaitResponse(responseWritten);
      }
    });
    handle.await(Duration.ofSeconds(10));
    assertThat(endAsked.await(10, TimeUnit.SECONDS)).as("the viewer's stream ended").isTrue();

    assertThat(streams.awaitViewers(Duration.ofMillis(200)))
        .as("the response is still being written: the viewer still counts").isFalse();
    responseWritten.complete(null);
    assertThat(streams.awaitViewers(Duration.ofSeconds(10))).as("written: the viewer is done").isTrue();
    assertThat(seen).startsWith("run_started").endsWith("run_completed");
  }

  @Test
  void awaitResponseReturnsWhenInterruptedKeepingTheInterruptAndWhenTheResponseFailed() {
    Thread.currentThread().interrupt();
    RunEventStreams.awaitResponse(new CompletableFuture<>());
    assertThat(Thread.interrupted()).as("the interrupt is kept").isTrue();

    RunEventStreams.awaitResponse(CompletableFuture.failedFuture(new IllegalStateException("client left")));
  }
}
