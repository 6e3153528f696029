package dev.streampoller.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampoller.cloudflare.ResponseClassifier.Credential;
import dev.streampoller.cloudflare.ResponseClassifier.Limited;
import dev.streampoller.cloudflare.ResponseClassifier.NotFound;
import dev.streampoller.cloudflare.ResponseClassifier.Ok;
import dev.streampoller.config.CloudflareCredential;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Cloudflare Stream API client. Sends {@code Authorization: Bearer} for API tokens or {@code
 * X-Auth-Email}/{@code X-Auth-Key} for global keys, does not follow redirects and never retries:
 * retry timing belongs to the caller's poll policy.
 *
 * <p>Every request has an overall deadline, {@code connectTimeout + responseTimeout} (see {@link
 * #requestDeadline()}), from asking for a pooled connection to the last byte of the answer: an
 * answer that trickles in is cut there. Answers larger than 1 MiB are not read further.
 *
 * <p>Expected failures (HTTP errors, timeouts, unreadable or oversized bodies) are returned as
 * values, never thrown; only programming errors (a blank id) throw. Thread-safe: one instance, with
 * its pool of connections, is meant to be shared by all poll threads. {@link #close()} is
 * idempotent; calls after it answer {@code Failed("client is closed")}.
 */
public final class CloudflareClient implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CloudflareClient.class);

  /**
   * The download types the API can create ({@code stream_download_type} in Cloudflare's API
   * description); any other type is refused before a request is sent.
   */
  public static final List<String> CREATABLE_TYPES = List.of("default", "audio");

  /**
   * The video uid {@link #checkStreamAccess} asks about: 32 characters like a real uid, never a
   * real video.
   */
  static final String PROBE_VIDEO_UID = "00000000000000000000000000000000";

  /** The most videos one answer of the list call holds; it has no pages. */
  public static final int LIST_CAP = 1000;

  private final URI baseUrl;
  private final CloudflareCredential credential;
  private final HttpTransport transport;
  private final VideoListCall lists;
  private final ResponseClassifier classifier;
  private final Details details;

  /**
   * @param baseUrl e.g. {@code https://api.cloudflare.com/client/v4}
   * @param connectTimeout bound on establishing a connection (and on waiting for a pooled one)
   * @param responseTimeout bound on waiting for response data; with {@code connectTimeout}, the
   *     overall deadline of each request
   * @param userAgent sent as {@code User-Agent}
   */
  public CloudflareClient(
      URI baseUrl,
      CloudflareCredential credential,
      Duration connectTimeout,
      Duration responseTimeout,
      String userAgent) {
    this(baseUrl, credential, connectTimeout, responseTimeout, userAgent, Clock.systemUTC());
  }

  /** As above, with the clock used to read {@code Retry-After} dates and reset times. */
  public CloudflareClient(
      URI baseUrl,
      CloudflareCredential credential,
      Duration connectTimeout,
      Duration responseTimeout,
      String userAgent,
      Clock clock) {
    this(
        webUrl(baseUrl),
        credential,
        new HttpTransport(credential, connectTimeout, responseTimeout, userAgent, clock),
        () ->
            new HttpTransport(
                credential,
                connectTimeout,
                responseTimeout,
                userAgent,
                clock,
                VideoListCall.MAX_BODY_BYTES));
  }

  /**
   * On a shared {@link CloudflareHttp} (its timeouts and user agent), which {@link #close()} leaves
   * open.
   */
  public CloudflareClient(
      URI baseUrl, CloudflareCredential credential, CloudflareHttp shared, Clock clock) {
    this(
        webUrl(baseUrl),
        credential,
        new HttpTransport(credential, Objects.requireNonNull(shared, "shared"), clock),
        () -> new HttpTransport(credential, shared, clock, VideoListCall.MAX_BODY_BYTES));
  }

  /** The list call has a transport of its own, made on first use (its answers are larger). */
  private CloudflareClient(
      URI baseUrl,
      CloudflareCredential credential,
      HttpTransport transport,
      Supplier<HttpTransport> listTransport) {
    this.baseUrl = baseUrl;
    this.credential = Objects.requireNonNull(credential, "credential");
    this.details = new Details(secretsOf(credential));
    this.classifier = new ResponseClassifier(new ObjectMapper(), details);
    this.transport = transport;
    this.lists = new VideoListCall(listTransport, classifier, details);
  }

  /** Checked before any transport (and its pool) is made. */
  private static URI webUrl(URI baseUrl) {
    String scheme = String.valueOf(Objects.requireNonNull(baseUrl, "baseUrl").getScheme());
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new IllegalArgumentException("baseUrl must be http(s), was " + baseUrl);
    }
    return baseUrl;
  }

  /**
   * {@code GET /accounts/{accountId}/stream} with {@code query}'s parameters: at most {@link
   * #LIST_CAP} videos. See {@link VideoListQuery} for what is asked.
   */
  public ListVideosResult listVideos(String accountId, VideoListQuery query) {
    return lists.list(
        query.appendTo(uri("/accounts/" + PathSegments.encode(accountId) + "/stream")));
  }

  /** {@code GET /accounts/{accountId}/stream/{videoUid}/downloads}. */
  public ListDownloadsResult listDownloads(String accountId, String videoUid) {
    return listDownloads(accountId, videoUid, transport.deadline());
  }

  /**
   * As above, but the answer must be complete within {@code within} if that is shorter than the
   * {@link #requestDeadline()}: a poll passes the time its claim has left, so the request always
   * ends while the claim holds.
   */
  public ListDownloadsResult listDownloads(String accountId, String videoUid, Duration within) {
    Objects.requireNonNull(within, "within");
    return downloads(new HttpGet(downloadsUri(accountId, videoUid, null)), videoUid, within);
  }

  /** The longest any request may take: {@code connectTimeout + responseTimeout}. */
  public Duration requestDeadline() {
    return transport.deadline();
  }

  /**
   * Cancels the requests in flight that are still running after {@code grace} (they answer {@code
   * Failed("aborted: the client is stopping")}), so a stop never waits on a slow answer. Later
   * requests are not affected.
   */
  public void abortInFlight(Duration grace) {
    transport.abortInFlight(Objects.requireNonNull(grace, "grace"));
    lists.abortInFlight(grace);
  }

  /**
   * {@code POST /accounts/{accountId}/stream/{videoUid}/downloads/{type}} with the body {@code {}}
   * as {@code application/json} (today's API takes no body; earlier versions required a JSON one
   * and answered 422 without it; both accept {@code {}}): starts building a download; the answer
   * holds the created download.
   *
   * @param type one of {@link #CREATABLE_TYPES}; any other is a programming error
   */
  public ListDownloadsResult createDownload(String accountId, String videoUid, String type) {
    if (!CREATABLE_TYPES.contains(type)) {
      throw new IllegalArgumentException(
          "download type must be one of " + CREATABLE_TYPES + ", was '" + type + "'");
    }
    HttpPost post = new HttpPost(downloadsUri(accountId, videoUid, type));
    post.setEntity(new StringEntity("{}", ContentType.APPLICATION_JSON));
    return downloads(post, videoUid, transport.deadline());
  }

  /**
   * Proves the credential may read the account's Stream videos, which every poll needs: {@code GET
   * /accounts/{accountId}/stream/{PROBE_VIDEO_UID}/downloads}, a downloads list that needs the
   * <i>Stream Read</i> (or <i>Stream Write</i>) permission. {@link ListDownloadsResult.Downloads}
   * or {@link ListDownloadsResult.VideoNotFound} (the usual answer: no such video) mean the
   * permission is there; {@link ListDownloadsResult.CredentialRejected} means it is not.
   */
  public ListDownloadsResult checkStreamAccess(String accountId) {
    return listDownloads(accountId, PROBE_VIDEO_UID);
  }

  /**
   * Asks Cloudflare whether the credential works. API tokens: {@code GET
   * /accounts/{id}/tokens/verify} for an account-owned token (give the account), else {@code GET
   * /user/tokens/verify}. Global API keys cannot use the token endpoints, so they are checked with
   * {@code GET /user}; the account is not checked then (the first poll reports it).
   */
  public CredentialCheck verifyCredential(Optional<String> accountId) {
    String path;
    if (credential instanceof CloudflareCredential.ApiKey) {
      path = "/user";
    } else {
      path =
          accountId
              .map(id -> "/accounts/" + PathSegments.encode(id) + "/tokens/verify")
              .orElse("/user/tokens/verify");
    }
    HttpTransport.Exchange exchange = transport.execute(new HttpGet(uri(path)));
    if (exchange.response().isEmpty()) {
      return new CredentialCheck.Inconclusive(details.redact(exchange.failure()));
    }
    ApiResponse response = exchange.response().get();
    ResponseClassifier.Verdict verdict = classifier.classify(response);
    if (verdict instanceof Ok ok) {
      return verified(ok.result(), response.status());
    }
    if (verdict instanceof Credential c) {
      return new CredentialCheck.Rejected(c.status(), c.detail());
    }
    // Not found, rate limited or failed: no verdict on the credential itself.
    return new CredentialCheck.Inconclusive(verdict.detail());
  }

  private static CredentialCheck verified(JsonNode result, int status) {
    String id = result.path("id").asText("");
    String tokenStatus = result.path("status").asText("active");
    if (!tokenStatus.equals("active")) {
      return new CredentialCheck.Rejected(status, "credential status is " + tokenStatus);
    }
    return new CredentialCheck.Valid(id, tokenStatus);
  }

  private ListDownloadsResult downloads(
      HttpUriRequestBase request, String videoUid, Duration within) {
    HttpTransport.Exchange exchange = transport.execute(request, within);
    if (exchange.response().isEmpty()) {
      LOG.debug("{} {} failed: {}", request.getMethod(), videoUid, exchange.failure());
      return new ListDownloadsResult.Failed(
          details.redact(exchange.failure()), OptionalInt.empty(), RateLimitInfo.none());
    }
    ApiResponse response = exchange.response().get();
    ListDownloadsResult result = toResult(classifier.classify(response), response);
    LOG.debug("{} {} -> {}", request.getMethod(), videoUid, result);
    return result;
  }

  static ListDownloadsResult toResult(ResponseClassifier.Verdict verdict, ApiResponse response) {
    int status = response.status();
    if (verdict instanceof Ok ok) {
      Optional<List<Download>> downloads = DownloadsParser.parse(ok.result());
      if (downloads.isPresent()) {
        return new ListDownloadsResult.Downloads(downloads.get(), response.rateLimit());
      }
      return new ListDownloadsResult.Failed(
          "HTTP " + status + ": result is not an object",
          OptionalInt.of(status),
          response.rateLimit());
    }
    if (verdict instanceof NotFound) {
      return new ListDownloadsResult.VideoNotFound(status, verdict.detail());
    }
    if (verdict instanceof Credential) {
      return new ListDownloadsResult.CredentialRejected(status, verdict.detail());
    }
    if (verdict instanceof Limited) {
      return new ListDownloadsResult.RateLimited(
          response.retryAfter(), response.rateLimit(), verdict.detail());
    }
    return new ListDownloadsResult.Failed(
        verdict.detail(), OptionalInt.of(status), response.rateLimit());
  }

  private URI downloadsUri(String accountId, String videoUid, @Nullable String type) {
    String path =
        "/accounts/"
            + PathSegments.encode(accountId)
            + "/stream/"
            + PathSegments.encode(videoUid)
            + "/downloads"
            + (type == null ? "" : "/" + PathSegments.encode(type));
    return uri(path);
  }

  private URI uri(String path) {
    String base = baseUrl.toString();
    return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
  }

  public URI baseUrl() {
    return baseUrl;
  }

  private static List<String> secretsOf(CloudflareCredential credential) {
    if (credential instanceof CloudflareCredential.ApiKey key) {
      return List.of(key.key().reveal());
    }
    return List.of(((CloudflareCredential.ApiToken) credential).token().reveal());
  }

  @Override
  public void close() {
    transport.close();
    lists.close();
  }

  @Override
  public String toString() {
    return "CloudflareClient[" + baseUrl + ", " + credential.label() + "]";
  }
}
