package dev.council.api.event;

/**
 * Receives a run's events. Called on a delivery thread owned by the pubsub, one event at a time, in
 * order for each run. A listener that throws or blocks affects neither the run nor other listeners.
 */
@FunctionalInterface
public interface CouncilListener {
  void onEvent(CouncilEvent event);
}
