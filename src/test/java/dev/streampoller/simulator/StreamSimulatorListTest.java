package dev.streampoller.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streampoller.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The list call: creation order, asc, after/before, status, creator, search, the 1,000 cap. */
class StreamSimulatorListTest {
  private static final String TOKEN = "cfut_sim-token";
  private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
  private static final String PATH = "/accounts/" + ACCOUNT + "/stream";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StreamSimulator simulator;
  private SimClient client;

  @BeforeEach
  void start() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder().clock(clock).apiToken(TOKEN).account(ACCOUNT).build());
    client = new SimClient(simulator.baseUrl());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private JsonNode body(String query) {
    HttpResponse<String> response = client.getWithToken(PATH + query, TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode body = SimClient.json(response);
    assertThat(body.get("success").asBoolean()).isTrue();
    return body;
  }

  private List<String> uids(String query) {
    List<String> uids = new ArrayList<>();
    body(query).get("result").forEach(v -> uids.add(v.get("uid").asText()));
    return uids;
  }

  @Test
  void shouldListNewestFirstUnlessAscendingAndFilterByCreatedTime() {
    simulator.upload(ACCOUNT, "a1", "", "", Duration.ZERO);
    clock.advance(Duration.ofMinutes(1));
    simulator.upload(ACCOUNT, "b2", "", "", Duration.ZERO);
    Instant second = clock.instant();
    clock.advance(Duration.ofMinutes(1));
    simulator.upload(ACCOUNT, "c3", "", "", Duration.ZERO);

    assertThat(uids("")).containsExactly("c3", "b2", "a1");
    assertThat(uids("?asc=true")).containsExactly("a1", "b2", "c3");
    assertThat(uids("?asc=true&after=" + second)).containsExactly("c3");
    assertThat(uids("?asc=true&before=" + second)).containsExactly("a1");
    assertThat(uids("?asc=true&start=" + second)).containsExactly("b2", "c3");
  }

  @Test
  void shouldListTiedCreatedTimesByUidAndMakeAfterAndBeforeInclusiveOnRequest() {
    Instant t = clock.instant();
    simulator.upload(ACCOUNT, "b2", t, Duration.ZERO);
    simulator.upload(ACCOUNT, "a1", t, Duration.ZERO);
    simulator.upload(ACCOUNT, "c3", t.plusSeconds(1), Duration.ZERO);

    assertThat(uids("?asc=true")).containsExactly("a1", "b2", "c3");
    assertThat(uids("?asc=true&after=" + t)).containsExactly("c3");
    assertThat(uids("?asc=true&before=" + t.plusSeconds(1))).containsExactly("a1", "b2");
    simulator.listBoundsInclusive(true);
    assertThat(uids("?asc=true&after=" + t)).containsExactly("a1", "b2", "c3");
    assertThat(uids("?asc=true&before=" + t.plusSeconds(1))).containsExactly("a1", "b2", "c3");
  }

  @Test
  void shouldGiveEveryVideoItsOwnCreatedTimeEvenWhenUploadedAtTheSameInstant() {
    simulator.upload(ACCOUNT, "a1", "", "", Duration.ZERO);
    simulator.upload(ACCOUNT, "b2", "", "", Duration.ZERO);
    JsonNode result = body("?asc=true").get("result");
    Instant first = Instant.parse(result.get(0).get("created").asText());
    assertThat(uids("?asc=true&after=" + first)).containsExactly("b2");
  }

  @Test
  void shouldShowAVideoInProgressUntilItIsEncodedThenReady() {
    simulator.upload(ACCOUNT, "slow1", "", "", Duration.ofMinutes(5));
    simulator.upload(ACCOUNT, "fast1", "", "", Duration.ZERO);

    assertThat(uids("?status=ready")).containsExactly("fast1");
    assertThat(uids("?status=inprogress")).containsExactly("slow1");
    JsonNode slow = body("?status=inprogress").get("result").get(0);
    assertThat(slow.get("readyToStream").asBoolean()).isFalse();
    assertThat(slow.get("status").get("state").asText()).isEqualTo("inprogress");

    clock.advance(Duration.ofMinutes(5));
    assertThat(uids("?status=ready&asc=true")).containsExactly("slow1", "fast1");
  }

  @Test
  void shouldRefuseToCreateADownloadBeforeTheVideoIsReady() {
    simulator.upload(ACCOUNT, "slow1", "", "", Duration.ofMinutes(5));
    HttpResponse<String> early =
        client.send(
            "POST",
            PATH + "/slow1/downloads",
            Duration.ofSeconds(10),
            "Authorization",
            "Bearer " + TOKEN);
    assertThat(early.statusCode()).isEqualTo(400);

    clock.advance(Duration.ofMinutes(5));
    HttpResponse<String> ready =
        client.send(
            "POST",
            PATH + "/slow1/downloads",
            Duration.ofSeconds(10),
            "Authorization",
            "Bearer " + TOKEN);
    assertThat(ready.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldFilterByCreatorAndNameSearch() {
    simulator.upload(ACCOUNT, "a1", "alice", "Holiday in Rome", Duration.ZERO);
    simulator.upload(ACCOUNT, "b2", "bob", "Rome at night", Duration.ZERO);
    simulator.upload(ACCOUNT, "c3", "alice", "Paris", Duration.ZERO);

    assertThat(uids("?asc=true&creator=alice")).containsExactly("a1", "c3");
    assertThat(uids("?asc=true&search=rome")).containsExactly("a1", "b2");
    assertThat(uids("?asc=true&creator=alice&search=ROME")).containsExactly("a1");
  }

  @Test
  void shouldCapAnAnswerAtOneThousandVideosAndSayHowManyMatched() {
    for (int i = 0; i < 1005; i++) {
      simulator.upload(ACCOUNT, "v" + i, "", "", Duration.ZERO);
    }
    JsonNode ascending = body("?asc=true");
    assertThat(ascending.get("result").size()).isEqualTo(1000);
    assertThat(ascending.get("total").asText()).isEqualTo("1005");
    assertThat(ascending.get("result").get(0).get("uid").asText()).isEqualTo("v0");
    assertThat(body("").get("result").get(0).get("uid").asText()).isEqualTo("v1004");
  }

  @Test
  void shouldRefuseAnUnreadableDate() {
    HttpResponse<String> response = client.getWithToken(PATH + "?after=yesterday", TOKEN);
    assertThat(response.statusCode()).isEqualTo(400);
  }
}
