package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Starting, listing, inspecting, cancelling and terminating runs over real HTTP. */
class RunsApiTest {
  @Test
  @SuppressWarnings("unchecked")
  void aStartedRunIsListedWhileActiveAndEndsWithItsResult() {
    try (Fixture f = Fixture.start(Duration.ofMillis(300), Duration.ofMillis(2))) {
      HttpResponse<String> started = f.post("/v1/runs",
          "{\"council\": \"panel\", \"input\": {\"question\": \"Should we adopt Java 25?\"}}");
      assertThat(started.statusCode()).isEqualTo(202);
      assertThat(started.headers().firstValue("Content-Type")).hasValueSatisfying(
          ct -> assertThat(ct).startsWith("application/json"));
      Map<String, Object> body = Fixture.json(started);
      String runId = (String) body.get("runId");
      assertThat(started.headers().firstValue("Location")).contains("/v1/runs/" + runId);
      assertThat(body).containsEntry("councilId", "panel").containsEntry("status", "RUNNING");
      assertThat((Map<String, Object>) body.get("links")).containsEntry("events", "/v1/runs/" + runId + "/events")
          .containsEntry("cancel", "/v1/runs/" + runId + "/cancel");

      Map<String, Object> list = Fixture.json(f.get("/v1/runs"));
      List<Map<String, Object>> active = (List<Map<String, Object>>) list.get("active");
      assertThat(active).anySatisfy(r -> {
        assertThat(r).containsEntry("runId", runId).containsEntry("status", "RUNNING").containsEntry("councilId", "panel");
      });

      Map<String, Object> running = Fixture.json(f.get("/v1/runs/" + runId));
      assertThat((Map<String, Object>) running.get("run")).containsEntry("status", "RUNNING");
      assertThat(running.get("result")).isNull();

      Map<String, Object> done = f.awaitEnd(runId, Duration.ofSeconds(30));
      assertThat((Map<String, Object>) done.get("run")).containsEntry("status", "COMPLETED")
          .containsEntry("roundsCompleted", 3);
      Map<String, Object> result = (Map<String, Object>) done.get("result");
      assertThat(result).containsEntry("runId", runId).containsEntry("status", "COMPLETED");
      assertThat((String) result.get("answer")).startsWith("[simulated]");
      assertThat((List<Object>) result.get("rounds")).hasSize(3);

      List<Map<String, Object>> after = (List<Map<String, Object>>) Fixture.json(f.get("/v1/runs")).get("active");
      assertThat(after).noneSatisfy(r -> assertThat(r).containsEntry("runId", runId));
    }
  }

  @Test
  void theQuestionShortcutIsTheInputsQuestion() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      HttpResponse<String> r = f.post("/v1/runs", "{\"council\": \"panel\", \"question\": \"Why?\"}");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      Map<String, Object> done = f.awaitEnd((String) Fixture.json(r).get("runId"), Duration.ofSeconds(30));
      assertThat(done.get("result")).isNotNull();
    }
  }

  @Test
  @SuppressWarnings("unchecked")
  void cancelEndsTheRunCancelledWithItsPartialResultAndASecondCancelSaysItHadEnded() {
    try (Fixture f = Fixture.start(Duration.ofSeconds(30), Duration.ZERO)) {
      String runId = f.startPanel("slow question");
      HttpResponse<String> cancel = f.post("/v1/runs/" + runId + "/cancel", "");
      assertThat(cancel.statusCode()).as(cancel.body()).isEqualTo(202);
      assertThat(Fixture.json(cancel)).containsEntry("cancelled", true);

      Map<String, Object> done = f.awaitEnd(runId, Duration.ofSeconds(10));
      assertThat((Map<String, Object>) done.get("run")).containsEntry("status", "CANCELLED");
      assertThat((Map<String, Object>) done.get("result")).containsEntry("status", "CANCELLED");

      HttpResponse<String> again = f.post("/v1/runs/" + runId + "/cancel", "");
      assertThat(again.statusCode()).isEqualTo(200);
      assertThat(Fixture.json(again)).containsEntry("cancelled", false);
    }
  }

  @Test
  void terminateRemovesTheRunAndItsIdIsThenStale() {
    try (Fixture f = Fixture.start(Duration.ofSeconds(30), Duration.ZERO)) {
      String runId = f.startPanel("to be terminated");
      HttpResponse<String> del = f.delete("/v1/runs/" + runId);
      assertThat(del.statusCode()).isEqualTo(204);

      for (HttpResponse<String> stale : List.of(f.get("/v1/runs/" + runId), f.post("/v1/runs/" + runId + "/cancel", ""),
          f.delete("/v1/runs/" + runId), f.get("/v1/runs/" + runId + "/events"))) {
        assertThat(stale.statusCode()).as(stale.body()).isEqualTo(404);
        assertThat(stale.headers().firstValue("Content-Type")).hasValueSatisfying(
            ct -> assertThat(ct).startsWith("application/problem+json"));
        assertThat(Fixture.json(stale)).containsEntry("status", 404).containsEntry("type", "urn:council:problem:unknown-run");
      }
    }
  }

  @Test
  void unknownRunIdsAre404ProblemsOnEveryRunRoute() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      for (HttpResponse<String> r : List.of(f.get("/v1/runs/nope"), f.post("/v1/runs/nope/cancel", ""),
          f.delete("/v1/runs/nope"), f.get("/v1/runs/nope/events"))) {
        assertThat(r.statusCode()).isEqualTo(404);
        Map<String, Object> p = Fixture.json(r);
        assertThat(p).containsEntry("title", "Unknown run");
        assertThat((String) p.get("detail")).contains("nope").contains("GET /v1/runs");
      }
    }
  }

  @Test
  void listingPagesAreValidatedAndReportTheirPaging() {
    try (Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO)) {
      Map<String, Object> page = Fixture.json(f.get("/v1/runs?limit=5&offset=10"));
      assertThat(page).containsEntry("limit", 5).containsEntry("offset", 10).containsEntry("next", null);
      HttpResponse<String> bad = f.get("/v1/runs?limit=1000");
      assertThat(bad.statusCode()).isEqualTo(422);
      assertThat(bad.body()).contains("query:limit").contains("\"code\":\"range\"");
    }
  }
}
