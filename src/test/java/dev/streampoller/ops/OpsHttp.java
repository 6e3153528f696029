package dev.streampoller.ops;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Requests to a running {@link OpsServer}, and reading one sample out of a scrape. */
final class OpsHttp {
  private static final HttpClient CLIENT =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private OpsHttp() {}

  static HttpResponse<String> send(OpsServer server, String method, String path) {
    URI uri = URI.create("http://127.0.0.1:" + server.address().getPort() + path);
    HttpRequest request =
        HttpRequest.newBuilder(uri)
            .timeout(Duration.ofSeconds(20))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static HttpResponse<String> get(OpsServer server, String path) {
    return send(server, "GET", path);
  }

  /**
   * The value of the sample {@code series} (name with its labels exactly as printed, such as {@code
   * stream_poller_tracked_videos{state="active"}}) in a Prometheus text scrape.
   */
  static Optional<Double> sample(String scrape, String series) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(scrape);
    return m.find() ? Optional.of(Double.valueOf(m.group(1))) : Optional.empty();
  }
}
