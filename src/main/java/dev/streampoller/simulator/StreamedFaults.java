package dev.streampoller.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes the faults that a canned {@link SimResponse} cannot express: a body that never ends, a
 * body too large to hold in memory, and answers broken mid-way. Each returns the body bytes it
 * wrote, or throws {@link Dropped} when the connection must be closed without finishing the answer
 * (the JDK server closes a connection whose handler throws and never closes the exchange).
 */
final class StreamedFaults {
  /** How a JSON body starts, so a client that keeps only a prefix sees "malformed JSON". */
  private static final byte[] JSON_START =
      "{\"result\":{\"default\":{\"status\":\"inprogress\",\"pad\":\""
          .getBytes(StandardCharsets.UTF_8);

  private static final int CHUNK = 64 * 1024;

  /**
   * Thrown to drop the connection; carries how many body bytes went out before, and whether the
   * client had gone (a write failed) rather than the fault breaking the answer on purpose.
   */
  static final class Dropped extends IOException {
    private final long bytes;
    private final boolean clientGone;

    Dropped(String reason, long bytes) {
      this(reason, bytes, false);
    }

    private Dropped(String reason, long bytes, boolean clientGone) {
      super(reason);
      this.bytes = bytes;
      this.clientGone = clientGone;
    }

    static Dropped clientGone(IOException cause, long bytes) {
      return new Dropped("client went away: " + cause.getMessage(), bytes, true);
    }

    long bytes() {
      return bytes;
    }

    boolean clientGone() {
      return clientGone;
    }
  }

  private StreamedFaults() {}

  /**
   * Serves {@code fault} on {@code exchange}, headers included.
   *
   * @throws Dropped when the fault breaks the connection, or the client went away
   */
  static long serve(HttpExchange exchange, Fault fault) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", fault.contentType());
    switch (fault.kind()) {
      case TRICKLE:
        return trickle(exchange, fault);
      case OVERSIZED_BODY:
        return oversized(exchange, fault.bodyBytes());
      case CONNECTION_RESET:
        exchange.sendResponseHeaders(fault.status(), 0);
        throw new Dropped("connection dropped mid-answer", writeFlushed(exchange, JSON_START));
      case TRUNCATED_BODY:
        // Promise twice what is sent.
        exchange.sendResponseHeaders(fault.status(), JSON_START.length * 2L);
        throw new Dropped("body truncated", writeFlushed(exchange, JSON_START));
      default:
        throw new IllegalArgumentException("not a streamed fault: " + fault.kind());
    }
  }

  private static long writeFlushed(HttpExchange exchange, byte[] bytes) throws IOException {
    OutputStream body = exchange.getResponseBody();
    body.write(bytes);
    body.flush();
    return bytes.length;
  }

  /** One byte, flushed, per interval, until the client leaves or the simulator closes. */
  private static long trickle(HttpExchange exchange, Fault fault) throws IOException {
    exchange.sendResponseHeaders(fault.status(), 0);
    OutputStream body = exchange.getResponseBody();
    long sent = 0;
    while (true) {
      try {
        body.write(sent == 0 ? '{' : ' ');
        body.flush();
      } catch (IOException clientGone) {
        throw Dropped.clientGone(clientGone, sent);
      }
      sent++;
      try {
        Thread.sleep(fault.latency().toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Dropped("simulator closing", sent);
      }
    }
  }

  /** The body in 64 KiB chunks of one reused buffer: memory stays bounded on this side too. */
  private static long oversized(HttpExchange exchange, long size) throws IOException {
    exchange.sendResponseHeaders(200, 0);
    OutputStream body = exchange.getResponseBody();
    byte[] chunk = new byte[CHUNK];
    Arrays.fill(chunk, (byte) 'x');
    long sent = 0;
    try {
      body.write(JSON_START);
      sent += JSON_START.length;
      while (sent < size) {
        int n = (int) Math.min(CHUNK, size - sent);
        body.write(chunk, 0, n);
        sent += n;
      }
      body.flush();
    } catch (IOException clientGone) {
      throw Dropped.clientGone(clientGone, sent);
    }
    return sent;
  }
}
