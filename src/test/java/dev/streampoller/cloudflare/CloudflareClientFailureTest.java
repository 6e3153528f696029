package dev.streampoller.cloudflare;

import static dev.streampoller.cloudflare.CloudflareClientDownloadsTest.ACCOUNT;
import static dev.streampoller.cloudflare.CloudflareClientDownloadsTest.EMAIL;
import static dev.streampoller.cloudflare.CloudflareClientDownloadsTest.KEY;
import static dev.streampoller.cloudflare.CloudflareClientDownloadsTest.TOKEN;
import static dev.streampoller.cloudflare.CloudflareClientDownloadsTest.UID;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.cloudflare.ListDownloadsResult.CredentialRejected;
import dev.streampoller.cloudflare.ListDownloadsResult.Failed;
import dev.streampoller.cloudflare.ListDownloadsResult.RateLimited;
import dev.streampoller.cloudflare.ListDownloadsResult.VideoNotFound;
import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.Fault;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloudflareClientFailureTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StreamSimulator simulator;
  private CloudflareClient client;

  @BeforeEach
  void start() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder()
                .clock(clock)
                .apiToken(TOKEN)
                .apiKey(EMAIL, KEY)
                .rateLimitPerFiveMinutes(1)
                .rateLimitHeaders(true)
                .build());
    simulator.addVideo(ACCOUNT, UID, List.of());
    client = clientWith(new CloudflareCredential.ApiToken(Secret.of(TOKEN)), Duration.ofSeconds(5));
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  private CloudflareClient clientWith(CloudflareCredential credential, Duration responseTimeout) {
    return new CloudflareClient(
        simulator.baseUrl(), credential, Duration.ofSeconds(5), responseTimeout, "test", clock);
  }

  private ListDownloadsResult list() {
    return client.listDownloads(ACCOUNT, UID);
  }

  private <T extends ListDownloadsResult> T listAs(Class<T> type) {
    ListDownloadsResult result = list();
    assertThat(result).isInstanceOf(type);
    assertThat(result.toString()).doesNotContain(TOKEN).doesNotContain(KEY);
    return type.cast(result);
  }

  @Test
  void shouldReportVideoNotFoundFor404() {
    simulator.removeVideo(ACCOUNT, UID);

    VideoNotFound notFound = listAs(VideoNotFound.class);

    assertThat(notFound.httpStatus()).isEqualTo(404);
    assertThat(notFound.detail()).isEqualTo("HTTP 404: 10005 Video not found");
  }

  @Test
  void shouldTreatA404WithoutEnvelopeAsAFailure() {
    simulator.enqueueFault(Fault.htmlBody(404));

    assertThat(listAs(Failed.class).httpStatus()).hasValue(404);
  }

  @Test
  void shouldRejectAWrongToken() {
    client.close();
    client =
        clientWith(
            new CloudflareCredential.ApiToken(Secret.of("cfut_wrong-secret")),
            Duration.ofSeconds(5));

    CredentialRejected rejected = listAs(CredentialRejected.class);

    assertThat(rejected.httpStatus()).isEqualTo(403);
    assertThat(rejected.detail()).contains("1000 Invalid API Token").doesNotContain("wrong-secret");
  }

  @Test
  void shouldRejectAWrongKeyWithItsErrorChain() {
    client.close();
    client =
        clientWith(
            new CloudflareCredential.ApiKey(EMAIL, Secret.of("bad-key-value")),
            Duration.ofSeconds(5));

    CredentialRejected rejected = listAs(CredentialRejected.class);

    assertThat(rejected.detail())
        .isEqualTo(
            "HTTP 403: 6003 Invalid request headers (6103 Invalid format for X-Auth-Key header)")
        .doesNotContain("bad-key-value");
  }

  @Test
  void shouldRejectAnAccountTheCredentialCannotReach() {
    CredentialRejected rejected =
        (CredentialRejected) client.listDownloads("0000000000000000000000000000000f", UID);

    assertThat(rejected.detail()).contains("10000 Authentication error");
  }

  @Test
  void shouldRejectA400WithAuthorizationFormatCodes() {
    simulator.enqueueFault(
        Fault.rawBody(
            400,
            "application/json",
            "{\"success\":false,\"errors\":[{\"code\":6003,\"message\":\"Invalid request headers\","
                + "\"error_chain\":[{\"code\":6111,\"message\":\"Invalid format for Authorization"
                + " header\"}]}],\"messages\":[],\"result\":null}"));

    assertThat(listAs(CredentialRejected.class).httpStatus()).isEqualTo(400);
  }

  @Test
  void shouldRejectAnIpRestrictedToken() {
    simulator.enqueueFault(
        Fault.cloudflareError(403, 9109, "Cannot use the access token from location"));

    assertThat(listAs(CredentialRejected.class).detail()).contains("9109");
  }

  @Test
  void shouldRejectWhenStreamIsNotEnabled() {
    simulator.enqueueFault(Fault.cloudflareError(400, 10011, "Cloudflare Stream not enabled"));

    assertThat(listAs(CredentialRejected.class).detail()).contains("Stream not enabled");
  }

  @Test
  void shouldTreatOther4xxAsAFailure() {
    simulator.enqueueFault(Fault.cloudflareError(400, 10005, "Invalid video identifier"));

    Failed failed = listAs(Failed.class);

    assertThat(failed.httpStatus()).hasValue(400);
    assertThat(failed.detail()).isEqualTo("HTTP 400: 10005 Invalid video identifier");
  }

  @Test
  void shouldReportRateLimitedWithRetryAfter() {
    simulator.enqueueFault(Fault.rateLimited(Duration.ofSeconds(42)));

    RateLimited limited = listAs(RateLimited.class);

    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(42));
    assertThat(limited.detail()).contains("429", "971");
  }

  @Test
  void shouldReportRateLimitedWithoutRetryAfter() {
    simulator.enqueueFault(Fault.rateLimitedWithoutRetryAfter());

    assertThat(listAs(RateLimited.class).retryAfter()).isEmpty();
  }

  @Test
  void shouldReadTheBudgetFromTheSimulatorRateLimit() {
    list();
    clock.advance(Duration.ofSeconds(60));

    RateLimited limited = listAs(RateLimited.class);

    assertThat(limited.retryAfter()).contains(Duration.ofSeconds(240));
    assertThat(limited.rateLimit().limit()).hasValue(1);
    assertThat(limited.rateLimit().remaining()).hasValue(0);
    assertThat(limited.rateLimit().reset()).contains(Duration.ofSeconds(240));
  }

  @Test
  void shouldReportA5xxJsonErrorAsAFailure() {
    simulator.enqueueFault(Fault.serverError(503));

    Failed failed = listAs(Failed.class);

    assertThat(failed.httpStatus()).hasValue(503);
    assertThat(failed.detail()).isEqualTo("HTTP 503: 10002 Internal server error");
  }

  @Test
  void shouldReportAnHtmlBodyAsAFailure() {
    simulator.enqueueFault(Fault.htmlBody(520));

    Failed failed = listAs(Failed.class);

    assertThat(failed.httpStatus()).hasValue(520);
    assertThat(failed.detail())
        .startsWith("HTTP 520: non-JSON body (text/html")
        .contains("Bad gateway");
  }

  @Test
  void shouldReportMalformedJsonAsAFailure() {
    simulator.enqueueFault(Fault.malformedJson());

    Failed failed = listAs(Failed.class);

    assertThat(failed.httpStatus()).hasValue(200);
    assertThat(failed.detail()).startsWith("HTTP 200: malformed JSON body");
  }

  @Test
  void shouldReportSuccessFalseWithOtherCodesAsAFailure() {
    simulator.enqueueFault(
        Fault.rawBody(
            200,
            "application/json",
            "{\"success\":false,\"errors\":[{\"code\":10001,\"message\":\"Try again\"}],"
                + "\"result\":null}"));

    assertThat(listAs(Failed.class).detail()).isEqualTo("HTTP 200: 10001 Try again");
  }

  @Test
  void shouldReportAResponseTimeoutAsAFailure() {
    client.close();
    client =
        clientWith(new CloudflareCredential.ApiToken(Secret.of(TOKEN)), Duration.ofMillis(200));
    simulator.enqueueFault(Fault.latency(Duration.ofSeconds(10)));

    Failed failed = listAs(Failed.class);

    assertThat(failed.httpStatus()).isEmpty();
    assertThat(failed.detail()).isEqualTo("response timeout after PT0.2S");
  }

  @Test
  void shouldReportAConnectionFailureAsAFailure() {
    simulator.close();

    Failed failed = listAs(Failed.class);

    assertThat(failed.httpStatus()).isEmpty();
    assertThat(failed.detail()).isNotBlank();
  }

  @Test
  void shouldMaskASecretThatTheServerEchoes() {
    simulator.enqueueFault(
        Fault.rawBody(
            403,
            "application/json",
            "{\"success\":false,\"errors\":[{\"code\":1000,\"message\":\"Invalid API Token "
                + TOKEN
                + "\"}]}"));

    CredentialRejected rejected = listAs(CredentialRejected.class);

    assertThat(rejected.detail()).isEqualTo("HTTP 403: 1000 Invalid API Token ****");
  }

  @Test
  void shouldKeepSecretsOutOfTheClientsToString() {
    try (CloudflareClient keyClient =
        clientWith(new CloudflareCredential.ApiKey(EMAIL, Secret.of(KEY)), Duration.ofSeconds(1))) {
      assertThat(keyClient.toString()).doesNotContain(KEY).contains(EMAIL);
      assertThat(client.toString()).doesNotContain(TOKEN);
    }
  }

  @Test
  void shouldNotFollowRedirects() {
    simulator.enqueueFault(Fault.redirect(302, simulator.baseUrl() + "/user/tokens/verify"));

    assertThat(listAs(Failed.class).httpStatus()).hasValue(302);
  }

  @Test
  void shouldRejectA401() {
    simulator.enqueueFault(Fault.cloudflareError(401, 10001, "Unauthorized"));

    assertThat(listAs(CredentialRejected.class).httpStatus()).isEqualTo(401);
  }

  @Test
  void shouldReportAResultThatIsNotAnObjectAsAFailure() {
    simulator.enqueueFault(
        Fault.rawBody(200, "application/json", "{\"success\":true,\"result\":[]}"));

    assertThat(listAs(Failed.class).detail()).isEqualTo("HTTP 200: result is not an object");
  }

  @Test
  void shouldAnswerFailedAfterBeingClosedTwice() {
    client.close();
    client.close();

    assertThat(listAs(Failed.class).detail()).isEqualTo("client is closed");
  }
}
