package dev.streampoller.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.cloudflare.ListDownloadsResult.Downloads;
import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.Fault;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.tracking.DownloadStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CloudflareClientDownloadsTest {
  static final String TOKEN = "cfut_super-secret-token";
  static final String EMAIL = "ops@example.com";
  static final String KEY = "144c9defac04969c7bfad8efaa8ea194";
  static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
  static final String UID = "ea95132c15732412d22c1476fa83f27a";

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
                .account(ACCOUNT)
                .extraFields(true)
                .rateLimitHeaders(true)
                .build());
    client = clientWith(new CloudflareCredential.ApiToken(Secret.of(TOKEN)));
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  private CloudflareClient clientWith(CloudflareCredential credential) {
    return new CloudflareClient(
        simulator.baseUrl(),
        credential,
        Duration.ofSeconds(5),
        Duration.ofSeconds(5),
        "stream-poller-test",
        clock);
  }

  private Downloads list(CloudflareClient with) {
    ListDownloadsResult result = with.listDownloads(ACCOUNT, UID);
    assertThat(result).isInstanceOf(Downloads.class);
    return (Downloads) result;
  }

  @Test
  void shouldListDownloadsWithAnApiToken() {
    simulator.addVideo(
        ACCOUNT, UID, List.of(ScriptedDownload.ready("default", Duration.ofSeconds(100))));
    clock.advance(Duration.ofSeconds(75));

    Download download = list(client).ofType("default").orElseThrow();

    assertThat(download.status()).isEqualTo(DownloadStatus.IN_PROGRESS);
    assertThat(download.percentComplete()).isEqualTo(75.0);
    assertThat(download.url()).endsWith("/" + UID + "/downloads/default.mp4");
    assertThat(download.isTerminal()).isFalse();
  }

  @Test
  void shouldListDownloadsWithAGlobalApiKey() {
    simulator.addVideo(ACCOUNT, UID, List.of(ScriptedDownload.ready("audio", Duration.ZERO)));

    try (CloudflareClient keyClient =
        clientWith(new CloudflareCredential.ApiKey(EMAIL, Secret.of(KEY)))) {
      Download download = list(keyClient).ofType("audio").orElseThrow();

      assertThat(download.status()).isEqualTo(DownloadStatus.READY);
      assertThat(download.isTerminal()).isTrue();
    }
  }

  @Test
  void shouldKeepNewTypesAndUnknownStatusesWhileIgnoringUnknownFields() {
    simulator.addVideo(
        ACCOUNT,
        UID,
        List.of(
            ScriptedDownload.ready("default", Duration.ofSeconds(10)),
            ScriptedDownload.ready("hdr-4k", Duration.ofSeconds(10))));
    simulator.overrideStatus(ACCOUNT, UID, "default", "queued");

    Downloads downloads = list(client);

    assertThat(downloads.downloads())
        .extracting(Download::type)
        .containsExactly("default", "hdr-4k");
    assertThat(downloads.ofType("default").orElseThrow().status()).isEqualTo("queued");
  }

  @Test
  void shouldAnswerAnEmptyListForAnEmptyResult() {
    simulator.addVideo(ACCOUNT, UID, List.of());

    assertThat(list(client).downloads()).isEmpty();
  }

  @Test
  void shouldReadAFlatLegacyResultAsTheDefaultDownload() {
    simulator.addVideo(ACCOUNT, UID, List.of());
    simulator.enqueueFault(
        Fault.rawBody(
            200,
            "application/json",
            "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":"
                + "{\"status\":\"ready\",\"percentComplete\":\"100\",\"url\":\"https://x/y.mp4\"}}"));

    Downloads downloads = list(client);

    assertThat(downloads.downloads())
        .containsExactly(new Download("default", "ready", 100.0, "https://x/y.mp4"));
  }

  @Test
  void shouldTolerateMissingFieldsInADownload() {
    simulator.addVideo(ACCOUNT, UID, List.of());
    simulator.enqueueFault(
        Fault.rawBody(
            200,
            "application/json",
            "{\"success\":true,\"result\":{\"audio\":{},\"default\":{\"percentComplete\":null},"
                + "\"note\":\"not a download\"}}"));

    assertThat(list(client).downloads())
        .containsExactly(
            new Download("audio", DownloadStatus.UNKNOWN, null, null),
            new Download("default", DownloadStatus.UNKNOWN, null, null));
  }

  @Test
  void shouldReportTheRateLimitHeaders() {
    simulator.addVideo(ACCOUNT, UID, List.of());

    RateLimitInfo rateLimit = list(client).rateLimit();

    assertThat(rateLimit.limit()).hasValue(SimulatorOptions.CLOUDFLARE_LIMIT_PER_FIVE_MINUTES);
    assertThat(rateLimit.remaining()).hasValue(1199);
  }

  @Test
  void shouldCreateADownload() {
    simulator.addVideo(ACCOUNT, UID, List.of());

    ListDownloadsResult created = client.createDownload(ACCOUNT, UID, "audio");

    assertThat(created).isInstanceOf(Downloads.class);
    assertThat(((Downloads) created).ofType("audio").orElseThrow().status())
        .isEqualTo(DownloadStatus.IN_PROGRESS);
    assertThat(list(client).ofType("audio")).isPresent();
  }

  @Test
  void shouldServeSeveralThreadsWithOneClient() throws Exception {
    simulator.addVideo(ACCOUNT, UID, List.of(ScriptedDownload.ready("default", Duration.ZERO)));
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<ListDownloadsResult>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        futures.add(pool.submit(() -> client.listDownloads(ACCOUNT, UID)));
      }
      for (Future<ListDownloadsResult> future : futures) {
        assertThat(future.get()).isInstanceOf(Downloads.class);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(simulator.requestsForVideo(UID)).isEqualTo(40);
  }

  @Test
  void shouldVerifyAUserToken() {
    assertThat(client.verifyCredential(Optional.empty()))
        .isInstanceOfSatisfying(
            CredentialCheck.Valid.class, valid -> assertThat(valid.status()).isEqualTo("active"));
    assertThat(simulator.requestLog().entries().get(0).path()).endsWith("/user/tokens/verify");
  }

  @Test
  void shouldVerifyAnAccountToken() {
    assertThat(client.verifyCredential(Optional.of(ACCOUNT)))
        .isInstanceOf(CredentialCheck.Valid.class);
    assertThat(simulator.requestsForAccount(ACCOUNT)).isEqualTo(1);
  }

  @Test
  void shouldVerifyAGlobalApiKey() {
    try (CloudflareClient keyClient =
        clientWith(new CloudflareCredential.ApiKey(EMAIL, Secret.of(KEY)))) {
      assertThat(keyClient.verifyCredential(Optional.of(ACCOUNT)))
          .isInstanceOf(CredentialCheck.Valid.class);
    }
  }

  @Test
  void shouldRejectAWrongTokenOnVerify() {
    try (CloudflareClient wrong =
        clientWith(new CloudflareCredential.ApiToken(Secret.of("cfut_wrong")))) {
      assertThat(wrong.verifyCredential(Optional.empty()))
          .isInstanceOfSatisfying(
              CredentialCheck.Rejected.class,
              rejected -> assertThat(rejected.detail()).contains("1000", "Invalid API Token"));
    }
  }

  @Test
  void shouldBeInconclusiveWhenVerifyHitsA503() {
    simulator.enqueueFault(Fault.serverError(503));

    assertThat(client.verifyCredential(Optional.empty()))
        .isInstanceOf(CredentialCheck.Inconclusive.class);
  }
}
