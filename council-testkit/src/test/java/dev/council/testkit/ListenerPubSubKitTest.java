package dev.council.testkit;

/** The correct {@link ListenerPubSub} passes the whole kit. */
class ListenerPubSubKitTest extends ListenerPubSubKit {
  @Override
  ListenerPubSub.Defect defect() {
    return ListenerPubSub.Defect.NONE;
  }
}
