package dev.council.docs;

import dev.council.api.Budget;
import dev.council.api.Council;
import dev.council.api.FailureMode;
import dev.council.api.RetryPolicy;
import dev.council.api.Verbosity;
import dev.council.api.event.CouncilEvent;
import dev.council.engine.CouncilEngine;
import dev.council.engine.RunGroup;
import dev.council.engine.RunHandle;
import dev.council.engine.RunOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** docs/running.md: the async shape, SSE, polling, cancel, groups, verbose output. */
final class RunningInApps {
  private final CouncilEngine engine;
  private final Council advisor;

  RunningInApps(CouncilEngine engine, Council advisor) {
    this.engine = engine;
    this.advisor = advisor;
  }

  RunHandle subscribeBeforeStart(Council council, String q, Consumer<CouncilEvent> sink) {
    RunHandle h = engine.start(council, Map.of("question", q), RunOptions.builder()
        .listener(event -> sink.accept(event))
        .build());
    return h;
  }

  @PostMapping(path = "/councils/advisor/runs", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter ask(@RequestParam String question) {
    SseEmitter sse = new SseEmitter(Duration.ofMinutes(10).toMillis());
    RunHandle h = engine.start(advisor, Map.of("question", question), RunOptions.builder()
        .listener(event -> {
          try {
            sse.send(SseEmitter.event().name(event.type()).id(Long.toString(event.seq())).data(summary(event)));
            if (event.terminal()) {
              sse.complete();
            }
          } catch (IOException clientGone) {
            sse.completeWithError(clientGone);
          }
        })
        .build());
    sse.onTimeout(h::cancel);           // the client gave up: stop paying for tokens
    return sse;
  }

  private static String summary(CouncilEvent event) {
    return event.type() + " #" + event.seq();
  }

  @PostMapping("/runs")
  Map<String, String> start(@RequestParam String question) {
    RunHandle h = engine.start(advisor, Map.of("question", question));
    return Map.of("runId", h.runId(), "status", "running");
  }

  @GetMapping("/runs/{id}")
  ResponseEntity<?> state(@PathVariable String id) {
    return engine.find(id)
        .<ResponseEntity<?>>map(h -> ResponseEntity.ok(h.state()))
        .orElse(ResponseEntity.notFound().build());
  }

  static RunOptions stopAndBound(RunHandle handle) {
    handle.cancel();                                  // cooperative: partial result, RunFailed(CANCELLED)
    handle.terminate();                               // now: no RunFailed, await throws UnknownRunException

    RunOptions options = RunOptions.builder()
        .memberTimeout(Duration.ofSeconds(60))        // per attempt; default 30 s or council.defaults.member-timeout
        .retry(RetryPolicy.of(3, Duration.ofSeconds(1)))  // default 2 attempts, 1 s base, exponential + jitter
        .failureMode(FailureMode.FAIL_FAST)           // default CONTINUE or council.defaults.failure-mode
        .budget(Budget.ofTokens(50_000))              // stop cleanly when exceeded
        .awaitTimeout(Duration.ofMinutes(2))          // bound run()/await()
        .build();
    return options;
  }

  void scopes(Council council, Map<String, Object> input, Map<String, Object> inputA, Map<String, Object> inputB) {
    try (RunHandle h = engine.start(council, input)) {   // leaving the block cancels the run if still running
      h.await();                                         // or follow its events, or leave early
    }

    try (RunGroup tenant = engine.group("tenant-42")) {   // closing terminates the group's runs still running
      tenant.start(council, inputA);
      tenant.start(council, inputB);
      tenant.active();                                     // in-flight visibility for the group
    }
  }

  RunHandle verbose(Council council, Map<String, Object> input) {
    RunHandle h = engine.start(council, input, RunOptions.builder().verbose(Verbosity.DEBUG).verboseOutput(System.out).build());
    return h;
  }
}
