package dev.streampoller.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streampoller.testing.MutableClock;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StreamSimulatorAuthTest {
  private static final String TOKEN = "cfat_good";
  private static final String EMAIL = "ops@example.com";
  private static final String KEY = "144c9defac04969c7bfad8efaa8ea194";
  private static final String ACCOUNT = "acc1";
  private static final String PATH = "/accounts/" + ACCOUNT + "/stream/uid1/downloads";

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private StreamSimulator simulator;
  private SimClient client;

  @BeforeEach
  void start() {
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder()
                .clock(clock)
                .apiToken(TOKEN)
                .apiKey(EMAIL, KEY)
                .rateLimitPerFiveMinutes(3)
                .rateLimitHeaders(true)
                .build());
    simulator.addVideo(ACCOUNT, "uid1", List.of());
    client = new SimClient(simulator.baseUrl());
  }

  @AfterEach
  void stop() {
    simulator.close();
  }

  private static JsonNode firstError(HttpResponse<String> response) {
    return SimClient.json(response).get("errors").get(0);
  }

  @Test
  void shouldAcceptTheGlobalApiKey() {
    HttpResponse<String> response = client.get(PATH, "X-Auth-Email", EMAIL, "X-Auth-Key", KEY);

    assertThat(response.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldRejectMissingCredentialsWith6003And6111() {
    HttpResponse<String> response = client.get(PATH);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(firstError(response).get("code").asInt()).isEqualTo(6003);
    assertThat(firstError(response).get("error_chain").get(0).get("code").asInt()).isEqualTo(6111);
  }

  @Test
  void shouldRejectAMalformedAuthorizationHeaderWith400() {
    HttpResponse<String> response = client.get(PATH, "Authorization", TOKEN);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(firstError(response).get("code").asInt()).isEqualTo(6003);
  }

  @Test
  void shouldRejectAWrongTokenWithInvalidApiToken() {
    HttpResponse<String> response = client.getWithToken(PATH, "cfat_wrong");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(firstError(response).get("code").asInt()).isEqualTo(1000);
    assertThat(firstError(response).get("message").asText()).isEqualTo("Invalid API Token");
  }

  @Test
  void shouldRejectAWrongKeyWith6103() {
    HttpResponse<String> response = client.get(PATH, "X-Auth-Email", EMAIL, "X-Auth-Key", "nope");

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(firstError(response).get("error_chain").get(0).get("code").asInt()).isEqualTo(6103);
  }

  @Test
  void shouldRejectAnUnknownAccountWithAuthenticationError() {
    HttpResponse<String> response =
        client.getWithToken("/accounts/other/stream/uid1/downloads", TOKEN);

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(firstError(response).get("code").asInt()).isEqualTo(10000);
  }

  @Test
  void shouldVerifyAGoodTokenAsActive() {
    JsonNode user = SimClient.json(client.getWithToken("/user/tokens/verify", TOKEN));
    JsonNode account =
        SimClient.json(client.getWithToken("/accounts/" + ACCOUNT + "/tokens/verify", TOKEN));

    assertThat(user.get("result").get("status").asText()).isEqualTo("active");
    assertThat(account.get("result").get("id").asText()).hasSize(32).doesNotContain(TOKEN);
  }

  @Test
  void shouldAnswerUserDetailsForTheGlobalApiKey() {
    HttpResponse<String> response = client.get("/user", "X-Auth-Email", EMAIL, "X-Auth-Key", KEY);

    assertThat(SimClient.json(response).get("result").get("email").asText()).isEqualTo(EMAIL);
  }

  @Test
  void shouldAnswer429WithRetryAfterOverTheRateLimit() {
    for (int i = 0; i < 3; i++) {
      assertThat(client.getWithToken(PATH, TOKEN).statusCode()).isEqualTo(200);
      clock.advance(Duration.ofSeconds(10));
    }

    HttpResponse<String> limited = client.getWithToken(PATH, TOKEN);

    assertThat(limited.statusCode()).isEqualTo(429);
    // The first request leaves the 5-minute window 300 - 30 = 270 s from now.
    assertThat(limited.headers().firstValue("Retry-After")).contains("270");
    assertThat(limited.headers().firstValue("X-RateLimit-Remaining")).contains("0");
  }

  @Test
  void shouldCountTheRateLimitPerCredential() {
    for (int i = 0; i < 3; i++) {
      client.getWithToken(PATH, TOKEN);
    }

    HttpResponse<String> other = client.get(PATH, "X-Auth-Email", EMAIL, "X-Auth-Key", KEY);

    assertThat(other.statusCode()).isEqualTo(200);
  }

  @Test
  void shouldAcceptRequestsAgainOnceTheWindowHasPassed() {
    for (int i = 0; i < 4; i++) {
      client.getWithToken(PATH, TOKEN);
    }

    clock.advance(Duration.ofMinutes(5));

    assertThat(client.getWithToken(PATH, TOKEN).statusCode()).isEqualTo(200);
  }

  @Test
  void shouldSendRateLimitHeaders() {
    HttpResponse<String> response = client.getWithToken(PATH, TOKEN);

    assertThat(response.headers().firstValue("X-RateLimit-Limit")).contains("3");
    assertThat(response.headers().firstValue("X-RateLimit-Remaining")).contains("2");
  }
}
