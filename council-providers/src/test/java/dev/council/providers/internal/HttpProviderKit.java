package dev.council.providers.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.council.api.ErrorKind;
import dev.council.api.spi.LlmProvider;
import dev.council.providers.internal.ScriptedServer.End;
import dev.council.providers.internal.ScriptedServer.Framing;
import dev.council.providers.internal.ScriptedServer.Reply;
import dev.council.testkit.LlmProviderKit;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@link LlmProviderKit} for an HTTP adapter: every hook primes a local {@link ScriptedServer} with a
 * reply in the adapter's wire format and returns a provider pointed at it; an aborted call must close
 * its connection. Subclasses say how the adapter's server answers, streams and fails.
 */
abstract class HttpProviderKit extends LlmProviderKit {
  /** The server of the current test; the kit's providers all point at it. */
  protected ScriptedServer server;

  @BeforeEach
  void startServer() {
    server = ScriptedServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
    assertThat(server.failures()).as("problems inside the scripted server").isEmpty();
  }

  /** A provider of the adapter under test, pointed at {@code server}. */
  abstract LlmProvider provider(ScriptedServer server);

  /** A complete, non-streamed answer of {@code text}. */
  abstract Reply answer(String text);

  /** The bytes of a stream of {@code chunks}: all of them, and the protocol's end when {@code complete}. */
  abstract String stream(List<String> chunks, boolean complete);

  /** The content type of the adapter's streams. */
  String streamContentType() {
    return "text/event-stream";
  }

  /** An error body saying {@code message}, which leaves the classification to the HTTP status. */
  abstract String errorBody(String message);

  @Override
  protected LlmProvider providerAnswering(String text) {
    server.enqueue(answer(text));
    return provider(server);
  }

  @Override
  protected LlmProvider providerStreaming(List<String> chunks) {
    server.enqueue(Reply.status(200).header("Content-Type", streamContentType()).framing(Framing.CHUNKED)
        .pieces(stream(chunks, true)).build());
    return provider(server);
  }

  @Override
  protected LlmProvider providerFailing(ErrorKind kind, String message) {
    int status = switch (kind) {
      case RATE_LIMITED -> 429;
      case TRANSIENT -> 503;
      default -> 400;
    };
    server.enqueue(Reply.json(status, errorBody(message)));
    return provider(server);
  }

  @Override
  protected LlmProvider providerBlocking() {
    server.enqueue(Reply.silence());
    return provider(server);
  }

  @Override
  protected LlmProvider providerStreamingThenStalling(List<String> first) {
    server.enqueue(Reply.status(200).header("Content-Type", streamContentType()).framing(Framing.CHUNKED)
        .piece(stream(first, false)).end(End.HOLD).build());
    return provider(server);
  }

  @Override
  protected LlmProvider providerRateLimited(Duration retryAfter) {
    server.enqueue(Reply.status(429).header("Content-Type", "application/json")
        .header("Retry-After", String.valueOf(retryAfter.toSeconds())).piece(errorBody("Rate limit reached")).build());
    return provider(server);
  }

  /** Blocked means the server has read the whole request and the caller waits for the response. */
  @Override
  protected void awaitBlocked(Thread caller) throws InterruptedException {
    server.takeRequest();
    super.awaitBlocked(caller);
  }

  @Override
  protected void assertAbortedCallReleased() throws InterruptedException {
    assertThat(server.awaitClientDisconnect()).as("the server saw the aborted call's connection close").isTrue();
  }

  /** A new JSON object, for writing bodies with Jackson. */
  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }
}
