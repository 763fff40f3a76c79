package dev.council.pubsub.hazelcast;

import dev.council.api.event.CouncilEvent;
import java.io.Serializable;
import java.util.Objects;

/** An event and the topic it was published on, as stored in an event stripe. */
record Envelope(String topic, CouncilEvent event) implements Serializable {
  private static final long serialVersionUID = 1L;

  Envelope {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(event, "event");
  }
}
