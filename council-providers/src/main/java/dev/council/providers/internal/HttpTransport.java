package dev.council.providers.internal;

import dev.council.api.provider.CallContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of one provider id: one shared {@link HttpClient} (HTTP/1.1), a fair semaphore that
 * bounds the requests in flight ({@code max-concurrent}; callers beyond it wait in line instead of
 * provoking 429s), and the mapping of every failure to a classified {@link dev.council.api.provider.ProviderException}.
 *
 * <p>Thread-safe. {@link #post} blocks the calling (virtual) thread until the response has been read.
 * When that thread is interrupted, waiting for a permit, for the response or for body bytes, the request
 * is aborted (its connection closed) and a {@code CANCELLED} exception is thrown with the thread's
 * interrupt status kept. {@link #close()} drops all connections; later calls fail.
 */
final class HttpTransport implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTransport.class);
  private static final int MAX_ERROR_BODY = 64 * 1024;

  private final ProviderSettings settings;
  private final Clock clock;
  private final HttpClient client;
  private final Semaphore permits;
  private final AtomicBoolean closed = new AtomicBoolean();

  HttpTransport(ProviderSettings settings, Clock clock) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
    this.permits = new Semaphore(settings.maxConcurrent(), true);
  }

  /** Reads a successful response's body; may throw {@link dev.council.api.provider.ProviderException} for errors inside it. */
  @FunctionalInterface
  interface BodyReader<T> {
    T read(InputStream body, HttpHeaders headers) throws IOException;
  }

  /**
   * POSTs a JSON body and reads the response with {@code reader}; non-2xx responses are classified by
   * {@code dialect}.
   *
   * <p>The one place provider requests are built: every request carries the call's trace headers (W3C
   * {@code traceparent}, ... as the engine's OpenTelemetry propagator wrote them into {@code context}),
   * so gateways and proxies join the run's trace.
   *
   * @param context the call's context, whose trace headers are sent
   * @param headers the protocol's headers (auth, version, accept); configured extra headers override them
   */
  <T> T post(CallContext context, URI uri, Map<String, String> headers, byte[] body, ErrorDialect dialect,
      BodyReader<T> reader) {
    return send(context.traceHeaders(), uri, headers, body, dialect, reader);
  }

  /**
   * POSTs a request made outside a member call (embeddings): like {@link #post(CallContext, URI, Map,
   * byte[], ErrorDialect, BodyReader)} without trace headers.
   */
  <T> T post(URI uri, Map<String, String> headers, byte[] body, ErrorDialect dialect, BodyReader<T> reader) {
    return send(Map.of(), uri, headers, body, dialect, reader);
  }

  private <T> T send(Map<String, String> traceHeaders, URI uri, Map<String, String> headers, byte[] body,
      ErrorDialect dialect, BodyReader<T> reader) {
    if (closed.get()) {
      throw ProviderErrors.closed(settings);
    }
    HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
        .timeout(settings.readTimeout())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    headers.forEach(builder::setHeader);
    traceHeaders.forEach(builder::setHeader);
    settings.headers().forEach(builder::setHeader);
    HttpRequest request = builder.build();
    try {
      permits.acquire();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ProviderErrors.cancelled(settings);
    }
    try {
      LOG.debug("{}: POST {} ({} bytes)", settings.id(), uri, body.length);
      HttpResponse<InputStream> response = send(request);
      try (InputStream in = response.body()) {
        int status = response.statusCode();
        LOG.debug("{}: HTTP {} from {}", settings.id(), status, uri);
        if (status < 200 || status >= 300) {
          String text = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
          Duration retryAfter = RetryAfter.fromHeaders(response.headers(), clock.instant()).orElse(null);
          ErrorInfo info = dialect.parse(text);
          throw ProviderErrors.http(settings, uri, status, info, retryAfter != null ? retryAfter : info.retryDelay());
        }
        return reader.read(in, response.headers());
      } catch (IOException e) {
        if (e instanceof InterruptedIOException || Thread.currentThread().isInterrupted()) {
          Thread.currentThread().interrupt();
          throw ProviderErrors.cancelled(settings);
        }
        throw ProviderErrors.readFailure(settings, uri, e);
      }
    } finally {
      permits.release();
    }
  }

  private HttpResponse<InputStream> send(HttpRequest request) {
    CompletableFuture<HttpResponse<InputStream>> future =
        client.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream());
    try {
      return future.get();
    } catch (InterruptedException e) {
      future.cancel(true);
      // a response that won the race would hold its connection open: close it
      future.thenAccept(r -> closeQuietly(r.body()));
      Thread.currentThread().interrupt();
      throw ProviderErrors.cancelled(settings);
    } catch (ExecutionException e) {
      throw ProviderErrors.connectFailure(settings, request.uri(), e.getCause() == null ? e : e.getCause());
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException e) {
      LOG.trace("closing an abandoned response body failed", e);
    }
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      client.shutdownNow();
    }
  }
}
