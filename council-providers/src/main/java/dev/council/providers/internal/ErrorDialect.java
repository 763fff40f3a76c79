package dev.council.providers.internal;

/**
 * How one wire protocol describes failures. Implementations are stateless and thread-safe, and never
 * throw: a body they cannot read becomes an {@link ErrorInfo} carrying a snippet of it.
 */
@FunctionalInterface
interface ErrorDialect {

  /**
   * Reads an error body (of a non-2xx response or an error event inside a stream).
   *
   * @param body the body text, possibly empty or not JSON
   */
  ErrorInfo parse(String body);
}
