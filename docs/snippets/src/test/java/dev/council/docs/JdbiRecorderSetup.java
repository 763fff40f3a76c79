package dev.council.docs;

import dev.council.recorder.jdbi.EventFilter;
import dev.council.recorder.jdbi.JdbiRecorder;
import java.time.Duration;
import javax.sql.DataSource;

/** docs/persistence.md: the JDBI recorder on the application's own pool. */
final class JdbiRecorderSetup {
  private JdbiRecorderSetup() {}

  static JdbiRecorder recorder(DataSource appDataSource) {
    JdbiRecorder recorder = JdbiRecorder.builder()
        .dataSource(appDataSource)             // or .jdbi(appJdbi); not closed by the recorder unless closeDataSource(true)
        .tablePrefix("council_")
        .migrate(true)
        .eventFilter(EventFilter.parse("exclude:member_token,tool_call_requested"))
        .bufferCapacity(10_000)
        .batchSize(500)
        .flushInterval(Duration.ofMillis(50))
        .retryBackoff(Duration.ofMillis(100), Duration.ofSeconds(5))
        .closeTimeout(Duration.ofSeconds(10))
        .build();                              // no I/O yet
    recorder.prepareSchema();                  // optional: migrate now and fail fast if the database is unreachable
    return recorder;
  }
}
