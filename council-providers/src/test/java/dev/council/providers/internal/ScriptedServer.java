package dev.council.providers.internal;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A tiny HTTP/1.1 server on 127.0.0.1 for adapter tests, written on raw sockets so a test controls every
 * byte: status line, headers, framing (content length, chunked, or until close), how the body is cut into
 * pieces (each written and flushed on its own, as its own HTTP chunk when chunked), pauses between pieces
 * until a latch opens, and how the response ends (complete, cut off, or held open until the client goes
 * away). It records every request it reads.
 *
 * <p>Replies are served in the order they were enqueued, one per request, across connections (keep-alive
 * is honoured). Thread-safe; each connection is served by its own thread. Close it after the test.
 */
final class ScriptedServer implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(10);
  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private final ServerSocket serverSocket;
  private final BlockingQueue<Reply> replies = new LinkedBlockingQueue<>();
  private final BlockingQueue<RecordedRequest> requests = new LinkedBlockingQueue<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Throwable> failures = new CopyOnWriteArrayList<>();
  private final AtomicInteger received = new AtomicInteger();
  private final CountDownLatch disconnected = new CountDownLatch(1);
  private final Thread acceptor;

  private ScriptedServer() throws IOException {
    serverSocket = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"));
    acceptor = Thread.ofPlatform().daemon().name("scripted-server-accept").start(this::acceptLoop);
  }

  static ScriptedServer start() {
    try {
      return new ScriptedServer();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code http://127.0.0.1:<port>}. */
  String baseUrl() {
    return "http://127.0.0.1:" + serverSocket.getLocalPort();
  }

  ScriptedServer enqueue(Reply... replies) {
    this.replies.addAll(List.of(replies));
    return this;
  }

  /** The next request the server read, waiting up to {@link #WAIT}. */
  RecordedRequest takeRequest() {
    try {
      RecordedRequest r = requests.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
      if (r == null) {
        throw new AssertionError("the server received no request within " + WAIT);
      }
      return r;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** How many requests have been read so far. */
  int requestCount() {
    return received.get();
  }

  /** How many connections clients have opened. */
  int connectionCount() {
    return sockets.size();
  }

  /** Waits until the client closed a connection whose reply was {@link End#HOLD held} open. */
  boolean awaitClientDisconnect() throws InterruptedException {
    return disconnected.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Problems inside the server (a test that ends with any is suspicious). */
  List<Throwable> failures() {
    return Collections.unmodifiableList(failures);
  }

  @Override
  public void close() {
    try {
      serverSocket.close();
    } catch (IOException e) {
      failures.add(e);
    }
    for (Socket s : sockets) {
      try {
        s.close();
      } catch (IOException e) {
        failures.add(e);
      }
    }
  }

  private void acceptLoop() {
    while (!serverSocket.isClosed()) {
      try {
        Socket socket = serverSocket.accept();
        sockets.add(socket);
        Thread.ofPlatform().daemon().name("scripted-server-conn").start(() -> serve(socket));
      } catch (IOException e) {
        if (!serverSocket.isClosed()) {
          failures.add(e);
        }
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = new BufferedInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      while (true) {
        RecordedRequest request = readRequest(in);
        if (request == null) {
          return;
        }
        received.incrementAndGet();
        requests.add(request);
        Reply reply = replies.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (reply == null) {
          reply = Reply.json(599, "{\"error\":\"no scripted reply for " + request.target() + "\"}");
        }
        if (!write(reply, socket, in, out)) {
          return;
        }
      }
    } catch (SocketException e) {
      // the client went away; tests that care use HOLD and awaitClientDisconnect
    } catch (IOException | InterruptedException | RuntimeException e) {
      failures.add(e);
    }
  }

  /** Writes one reply; false when the connection is finished. */
  private boolean write(Reply reply, Socket socket, InputStream in, OutputStream out)
      throws IOException, InterruptedException {
    if (reply.status() > 0) {
      StringBuilder head = new StringBuilder("HTTP/1.1 ").append(reply.status()).append(' ')
          .append(reply.reason()).append("\r\n");
      reply.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
      switch (reply.framing()) {
        case CHUNKED -> head.append("Transfer-Encoding: chunked\r\n");
        case LENGTH -> head.append("Content-Length: ").append(reply.bodyLength()).append("\r\n");
        case CLOSE -> head.append("Connection: close\r\n");
      }
      head.append("\r\n");
      out.write(head.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
      for (Step step : reply.steps()) {
        switch (step) {
          case Piece p -> {
            if (reply.framing() == Framing.CHUNKED) {
              out.write((Integer.toHexString(p.bytes().length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
              out.write(p.bytes());
              out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            } else {
              out.write(p.bytes());
            }
            out.flush();
          }
          case Await a -> {
            if (!a.latch().await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
              throw new IllegalStateException("a scripted pause was never released");
            }
          }
        }
      }
    }
    switch (reply.end()) {
      case COMPLETE -> {
        if (reply.framing() == Framing.CHUNKED) {
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
          out.flush();
        }
        return reply.framing() != Framing.CLOSE;
      }
      case CUT -> {
        return false;
      }
      case HOLD -> {
        try {
          while (in.read() != -1) {
            // the client sends nothing more; wait for it to close
          }
        } catch (IOException e) {
          // a reset is a close too
        }
        disconnected.countDown();
        return false;
      }
      default -> throw new IllegalStateException();
    }
  }

  private static RecordedRequest readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int tail = 0;
    while (tail != 0x0D0A0D0A) {
      int b = in.read();
      if (b == -1) {
        return null;
      }
      head.write(b);
      tail = (tail << 8) | b;
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
    }
    int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
    byte[] body = in.readNBytes(length);
    return new RecordedRequest(requestLine[0], requestLine[1], headers, new String(body, StandardCharsets.UTF_8));
  }

  /**
   * A request as the server read it.
   *
   * @param headers header names lower-cased
   */
  record RecordedRequest(String method, String target, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }

    JsonNode json() {
      return ScriptedServer.json(body);
    }
  }

  static JsonNode json(String text) {
    return MAPPER.readTree(text);
  }

  /** How the body's length is told. */
  enum Framing {
    LENGTH,
    CHUNKED,
    CLOSE
  }

  /** How the response ends. */
  enum End {
    /** Properly: the final chunk, or the close that ends a {@link Framing#CLOSE} body. */
    COMPLETE,
    /** The connection is closed mid-body (for chunked: before the final chunk). */
    CUT,
    /** Nothing more is sent; the server waits for the client to close the connection. */
    HOLD
  }

  sealed interface Step permits Piece, Await {}

  record Piece(byte[] bytes) implements Step {}

  record Await(CountDownLatch latch) implements Step {}

  /**
   * One scripted response. {@code status} 0 sends nothing at all (with {@link End#HOLD}: a server that
   * never answers).
   */
  record Reply(int status, String reason, Map<String, String> headers, Framing framing, List<Step> steps, End end) {
    Reply {
      headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
      steps = List.copyOf(steps);
      Objects.requireNonNull(framing);
      Objects.requireNonNull(end);
    }

    int bodyLength() {
      int n = 0;
      for (Step s : steps) {
        if (s instanceof Piece p) {
          n += p.bytes().length;
        }
      }
      return n;
    }

    static Builder status(int status) {
      return new Builder(status);
    }

    /** A complete JSON body with a content length. */
    static Reply json(int status, String body) {
      return status(status).header("Content-Type", "application/json").piece(body).build();
    }

    /** A chunked {@code text/event-stream} response, one HTTP chunk per piece, ended properly. */
    static Reply sse(String... pieces) {
      return status(200).header("Content-Type", "text/event-stream").framing(Framing.CHUNKED).pieces(pieces).build();
    }

    /** A chunked {@code text/event-stream} response of raw byte pieces. */
    static Reply sse(List<byte[]> pieces) {
      return status(200).header("Content-Type", "text/event-stream").framing(Framing.CHUNKED).pieces(pieces).build();
    }

    /** A chunked {@code application/x-ndjson} response, one HTTP chunk per piece, ended properly. */
    static Reply ndjson(String... pieces) {
      return status(200).header("Content-Type", "application/x-ndjson").framing(Framing.CHUNKED).pieces(pieces)
          .build();
    }

    /** Reads the request, answers nothing, and waits for the client to give up. */
    static Reply silence() {
      return new Reply(0, "", Map.of(), Framing.CLOSE, List.of(), End.HOLD);
    }
  }

  static final class Builder {
    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private Framing framing = Framing.LENGTH;
    private End end = End.COMPLETE;

    private Builder(int status) {
      this.status = status;
    }

    Builder header(String name, String value) {
      headers.put(name, value);
      return this;
    }

    Builder framing(Framing framing) {
      this.framing = framing;
      return this;
    }

    Builder piece(String text) {
      steps.add(new Piece(text.getBytes(StandardCharsets.UTF_8)));
      return this;
    }

    Builder pieces(String... texts) {
      for (String t : texts) {
        piece(t);
      }
      return this;
    }

    Builder pieces(List<byte[]> pieces) {
      for (byte[] p : pieces) {
        steps.add(new Piece(p.clone()));
      }
      return this;
    }

    /** Pauses the body until {@code latch} opens. */
    Builder await(CountDownLatch latch) {
      steps.add(new Await(latch));
      return this;
    }

    Builder end(End end) {
      this.end = end;
      return this;
    }

    Reply build() {
      return new Reply(status, reason(status), headers, framing, steps, end);
    }

    private static String reason(int status) {
      return switch (status) {
        case 200 -> "OK";
        case 400 -> "Bad Request";
        case 401 -> "Unauthorized";
        case 403 -> "Forbidden";
        case 404 -> "Not Found";
        case 429 -> "Too Many Requests";
        case 500 -> "Internal Server Error";
        case 503 -> "Service Unavailable";
        default -> "Status";
      };
    }
  }

  /**
   * Cuts the UTF-8 bytes of {@code text} into pieces of {@code size} bytes, so pieces split lines, JSON
   * objects and multi-byte characters.
   */
  static List<byte[]> split(String text, int size) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    List<byte[]> pieces = new ArrayList<>();
    for (int i = 0; i < bytes.length; i += size) {
      pieces.add(Arrays.copyOfRange(bytes, i, Math.min(bytes.length, i + size)));
    }
    return pieces;
  }
}
