package dev.streampoller.cloudflare;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A real local HTTP server that records every request the client sends (method, path, headers,
 * body) and answers each with one fixed Cloudflare-shaped JSON answer. For checking what goes over
 * the wire, which the simulator does not keep.
 */
final class CapturingServer implements AutoCloseable {
  /** One request as received; header names in lower case, values of repeated headers joined. */
  record Captured(String method, String path, Map<String, String> headers, String body) {}

  private final HttpServer server;
  private final List<Captured> requests = new CopyOnWriteArrayList<>();

  CapturingServer(int status, String answer) {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          Map<String, String> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach((name, values) -> headers.put(name.toLowerCase(Locale.ROOT), values.get(0)));
          String body = new String(exchange.getRequestBody().readAllBytes(), UTF_8);
          requests.add(
              new Captured(
                  exchange.getRequestMethod(),
                  exchange.getRequestURI().getRawPath(),
                  headers,
                  body));
          byte[] bytes = answer.getBytes(UTF_8);
          exchange.getResponseHeaders().set("Content-Type", "application/json");
          exchange.sendResponseHeaders(status, bytes.length);
          exchange.getResponseBody().write(bytes);
          exchange.close();
        });
    server.start();
  }

  /** The base URL to give the client, ending in {@code /client/v4}. */
  URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/client/v4");
  }

  List<Captured> requests() {
    return List.copyOf(requests);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
