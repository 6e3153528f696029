package dev.streampoller.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A local TCP forwarder in front of a real server (the test PostgreSQL), which a test can cut:
 * while {@link #refuse() refusing}, open connections are reset and new ones refused, as when the
 * server was stopped with {@code -m immediate}; {@link #open()} listens again on the same port.
 * Also serves as a server that {@link #hang() accepts and never answers}. Closing stops everything.
 */
public final class TcpGate implements AutoCloseable {
  private final InetSocketAddress target;
  private final int port;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private volatile ServerSocket listener;
  private volatile boolean forward = true;

  private TcpGate(InetSocketAddress target, int port) {
    this.target = target;
    this.port = port;
  }

  /** A gate forwarding to {@code host:targetPort}, open, on a free local port. */
  public static TcpGate to(String host, int targetPort) {
    return start(host, targetPort, true);
  }

  /** A server that accepts connections and never sends a byte. */
  public static TcpGate hanging() {
    return start("127.0.0.1", 1, false);
  }

  private static TcpGate start(String host, int targetPort, boolean forward) {
    try {
      ServerSocket first = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
      TcpGate gate = new TcpGate(new InetSocketAddress(host, targetPort), first.getLocalPort());
      gate.forward = forward;
      gate.listen(first);
      return gate;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public int port() {
    return port;
  }

  /** Resets every open connection and refuses new ones. */
  public synchronized void refuse() {
    closeQuietly(listener);
    sockets.forEach(TcpGate::closeQuietly);
    sockets.clear();
  }

  /** Listens again on the same port and forwards. */
  public synchronized void open() {
    try {
      ServerSocket again = new ServerSocket();
      again.setReuseAddress(true);
      again.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
      forward = true;
      listen(again);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** From now on, accepts connections but forwards nothing (open ones go silent too). */
  public void hang() {
    forward = false;
  }

  @Override
  public void close() {
    refuse();
  }

  private void listen(ServerSocket server) {
    listener = server;
    Thread acceptor =
        new Thread(
            () -> {
              while (!server.isClosed()) {
                try {
                  Socket client = server.accept();
                  sockets.add(client);
                  if (forward) {
                    connect(client);
                  }
                } catch (IOException e) {
                  return; // closed
                }
              }
            },
            "tcp-gate-accept-" + port);
    acceptor.setDaemon(true);
    acceptor.start();
  }

  private void connect(Socket client) {
    try {
      Socket upstream = new Socket(target.getHostString(), target.getPort());
      sockets.add(upstream);
      pump(client, upstream);
      pump(upstream, client);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private void pump(Socket from, Socket to) {
    Thread thread =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                int n;
                while ((n = in.read(buffer)) >= 0) {
                  if (!forward) {
                    return; // hang: both sockets stay open, nothing more is delivered
                  }
                  out.write(buffer, 0, n);
                  out.flush();
                }
              } catch (IOException e) {
                // a side closed
              }
              closeQuietly(from);
              closeQuietly(to);
            },
            "tcp-gate-pump-" + port);
    thread.setDaemon(true);
    thread.start();
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception ignored) {
      // already closed
    }
  }
}
