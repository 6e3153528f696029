package dev.streampoller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Configs built in code (demo, tests) are held to the same rules as loaded ones. */
class RecordValidationTest {
  private static final CloudflareCredential TOKEN =
      new CloudflareCredential.ApiToken(Secret.of("t-SECRET"));

  private static AppConfig app(CloudflareConfig cloudflare, PollConfig poll) {
    return new AppConfig(
        cloudflare,
        DatabaseConfig.of("jdbc:postgresql:db"),
        poll,
        WebhookConfig.disabled(),
        SchedulerConfig.defaults());
  }

  @Test
  void shouldBuildValidDefaults() {
    AppConfig config = app(CloudflareConfig.of("abc", TOKEN), PollConfig.defaults());

    assertThat(config.poll().lease()).isEqualTo(PollConfig.DEFAULT_LEASE);
  }

  @Test
  void shouldRejectAnInvalidRecordListingEveryProblemWithoutAFile() {
    assertThatThrownBy(
            () ->
                new PollConfig(
                    Duration.ofMillis(1),
                    Duration.ofMinutes(2),
                    Duration.ZERO,
                    Duration.ofMinutes(2),
                    25,
                    Duration.ofSeconds(1)))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "poll.min-interval: must be at least PT0.01S, was PT0.001S",
                        "poll.give-up-after: must be positive, was PT0S"));
  }

  @Test
  void shouldRejectAPollLeaseThatDoesNotOutliveARequest() {
    CloudflareConfig slow =
        new CloudflareConfig(
            CloudflareConfig.DEFAULT_API_BASE_URL,
            "abc",
            TOKEN,
            Duration.ofSeconds(30),
            Duration.ofSeconds(90));

    assertThatThrownBy(() -> app(slow, PollConfig.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "poll.lease: must be at least cloudflare.connect-timeout +"
                + " cloudflare.response-timeout + PT2S (PT2M2S), was PT20S");
  }

  @Test
  void shouldRequireASecretForAnEnabledWebhook() {
    assertThatThrownBy(
            () ->
                new WebhookConfig(
                    Optional.of(URI.create("https://h.example.com")),
                    Optional.empty(),
                    WebhookConfig.DEFAULT_RETRY_SCHEDULE,
                    WebhookConfig.DEFAULT_TIMEOUT,
                    25,
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(2)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.secret: is required when webhook.url is set");
  }

  @Test
  void shouldCopyTheRetryScheduleIntoAnImmutableList() {
    List<Duration> schedule = new ArrayList<>(List.of(Duration.ofSeconds(1)));
    WebhookConfig config =
        new WebhookConfig(
            Optional.empty(),
            Optional.empty(),
            schedule,
            WebhookConfig.DEFAULT_TIMEOUT,
            25,
            Duration.ofSeconds(1),
            Duration.ofMinutes(2));
    schedule.add(Duration.ofSeconds(2));

    assertThat(config.retrySchedule()).containsExactly(Duration.ofSeconds(1));
    assertThatThrownBy(() -> config.retrySchedule().add(Duration.ofSeconds(3)))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRejectAnEmptyRetrySchedule() {
    assertThatThrownBy(
            () ->
                new WebhookConfig(
                    Optional.empty(),
                    Optional.empty(),
                    List.of(),
                    WebhookConfig.DEFAULT_TIMEOUT,
                    25,
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(2)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.retry-schedule: must list at least one delay");
  }

  @Test
  void shouldEnableAWebhookWithDefaults() {
    WebhookConfig config =
        WebhookConfig.enabled(
            URI.create("https://h.example.com"), Secret.of(TestConfigs.webhookSecret(32)));

    assertThat(config.isEnabled()).isTrue();
    assertThat(config.retrySchedule()).isEqualTo(WebhookConfig.DEFAULT_RETRY_SCHEDULE);
  }

  @Test
  void shouldDropTrailingSlashesFromTheApiBaseUrl() {
    CloudflareConfig config =
        CloudflareConfig.of("abc", TOKEN).withApiBaseUrl(URI.create("http://127.0.0.1:9000/v4//"));

    assertThat(config.apiBaseUrl()).isEqualTo(URI.create("http://127.0.0.1:9000/v4"));
  }

  @Test
  void shouldRejectABlankDatabaseUser() {
    assertThatThrownBy(
            () -> new DatabaseConfig("jdbc:postgresql:db", Optional.of(" "), Optional.empty(), 10))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("database.user: must not be blank");
  }

  @Test
  void shouldRejectBadSchedulerSettings() {
    assertThatThrownBy(() -> new SchedulerConfig(1, " "))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "scheduler.threads: must be between 2 and 64, was 1",
                        "scheduler.instance-id: must not be blank"));
  }
}
