package dev.council.recorder.jdbi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A TCP forwarder on 127.0.0.1 that a test can stop (closing every connection through it, so the
 * database looks gone: new connections are refused) and start again on the same port.
 */
final class TcpProxy implements AutoCloseable {
  private final String targetHost;
  private final int targetPort;
  private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
  private final int port;
  private volatile ServerSocket server;

  private TcpProxy(String targetHost, int targetPort) throws IOException {
    this.targetHost = targetHost;
    this.targetPort = targetPort;
    this.server = bindOutsideEphemeralRange();
    this.port = server.getLocalPort();
    accept(server);
  }

  /** A running proxy to {@code host:port}. */
  static TcpProxy to(String host, int port) {
    try {
      return new TcpProxy(host, port);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  int port() {
    return port;
  }

  /** Stops listening and cuts every open connection. */
  synchronized void stop() {
    closeQuietly(server);
    for (Socket s : sockets) {
      closeQuietly(s);
    }
    sockets.clear();
  }

  /** Listens again on the same port. */
  synchronized void start() {
    try {
      server = bind(port);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port + " again", e);
    }
    accept(server);
  }

  @Override
  public void close() {
    stop();
  }

  /**
   * Listens on a port below the kernel's ephemeral range (usually 32768 and up). While the proxy is
   * stopped, an ephemeral port could be handed to an outgoing connection, even to a client trying to
   * reach the proxy (a TCP self-connect), and then it could not listen there again.
   */
  private static ServerSocket bindOutsideEphemeralRange() throws IOException {
    IOException last = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      try {
        return bind(ThreadLocalRandom.current().nextInt(20_000, 32_000));
      } catch (IOException e) {
        last = e;
      }
    }
    throw last;
  }

  private static ServerSocket bind(int port) throws IOException {
    ServerSocket s = new ServerSocket();
    s.setReuseAddress(true);
    s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    return s;
  }

  private void accept(ServerSocket listening) {
    Thread.ofVirtual().name("tcp-proxy-accept").start(() -> {
      while (!listening.isClosed()) {
        Socket client;
        try {
          client = listening.accept();
        } catch (IOException e) {
          return; // stop() closed the listening socket
        }
        Socket upstream;
        try {
          upstream = new Socket(targetHost, targetPort);
        } catch (IOException e) {
          closeQuietly(client);
          continue;
        }
        sockets.add(client);
        sockets.add(upstream);
        if (listening.isClosed()) {
          closeQuietly(client);
          closeQuietly(upstream);
          return;
        }
        pipe(client, upstream);
        pipe(upstream, client);
      }
    });
  }

  private void pipe(Socket from, Socket to) {
    Thread.ofVirtual().name("tcp-proxy-pipe").start(() -> {
      byte[] buf = new byte[16 * 1024];
      try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
        int n;
        while ((n = in.read(buf)) >= 0) {
          out.write(buf, 0, n);
          out.flush();
        }
      } catch (IOException e) {
        // one side closed
      } finally {
        closeQuietly(from);
        closeQuietly(to);
        sockets.remove(from);
        sockets.remove(to);
      }
    });
  }

  private static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing is best effort
    }
  }
}
