package dev.council.docs;

import dev.council.api.spi.PubSub;
import dev.council.engine.local.LocalPubSub;
import dev.council.testkit.PubSubKit;

/** docs/testing.md: a pubsub checked by the kit — here the engine's own in-JVM one. */
class LocalPubSubKitTest extends PubSubKit {
  @Override
  protected PubSub createPubSub() {
    return new LocalPubSub();
  }
}
