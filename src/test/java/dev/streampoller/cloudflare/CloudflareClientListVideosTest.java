package dev.streampoller.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.Fault;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The list call: what it asks, what it reads, and every answer it refuses. */
class CloudflareClientListVideosTest {
  private static final String TOKEN = "cfut_list-token";
  private static final String NO_STREAM = "cfut_no-stream";
  private static final String ACCOUNT = "acc1";
  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private StreamSimulator simulator;
  private CloudflareClient client;

  @BeforeEach
  void start() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder()
                .clock(clock)
                .apiToken(TOKEN)
                .apiTokenWithoutStream(NO_STREAM)
                .account(ACCOUNT)
                .build());
    client = client(TOKEN);
  }

  private CloudflareClient client(String token) {
    return new CloudflareClient(
        simulator.baseUrl(),
        new CloudflareCredential.ApiToken(Secret.of(token)),
        Duration.ofSeconds(2),
        Duration.ofSeconds(5),
        "test",
        clock);
  }

  @AfterEach
  void stop() {
    client.close();
    simulator.close();
  }

  private static VideoListQuery after(Instant after) {
    return new VideoListQuery(after, Optional.empty(), Optional.empty(), Optional.empty());
  }

  private ListDownloadsResult refusal(VideoListQuery query) {
    ListVideosResult result = client.listVideos(ACCOUNT, query);
    assertThat(result).isInstanceOf(ListVideosResult.Refused.class);
    return ((ListVideosResult.Refused) result).failure();
  }

  @Test
  void shouldListReadyVideosOldestFirstWithTheirCreatedTimesAndFilters() {
    Instant start = clock.instant().minusSeconds(1);
    simulator.upload(ACCOUNT, "a1", "alice", "Rome", Duration.ZERO);
    simulator.upload(ACCOUNT, "b2", "bob", "Rome", Duration.ofMinutes(5));
    clock.advance(Duration.ofSeconds(1));
    simulator.upload(ACCOUNT, "c3", "alice", "Paris", Duration.ZERO);

    ListVideosResult all = client.listVideos(ACCOUNT, after(start));
    assertThat(((ListVideosResult.Videos) all).videos())
        .extracting(ListedVideo::uid)
        .containsExactly("a1", "c3");
    ListedVideo first = ((ListVideosResult.Videos) all).videos().get(0);
    assertThat(first.created()).isEqualTo(Instant.parse("2026-03-01T10:00:00Z"));
    assertThat(first.readyToStream()).isTrue();

    VideoListQuery filtered =
        new VideoListQuery(
            start, Optional.of(clock.instant()), Optional.of("alice"), Optional.of("rome"));
    assertThat(((ListVideosResult.Videos) client.listVideos(ACCOUNT, filtered)).videos())
        .extracting(ListedVideo::uid)
        .containsExactly("a1");
  }

  @Test
  void shouldRefuseAWholeAnswerWhenOneVideoLacksAUsableCreatedTimeOrUid() {
    simulator.enqueueFault(
        Fault.rawBody(
            200,
            "application/json",
            "{\"success\":true,\"errors\":[],\"result\":[{\"uid\":\"a1\",\"created\":"
                + "\"2026-03-01T10:00:00Z\"},{\"uid\":\"b2\",\"created\":\"yesterday\"}]}"));
    assertThat(refusal(after(Instant.EPOCH)).toString()).contains("no valid created time");

    simulator.enqueueFault(
        Fault.rawBody(
            200,
            "application/json",
            "{\"success\":true,\"errors\":[],\"result\":[{\"created\":\"2026-03-01T10:00:00Z\"}]}"));
    assertThat(refusal(after(Instant.EPOCH)).toString()).contains("no valid uid");

    simulator.enqueueFault(
        Fault.rawBody(
            200, "application/json", "{\"success\":true,\"errors\":[],\"result\":{\"a\":1}}"));
    assertThat(refusal(after(Instant.EPOCH)).toString()).contains("not an array");
  }

  @Test
  void shouldRefuseAnAnswerNotOldestFirstButAcceptTiedCreatedTimes() {
    simulator.enqueueFault(
        Fault.rawBody(
            200,
            "application/json",
            "{\"success\":true,\"errors\":[],\"result\":[{\"uid\":\"b2\",\"created\":"
                + "\"2026-03-01T10:00:05Z\"},{\"uid\":\"a1\",\"created\":\"2026-03-01T10:00:00Z\"}]}"));
    assertThat(refusal(after(Instant.EPOCH)).toString()).contains("not oldest first");

    simulator.enqueueFault(
        Fault.rawBody(
            200,
            "application/json",
            "{\"success\":true,\"errors\":[],\"result\":[{\"uid\":\"a1\",\"created\":"
                + "\"2026-03-01T10:00:00Z\"},{\"uid\":\"b2\",\"created\":\"2026-03-01T10:00:00Z\"}]}"));
    assertThat(client.listVideos(ACCOUNT, after(Instant.EPOCH)))
        .isInstanceOf(ListVideosResult.Videos.class);
  }

  @Test
  void shouldReportA429ACredentialWithoutStreamAndA5xxAsTheDownloadsCallsDo() {
    simulator.enqueueFault(Fault.rateLimited(Duration.ofSeconds(30)));
    assertThat(refusal(after(Instant.EPOCH)))
        .isInstanceOfSatisfying(
            ListDownloadsResult.RateLimited.class,
            r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(30)));

    simulator.enqueueFault(Fault.serverError(503));
    assertThat(refusal(after(Instant.EPOCH))).isInstanceOf(ListDownloadsResult.Failed.class);

    try (CloudflareClient noStream = client(NO_STREAM)) {
      ListVideosResult result = noStream.listVideos(ACCOUNT, after(Instant.EPOCH));
      assertThat(((ListVideosResult.Refused) result).failure())
          .isInstanceOf(ListDownloadsResult.CredentialRejected.class);
    }
  }

  @Test
  void shouldAnswerFailedOnceClosed() {
    client.close();
    assertThat(refusal(after(Instant.EPOCH)).toString()).contains("closed");
  }
}
