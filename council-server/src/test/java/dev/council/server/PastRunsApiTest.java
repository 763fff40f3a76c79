package dev.council.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.recorder.jdbi.EventFilter;
import dev.council.recorder.jdbi.JdbiRecorder;
import dev.council.recorder.jdbi.RunHistory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Past runs from the PostgreSQL recorder (scripts/postgres.sh): a server that never ran them lists them,
 * shows their result and replays their stored events, resuming after a Last-Event-ID.
 */
class PastRunsApiTest {
  static PGSimpleDataSource dataSource() {
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(System.getenv().getOrDefault("COUNCIL_TEST_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/council"));
    ds.setUser(System.getenv().getOrDefault("COUNCIL_TEST_JDBC_USER", "council"));
    ds.setPassword(System.getenv().getOrDefault("COUNCIL_TEST_JDBC_PASSWORD", "council"));
    return ds;
  }

  static String uniquePrefix() {
    byte[] b = new byte[4];
    ThreadLocalRandom.current().nextBytes(b);
    return "t_server_" + HexFormat.of().formatHex(b) + "_";
  }

  @Test
  @SuppressWarnings("unchecked")
  void aRecordedRunIsListedShownAndReplayedByAServerThatNeverRanIt() throws Exception {
    PGSimpleDataSource ds = dataSource();
    String prefix = uniquePrefix();
    JdbiRecorder recorder = JdbiRecorder.builder().dataSource(ds).tablePrefix(prefix).migrate(true)
        .eventFilter(EventFilter.all()).build();
    List<String> ids = new ArrayList<>();
    try (Fixture first = Fixture.start(Duration.ZERO, Duration.ZERO, c -> c, recorder, null)) {
      for (int i = 0; i < 3; i++) {
        String id = first.startPanel("question " + i);
        first.awaitEnd(id, Duration.ofSeconds(30));
        ids.add(id);
      }
      assertThat(recorder.awaitFlushed(Duration.ofSeconds(10))).isTrue();
    }
    try (JdbiPastRuns past = JdbiPastRuns.of(RunHistory.create(ds, prefix));
        Fixture f = Fixture.start(Duration.ZERO, Duration.ZERO, c -> c, null, past)) {
      Map<String, Object> page = Fixture.json(f.get("/v1/runs?limit=2"));
      List<Map<String, Object>> recent = (List<Map<String, Object>>) page.get("recent");
      assertThat(recent).extracting(r -> r.get("runId")).containsExactly(ids.get(2), ids.get(1));
      assertThat(recent).allSatisfy(r -> assertThat(r).containsEntry("status", "COMPLETED").containsEntry("councilId", "panel"));
      assertThat(page).containsEntry("next", "/v1/runs?limit=2&offset=2");
      List<Map<String, Object>> older = (List<Map<String, Object>>) Fixture.json(f.get((String) page.get("next"))).get("recent");
      assertThat(older).extracting(r -> r.get("runId")).containsExactly(ids.get(0));

      Map<String, Object> doc = Fixture.json(f.get("/v1/runs/" + ids.get(0)));
      assertThat((Map<String, Object>) doc.get("run")).containsEntry("status", "COMPLETED");
      assertThat((String) ((Map<String, Object>) doc.get("result")).get("answer")).startsWith("[simulated]");

      List<Sse.Message> all = new ArrayList<>();
      try (Sse sse = Sse.open(f, ids.get(0), null)) {
        Sse.Message m;
        while ((m = sse.next()) != null && !m.event().equals("end")) {
          all.add(m);
        }
      }
      assertThat(all).extracting(Sse.Message::seq).containsExactlyElementsOf(
          java.util.stream.LongStream.range(0, all.size()).boxed().toList());
      assertThat(all.getLast().json()).containsEntry("type", "run_completed");

      List<Sse.Message> rest = new ArrayList<>();
      try (Sse sse = Sse.open(f, ids.get(0), 4L)) {
        Sse.Message m;
        while ((m = sse.next()) != null && !m.event().equals("end")) {
          rest.add(m);
        }
      }
      assertThat(rest).extracting(Sse.Message::data).containsExactlyElementsOf(
          all.subList(5, all.size()).stream().map(Sse.Message::data).toList());

      assertThat(f.get("/health/ready").body()).contains("\"recorder\"");
    }
  }
}
