package dev.council.api.event;

import java.util.Objects;

/**
 * Events a subscriber did not receive. A pubsub that cannot deliver every event of a topic to a
 * subscriber (a clustered one whose subscriber fell further behind than the pubsub buffers) tells it so
 * with {@link CouncilListener#onGap}, in place of the missing events, instead of losing them silently.
 * Delivery then goes on with later events. The in-JVM pubsub never loses events and never reports a gap.
 *
 * <p>Which events were lost can be read from the sequence numbers: a run's events carry contiguous
 * {@link CouncilEvent#seq()} values, so the next event received for a run shows where its stream resumes.
 *
 * @param topic the topic the events were published on
 * @param missed how many events may be missing: an exact count when the pubsub knows it, otherwise an upper
 *     bound (events of other topics may be included in it); 0 when unknown
 * @param reason why they were lost, for logs
 */
public record EventGap(String topic, long missed, String reason) {

  public EventGap {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(reason, "reason");
    if (missed < 0) {
      throw new IllegalArgumentException("missed must be 0 or more, was " + missed);
    }
  }
}
