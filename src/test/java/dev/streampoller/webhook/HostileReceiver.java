package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.US_ASCII;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver that misbehaves at the TCP level, for tests: it either never answers (the
 * connection is accepted and the request read, then nothing), or sends a status line and headers
 * and then trickles its body one byte every 50 ms, forever. Real sockets, no mocks. Closing it
 * closes every connection at once.
 */
public final class HostileReceiver implements AutoCloseable {
  private static final long TRICKLE_EVERY_MILLIS = 50;

  private final ServerSocket server;
  private final int trickleStatus;
  private final ExecutorService acceptor = Executors.newCachedThreadPool(daemon("hostile-accept"));
  private final ScheduledExecutorService trickler =
      Executors.newSingleThreadScheduledExecutor(daemon("hostile-trickle"));
  private final List<Socket> connections = new CopyOnWriteArrayList<>();
  private final AtomicInteger accepted = new AtomicInteger();

  private HostileReceiver(int trickleStatus) throws IOException {
    this.trickleStatus = trickleStatus;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor.execute(this::acceptLoop);
  }

  /** Accepts connections, reads what comes, never writes a byte. */
  public static HostileReceiver silent() throws IOException {
    return new HostileReceiver(0);
  }

  /** Answers {@code status} with a long body, then sends it one byte at a time, forever. */
  public static HostileReceiver trickling(int status) throws IOException {
    return new HostileReceiver(status);
  }

  public URI url() {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + "/hook");
  }

  /** Connections accepted so far. */
  public int accepted() {
    return accepted.get();
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        connections.add(socket);
        accepted.incrementAndGet();
        acceptor.execute(() -> serve(socket));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try {
      InputStream in = socket.getInputStream();
      readHead(in);
      if (trickleStatus == 0) {
        // Keep reading so the client's request is fully taken; never answer.
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
          // discard
        }
        return;
      }
      OutputStream out = socket.getOutputStream();
      out.write(
          ("HTTP/1.1 "
                  + trickleStatus
                  + " Trickle\r\nContent-Type: text/plain\r\nContent-Length: 100000000\r\n\r\n")
              .getBytes(US_ASCII));
      out.flush();
      trickler.scheduleAtFixedRate(
          () -> {
            try {
              out.write('x');
              out.flush();
            } catch (IOException e) {
              throw new IllegalStateException("client went away", e); // ends this schedule
            }
          },
          0,
          TRICKLE_EVERY_MILLIS,
          TimeUnit.MILLISECONDS);
    } catch (SocketException e) {
      // closed by the client or by close()
    } catch (IOException e) {
      // same: the connection is gone
    }
  }

  /** Reads up to the end of the request headers (the body, if any, stays in the socket). */
  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = "\r\n\r\n".getBytes(US_ASCII);
    int b;
    while (matched < end.length && (b = in.read()) >= 0) {
      matched = b == end[matched] ? matched + 1 : (b == end[0] ? 1 : 0);
    }
  }

  @Override
  public void close() throws IOException {
    server.close();
    trickler.shutdownNow();
    for (Socket socket : connections) {
      socket.close();
    }
    acceptor.shutdownNow();
  }

  private static java.util.concurrent.ThreadFactory daemon(String name) {
    return r -> {
      Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
