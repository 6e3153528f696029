package dev.streampoller.cloudflare;

import dev.streampoller.cloudflare.ResponseClassifier.NotFound;
import dev.streampoller.cloudflare.ResponseClassifier.Ok;
import java.net.URI;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.jspecify.annotations.Nullable;

/**
 * The list call of {@link CloudflareClient#listVideos}: its own transport, made on the first call
 * (only accounts with auto-track make one) and closed with the client, because a list answer of
 * 1,000 full video objects does not fit the downloads calls' 1 MiB limit. Thread-safe.
 */
final class VideoListCall implements AutoCloseable {
  /** The body limit of list answers. */
  static final int MAX_BODY_BYTES = 16 << 20;

  private final Supplier<HttpTransport> factory;
  private final ResponseClassifier classifier;
  private final Details details;
  private @Nullable HttpTransport transport;
  private boolean closed;

  VideoListCall(Supplier<HttpTransport> factory, ResponseClassifier classifier, Details details) {
    this.factory = factory;
    this.classifier = classifier;
    this.details = details;
  }

  ListVideosResult list(URI uri) {
    HttpTransport transport = transport();
    if (transport == null) {
      return refused(
          new ListDownloadsResult.Failed(
              "client is closed", OptionalInt.empty(), RateLimitInfo.none()));
    }
    HttpTransport.Exchange exchange = transport.execute(new HttpGet(uri));
    if (exchange.response().isEmpty()) {
      return refused(
          new ListDownloadsResult.Failed(
              details.redact(exchange.failure()), OptionalInt.empty(), RateLimitInfo.none()));
    }
    ApiResponse response = exchange.response().get();
    ResponseClassifier.Verdict verdict = classifier.classify(response);
    if (verdict instanceof Ok ok) {
      VideoListParser.Parsed parsed = VideoListParser.parse(ok.result());
      if (parsed.problem() == null) {
        return new ListVideosResult.Videos(parsed.videos(), response.rateLimit());
      }
      return refused(
          new ListDownloadsResult.Failed(
              "HTTP " + response.status() + ": " + parsed.problem(),
              OptionalInt.of(response.status()),
              response.rateLimit()));
    }
    if (verdict instanceof NotFound) {
      // No video is named: a 404 here is the account or the route, a failure to retry.
      return refused(
          new ListDownloadsResult.Failed(
              verdict.detail(), OptionalInt.of(response.status()), response.rateLimit()));
    }
    return refused(CloudflareClient.toResult(verdict, response));
  }

  private static ListVideosResult refused(ListDownloadsResult failure) {
    return new ListVideosResult.Refused(failure);
  }

  /** The transport, made on first use; null once closed. */
  private synchronized @Nullable HttpTransport transport() {
    if (closed) {
      return null;
    }
    if (transport == null) {
      transport = factory.get();
    }
    return transport;
  }

  synchronized void abortInFlight(Duration grace) {
    if (transport != null) {
      transport.abortInFlight(grace);
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (transport != null) {
      transport.close();
    }
  }
}
