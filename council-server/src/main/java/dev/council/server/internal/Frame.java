package dev.council.server.internal;

import dev.council.api.event.CouncilEvent;
import dev.council.engine.json.JsonOutput;
import java.nio.charset.StandardCharsets;

/**
 * An event with its Server-Sent Events frame ({@code id: <seq>}, {@code data: <event JSON>}), rendered
 * once and shared by every stream that sends it. Immutable; the bytes must not be modified.
 */
record Frame(CouncilEvent event, byte[] bytes) {
  static Frame of(CouncilEvent event) {
    return new Frame(event, ("id: " + event.seq() + "\ndata: " + JsonOutput.event(event) + "\n\n")
        .getBytes(StandardCharsets.UTF_8));
  }
}
