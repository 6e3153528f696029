package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.minimal;
import static dev.streampoller.config.TestConfigs.minimalWith;
import static dev.streampoller.config.TestConfigs.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The rules the records' constructors used to check, now checked once by the loader, which is also
 * the way configs are made in code ({@link ConfigLoader#builder}).
 */
class RecordValidationTest {
  private static final String IN = " (test.properties)";

  @Test
  void shouldBuildValidDefaults() {
    AppConfig config = TestConfigs.load(minimal());

    assertThat(config.poll().lease()).isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void shouldBuildAConfigInCodeThroughTheLoader() {
    AppConfig config =
        ConfigLoader.builder("code")
            .set("cloudflare.account-id", "abc")
            .set("cloudflare.api-token", Secret.of("t-SECRET"))
            .set("database.url", "jdbc:postgresql:db")
            .set("webhook.retry-schedule", java.util.List.of(Duration.ofSeconds(1)))
            .set("poll.min-interval", Duration.ofMillis(500))
            .build();

    assertThat(config.poll().minInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.webhook().retrySchedule()).containsExactly(Duration.ofSeconds(1));
    assertThat(config.cloudflare().defaultAccount().credential())
        .isEqualTo(new CloudflareCredential.ApiToken(Secret.of("t-SECRET")));
    assertThatThrownBy(
            () -> ConfigLoader.builder("code").set("poll.min-interval", Duration.ZERO).build())
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("poll.min-interval: must be at least PT0.01S, was PT0S (code)");
  }

  @Test
  void shouldRejectAnInvalidPollSectionListingEveryProblem() {
    assertThat(
            problemsOf(
                minimalWith(
                    "poll.min-interval", "PT0.001S",
                    "poll.give-up-after", "PT0S",
                    "poll.lease", "PT2M")))
        .containsExactly(
            "poll.min-interval: must be at least PT0.01S, was PT0.001S" + IN,
            "poll.give-up-after: must be positive, was PT0S" + IN);
  }

  @Test
  void shouldRejectAPollLeaseThatDoesNotOutliveARequest() {
    assertThat(
            problemsOf(
                minimalWith(
                    "cloudflare.connect-timeout", "PT30S", "cloudflare.response-timeout", "PT90S")))
        .containsExactly(
            "poll.lease: must be at least cloudflare.connect-timeout +"
                + " cloudflare.response-timeout + PT2S (PT2M2S), was PT20S"
                + IN);
  }

  @Test
  void shouldRequireASecretForAnEnabledWebhook() {
    assertThat(problemsOf(minimalWith("webhook.url", "https://h.example.com")))
        .containsExactly("webhook.secret: is required when webhook.url is set" + IN);
  }

  @Test
  void shouldKeepTheRetryScheduleInAnImmutableList() {
    WebhookConfig config =
        TestConfigs.load(minimalWith("webhook.retry-schedule", "PT1S")).webhook();

    assertThat(config.retrySchedule()).containsExactly(Duration.ofSeconds(1));
    assertThatThrownBy(() -> config.retrySchedule().add(Duration.ofSeconds(3)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRejectAnEmptyRetrySchedule() {
    assertThat(problemsOf(minimalWith("webhook.retry-schedule", " ")))
        .containsExactly(
            "webhook.retry-schedule: is empty; comment the line out to leave the key unset" + IN);
  }

  @Test
  void shouldEnableAWebhookWithDefaults() {
    WebhookConfig config =
        TestConfigs.load(
                minimalWith(
                    "webhook.url",
                    "https://h.example.com",
                    "webhook.secret",
                    TestConfigs.webhookSecret(32)))
            .webhook();

    assertThat(config.isEnabled()).isTrue();
    assertThat(config.retrySchedule())
        .isEqualTo(TestConfigs.load(minimal()).webhook().retrySchedule())
        .hasSize(9)
        .startsWith(Duration.ofSeconds(5))
        .endsWith(Duration.ofHours(24));
  }

  @Test
  void shouldDropTrailingSlashesFromTheApiBaseUrl() {
    CloudflareConfig config =
        TestConfigs.load(minimalWith("cloudflare.api-base-url", "http://127.0.0.1:9000/v4//"))
            .cloudflare();

    assertThat(config.apiBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:9000/v4"));
  }

  @Test
  void shouldRejectABlankDatabaseUser() {
    assertThat(problemsOf(minimalWith("database.user", " ")))
        .containsExactly(
            "database.user: is empty; comment the line out to leave the key unset" + IN);
  }

  @Test
  void shouldRejectBadSchedulerSettings() {
    assertThat(problemsOf(minimalWith("scheduler.threads", "1", "scheduler.instance-id", " ")))
        .containsExactly(
            "scheduler.threads: must be between 2 and 64, was 1" + IN,
            "scheduler.instance-id: is empty; comment the line out to leave the key unset" + IN);
  }
}
