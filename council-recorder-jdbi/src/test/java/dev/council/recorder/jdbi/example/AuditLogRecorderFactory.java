package dev.council.recorder.jdbi.example;

import dev.council.api.config.CouncilConfig;
import dev.council.api.spi.Recorder;
import dev.council.api.spi.RecorderFactory;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The factory that makes {@link AuditLogRecorder} selectable by configuration ({@code
 * council.recorder=audit-log}), as docs/persistence.md shows it. Stateless; does no I/O.
 */
public final class AuditLogRecorderFactory implements RecorderFactory {
  @Override
  public String name() {
    return "audit-log";
  }

  @Override
  public Recorder create(CouncilConfig config) {
    PrintStream target = config.getString("council.recorder.audit-log.target", "stderr").equals("stdout")
        ? System.out : System.err;
    return new AuditLogRecorder(new OutputStreamWriter(target, StandardCharsets.UTF_8));
  }
}
