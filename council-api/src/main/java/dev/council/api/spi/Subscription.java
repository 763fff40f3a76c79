package dev.council.api.spi;

/** An active subscription; {@link #close()} unsubscribes. Idempotent. */
@FunctionalInterface
public interface Subscription extends AutoCloseable {
  @Override
  void close();
}
