package dev.council.docs;

import dev.council.api.Council;
import dev.council.engine.CouncilEngine;
import dev.council.server.CouncilServer;
import dev.council.server.JdbiPastRuns;
import java.nio.file.Path;

/** docs/server.md: the HTTP server in Java. */
final class ServerInJava {
  private ServerInJava() {}

  static void serve(Council triageCouncil, Runnable untilShutdown) {
    try (CouncilEngine engine = CouncilEngine.create();
         CouncilServer server = CouncilServer.builder(engine)
             .councils(Path.of("councils"))            // NAME.json → NAME
             .council("triage", triageCouncil)          // and councils built in code
             .pastRuns(JdbiPastRuns.fromConfig(engine.config()))   // optional: the recorder's history
             .port(8787)
             .start()) {
      untilShutdown.run();                               // serve until the application stops
    }
  }
}
