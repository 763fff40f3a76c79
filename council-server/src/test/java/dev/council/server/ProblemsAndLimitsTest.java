package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.council.api.CouncilException;
import dev.council.engine.CouncilEngine;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Validation problems, body and run limits, and the bearer token off loopback, over real HTTP. */
class ProblemsAndLimitsTest {
  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> errors(HttpResponse<String> r) {
    return (List<Map<String, Object>>) Fixture.json(r).get("errors");
  }

  private static void assertProblem(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(
        ct -> assertThat(ct).startsWith("application/problem+json"));
    Map<String, Object> p = Fixture.json(r);
    assertThat(p).containsKeys("type", "title", "status", "detail", "instance").containsEntry("status", status);
    assertThat(r.body()).doesNotContain("\tat ").doesNotContain("Exception:");
  }

  @Test
  void startProblemsNameThePathCodeAndMessage() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      HttpResponse<String> unknown = f.post("/v1/runs", "{\"council\": \"nope\", \"question\": \"q\"}");
      assertProblem(unknown, 422);
      assertThat(errors(unknown)).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("path", "$.council").containsEntry("code", "unknown_council"));

      HttpResponse<String> noInput = f.post("/v1/runs", "{\"council\": \"panel\"}");
      assertProblem(noInput, 422);
      assertThat(errors(noInput)).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("path", "$.input").containsEntry("code", "required"));

      HttpResponse<String> notJson = f.post("/v1/runs", "{\"council\": ");
      assertProblem(notJson, 422);
      assertThat(errors(notJson)).singleElement().satisfies(e -> assertThat(e).containsEntry("code", "invalid_json"));

      HttpResponse<String> misspelt = f.post("/v1/runs",
          "{\"council\": \"panel\", \"question\": \"q\", \"optoins\": {\"memberTimeout\": \"1s\"}}");
      assertProblem(misspelt, 422);
      assertThat(errors(misspelt)).singleElement().satisfies(e -> assertThat(e)
          .containsEntry("path", "$.optoins").containsEntry("code", "unknown_field"));
      assertThat(f.get("/v1/runs").body()).as("nothing was started").doesNotContain("\"panel\"");

      HttpResponse<String> inline = f.post("/v1/runs", "{\"council\": {\"id\": \"x\"}, \"question\": \"q\"}");
      assertProblem(inline, 403);
      assertThat((String) Fixture.json(inline).get("detail")).contains("council.server.allow-inline-councils=true");
    }
  }

  @Test
  void inlineCouncilsWhenAllowedAreValidatedThenRun() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO, c -> c.withAllowInlineCouncils(true))) {
      HttpResponse<String> invalid = f.post("/v1/runs", "{\"council\": {\"id\": \"x\", \"members\": [{\"id\": \"a\","
          + " \"provider\": \"nowhere\"}], \"rounds\": [{\"type\": \"no_such_round\"}]}, \"question\": \"q\"}");
      assertProblem(invalid, 422);
      assertThat(errors(invalid)).isNotEmpty().allSatisfy(e -> {
        assertThat((String) e.get("path")).startsWith("$.council.");
        assertThat(e).containsKeys("code", "message");
      });

      HttpResponse<String> ok = f.post("/v1/runs", "{\"council\": " + Fixture.PANEL + ", \"question\": \"q\"}");
      assertThat(ok.statusCode()).as(ok.body()).isEqualTo(202);
      f.awaitEnd((String) Fixture.json(ok).get("runId"), Duration.ofSeconds(30));
    }
  }

  @Test
  void validateAnswersValidOrTheProblems() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      HttpResponse<String> ok = f.post("/v1/councils/validate", Fixture.PANEL);
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(Fixture.json(ok)).containsEntry("valid", true).containsEntry("id", "panel");

      HttpResponse<String> bad = f.post("/v1/councils/validate",
          "{\"id\": \"x\", \"members\": [], \"rounds\": [{\"type\": \"no_such_round\"}]}");
      assertProblem(bad, 422);
      assertThat(errors(bad)).isNotEmpty().allSatisfy(e -> assertThat(e).containsKeys("path", "code", "message"));
    }
  }

  @Test
  void aBodyOverTheLimitIs413() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO, c -> c.withMaxBodyBytes(1_000))) {
      String big = "{\"council\": \"panel\", \"question\": \"" + "x".repeat(2_000) + "\"}";
      HttpResponse<String> r = f.post("/v1/runs", big);
      assertProblem(r, 413);
      assertThat((String) Fixture.json(r).get("detail")).contains("1000").contains("council.server.max-body-bytes");
      assertThat(f.post("/v1/runs", "{\"council\": \"panel\", \"question\": \"short\"}").statusCode()).isEqualTo(202);
    }
  }

  @Test
  void beyondTheConcurrentRunCapAStartIs429WithRetryAfter() {
    try (Fixture f = Fixture.start(Duration.ofSeconds(30), Duration.ZERO, c -> c.withMaxConcurrentRuns(2))) {
      String a = f.startPanel("one");
      f.startPanel("two");
      HttpResponse<String> third = f.post("/v1/runs", "{\"council\": \"panel\", \"question\": \"three\"}");
      assertProblem(third, 429);
      assertThat(third.headers().firstValue("Retry-After")).hasValueSatisfying(
          v -> assertThat(Integer.parseInt(v)).isPositive());
      f.post("/v1/runs/" + a + "/cancel", "");
      f.awaitEnd(a, Duration.ofSeconds(10));
      long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
      HttpResponse<String> again;
      do {
        again = f.post("/v1/runs", "{\"council\": \"panel\", \"question\": \"three again\"}");
      } while (again.statusCode() == 429 && System.nanoTime() < deadline);
      assertThat(again.statusCode()).as(again.body()).isEqualTo(202);
    }
  }

  @Test
  void listeningBeyondLoopbackWithoutATokenIsRefused() {
    try (CouncilEngine engine = CouncilEngine.builder().build()) {
      assertThatThrownBy(() -> CouncilServer.builder(engine).config(ServerConfig.DEFAULTS.withPort(0))
          .bind("0.0.0.0").start())
          .isInstanceOf(CouncilException.class)
          .hasMessageContaining("COUNCIL_SERVER_TOKEN").hasMessageContaining("0.0.0.0");
    }
  }

  @Test
  void offLoopbackEveryApiRequestNeedsTheBearerToken() {
    String secret = "s3cret-token-for-tests";
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO, c -> c.withBind("0.0.0.0").withToken(secret))) {
      for (HttpResponse<String> r : List.of(f.get("/v1/councils"), f.get("/v1/runs"),
          f.post("/v1/runs", "{\"council\": \"panel\", \"question\": \"q\"}"), f.get("/v1/runs/x/events"))) {
        assertProblem(r, 401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
            v -> assertThat(v).startsWith("Bearer"));
        assertThat(r.body()).doesNotContain(secret);
      }
      assertProblem(f.token("wrong").get("/v1/councils"), 401);
      assertProblem(f.send(f.request("/v1/councils").header("Authorization", "Basic " + secret).GET().build()), 401);
      assertThat(f.token(secret).get("/v1/councils").statusCode()).isEqualTo(200);
      HttpResponse<String> started = f.post("/v1/runs", "{\"council\": \"panel\", \"question\": \"q\"}");
      assertThat(started.statusCode()).isEqualTo(202);
      f.token(null);
      assertThat(f.get("/health/live").statusCode()).isEqualTo(200);
      assertThat(f.get("/").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void unknownPathsAndMethodsAreProblemsToo() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      assertProblem(f.get("/v1/nothing-here"), 404);
      assertProblem(f.send(f.request("/v1/runs").PUT(HttpRequest.BodyPublishers.ofString("{}")).build()), 404);
    }
  }
}
