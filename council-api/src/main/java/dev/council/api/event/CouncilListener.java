package dev.council.api.event;

/**
 * Receives a run's events. Called on a delivery thread owned by the pubsub, one event at a time, in
 * order for each run. A listener that throws or blocks affects neither the run nor other listeners.
 */
@FunctionalInterface
public interface CouncilListener {
  void onEvent(CouncilEvent event);

  /**
   * Called, on the same delivery thread and in stream order, in place of events this listener will never
   * receive because it fell too far behind (see {@link EventGap}); later events follow as usual. Only
   * clustered pubsubs report gaps, and they also log each one. The default does nothing: override it to
   * react, for example by reloading a run's state or its recorded events.
   */
  default void onGap(EventGap gap) {}
}
