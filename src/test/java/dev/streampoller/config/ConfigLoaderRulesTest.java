package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.SOURCE;
import static dev.streampoller.config.TestConfigs.minimal;
import static dev.streampoller.config.TestConfigs.minimalWith;
import static dev.streampoller.config.TestConfigs.problemsOf;
import static dev.streampoller.config.TestConfigs.webhookSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each rule of the key table produces one problem naming the key, the limit, the value, the file.
 */
class ConfigLoaderRulesTest {

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '"',
      textBlock =
          """
cloudflare.api-base-url     | ftp://api.example.com     | must be an absolute http or https URL, was 'ftp://api.example.com'
cloudflare.api-base-url     | /client/v4                | must be an absolute http or https URL, was '/client/v4'
cloudflare.api-base-url     | http://a b                | must be a URL, was 'http://a b'
cloudflare.api-base-url     | https://h/v4?x=1          | must not have a query or fragment
cloudflare.account-id       | abc-def                   | must be 1 to 32 letters or digits, was 'abc-def'
cloudflare.account-id       | 023e105f4ecef8ad9ca31a8372d0c3531 | must be 1 to 32 letters or digits, was '023e105f4ecef8ad9ca31a8372d0c3531'
cloudflare.rate-limit.requests-per-5-minutes | 1        | must be between 2 and 1200, was 1
cloudflare.rate-limit.requests-per-5-minutes | 1201     | must be between 2 and 1200, was 1201
cloudflare.rate-limit.requests-per-5-minutes | 9e2      | must be an integer, was '9e2'
cloudflare.auto-track.enabled | yes                    | must be true or false, was 'yes'
cloudflare.auto-track.downloads | mp4                    | unknown download type 'mp4'; allowed: default, audio, none
cloudflare.auto-track.downloads | "none,audio"           | none means no downloads and stands alone, was 'none,audio'
cloudflare.auto-track.downloads | "audio,audio"          | lists a download type twice, was 'audio,audio'
cloudflare.auto-track.creator | ccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc | must be at most 64 characters, was 65
cloudflare.auto-track.interval | PT4S                    | must be at least PT5S, was PT4S
cloudflare.auto-track.since | 2026-01-01                 | must be an ISO-8601 time such as 2026-01-01T00:00:00Z, was '2026-01-01'
cloudflare.auto-track.look-back | PT0S                   | must be positive, was PT0S
cloudflare.connect-timeout  | PT0S                      | must be positive, was PT0S
cloudflare.connect-timeout  | 5s                        | must be an ISO-8601 duration such as PT5S, was '5s'
cloudflare.response-timeout | -PT1S                     | must be positive, was PT-1S
database.url                | jdbc:mysql://db/x         | must start with jdbc:postgresql:, was 'jdbc:mysql://db/x'
database.pool-size          | 1                         | must be between 2 and 200, was 1
database.pool-size          | 201                       | must be between 2 and 200, was 201
database.pool-size          | ten                       | must be an integer, was 'ten'
poll.min-interval           | PT0.001S                  | must be at least PT0.01S, was PT0.001S
poll.max-interval           | PT1S                      | must be at least poll.min-interval (PT5S), was PT1S
poll.give-up-after          | PT0S                      | must be positive, was PT0S
poll.lease                  | PT16.999S                 | must be at least cloudflare.connect-timeout + cloudflare.response-timeout + PT2S (PT17S), was PT16.999S
poll.batch-size             | 0                         | must be between 1 and 1000, was 0
poll.batch-size             | 1001                      | must be between 1 and 1000, was 1001
poll.check-interval         | PT0S                      | must be positive, was PT0S
webhook.retry-schedule      | PT5S,PT0S                 | delay 2 must be positive, was PT0S
webhook.retry-schedule      | PT5S,,PT1M                | item 2 must be an ISO-8601 duration such as PT5S, was ''
webhook.timeout             | PT0S                      | must be positive, was PT0S
webhook.batch-size          | 0                         | must be between 1 and 1000, was 0
webhook.batch-size          | 1001                      | must be between 1 and 1000, was 1001
webhook.check-interval      | PT0S                      | must be positive, was PT0S
webhook.lease               | PT15S                     | must be longer than webhook.timeout (PT15S), was PT15S
scheduler.threads           | 1                         | must be between 2 and 64, was 1
scheduler.threads           | 65                        | must be between 2 and 64, was 65
scheduler.instance-id       | "  "                      | is empty; comment the line out to leave the key unset
""")
  void shouldReportTheBrokenRuleWithKeyLimitValueAndFile(String key, String value, String what) {
    assertThat(problemsOf(minimalWith(key, value)))
        .containsExactly(key + ": " + what + " (" + SOURCE + ")");
  }

  @Test
  void shouldAcceptValuesAtTheLimits() {
    Properties props =
        minimalWith(
            "poll.min-interval", "PT0.01S",
            "poll.max-interval", "PT0.01S",
            "poll.lease", "PT17S",
            "database.pool-size", "200",
            "scheduler.threads", "2",
            "webhook.lease", "PT15.001S",
            "cloudflare.rate-limit.requests-per-5-minutes", "2");

    AppConfig config = TestConfigs.load(props);

    assertThat(config.poll().minInterval()).hasMillis(10);
    assertThat(config.database().poolSize()).isEqualTo(200);
    assertThat(config.cloudflare().defaultAccount().requestsPerFiveMinutes()).isEqualTo(2);
    assertThat(
            TestConfigs.load(minimalWith("cloudflare.rate-limit.requests-per-5-minutes", "1200"))
                .cloudflare()
                .defaultAccount()
                .requestsPerFiveMinutes())
        .isEqualTo(1200);
  }

  @Test
  void shouldRequireTheAccountIdAndTheDatabaseUrl() {
    Properties props = minimal();
    props.remove("cloudflare.account-id");
    props.remove("database.url");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.account-id: is required (test.properties)",
            "database.url: is required (test.properties)");
  }

  @Test
  void shouldRequireAWebhookSecretWhenAWebhookUrlIsSet() {
    assertThat(problemsOf(minimalWith("webhook.url", "https://hooks.example.com/x")))
        .containsExactly("webhook.secret: is required when webhook.url is set (test.properties)");
  }

  @Test
  void shouldRejectANonHttpWebhookUrl() {
    Properties props =
        minimalWith("webhook.url", "mailto:ops@example.com", "webhook.secret", webhookSecret(32));
    assertThat(problemsOf(props))
        .containsExactly(
            "webhook.url: must be an absolute http or https URL, was 'mailto:ops@example.com'"
                + " (test.properties)");
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
not-whsec-SECRET-abc                       | must start with whsec_ (value hidden)
whsec_SECRET!!!                            | must be whsec_ followed by base64 (value hidden)
whsec_U0VDUkVULXNob3J0                     | must decode to 24 to 64 bytes, decoded to 12 (value hidden)
""")
  void shouldRejectAMalformedWebhookSecretWithoutShowingIt(String secret, String what) {
    Properties props =
        minimalWith("webhook.url", "https://hooks.example.com/x", "webhook.secret", secret);
    assertThat(problemsOf(props)).containsExactly("webhook.secret: " + what + " (test.properties)");
  }

  @Test
  void shouldRejectAWebhookSecretLongerThan64Bytes() {
    Properties props =
        minimalWith(
            "webhook.url", "https://hooks.example.com/x", "webhook.secret", webhookSecret(65));
    assertThat(problemsOf(props))
        .singleElement()
        .asString()
        .contains("decoded to 65")
        .doesNotContain(webhookSecret(65).substring(6, 20));
  }

  @Test
  void shouldAcceptWebhookSecretsOf24And64Bytes() {
    for (int bytes : new int[] {24, 64}) {
      Properties props =
          minimalWith(
              "webhook.url", "https://hooks.example.com/x", "webhook.secret", webhookSecret(bytes));
      assertThat(
              TestConfigs.load(props)
                  .webhook()
                  .endpoint("default")
                  .map(WebhookEndpointConfig::secret))
          .isPresent();
    }
  }

  @Test
  void shouldRejectAnEmptyRetrySchedule() {
    assertThat(problemsOf(minimalWith("webhook.retry-schedule", ",")))
        .containsExactly(
            "webhook.retry-schedule: item 1 must be an ISO-8601 duration such as PT5S, was ''"
                + " (test.properties)",
            "webhook.retry-schedule: item 2 must be an ISO-8601 duration such as PT5S, was ''"
                + " (test.properties)");
  }

  @Test
  void shouldNameTheUnknownKeyAndSuggestTheClosestKnownOne() {
    assertThat(problemsOf(minimalWith("poll.min-intervall", "PT5S", "colour", "blue")))
        .containsExactly(
            "colour: unknown key (test.properties)",
            "poll.min-intervall: unknown key; did you mean poll.min-interval? (test.properties)");
  }

  @Test
  void shouldReportEveryProblemAtOnce() {
    Properties props =
        minimalWith(
            "poll.batch-size", "0",
            "database.pool-size", "many",
            "webhook.lease", "PT1S",
            "cloudflare.acount-id", "x");
    props.remove("database.url");

    List<String> problems = problemsOf(props);

    assertThat(problems)
        .hasSize(5)
        .allSatisfy(p -> assertThat(p).endsWith(" (test.properties)"))
        .anySatisfy(p -> assertThat(p).startsWith("cloudflare.acount-id: unknown key"))
        .anySatisfy(p -> assertThat(p).startsWith("database.url: is required"))
        .anySatisfy(p -> assertThat(p).startsWith("database.pool-size: must be an integer"))
        .anySatisfy(p -> assertThat(p).startsWith("poll.batch-size: must be between"))
        .anySatisfy(p -> assertThat(p).startsWith("webhook.lease: must be longer"));
  }

  @Test
  void shouldListEveryProblemInTheExceptionMessage() {
    Properties props = minimalWith("poll.batch-size", "0", "scheduler.threads", "1");
    ConfigException e = catchThrowableOfType(ConfigException.class, () -> TestConfigs.load(props));

    assertThat(e.getMessage())
        .contains("2 problems")
        .contains("poll.batch-size: must be between 1 and 1000, was 0 (test.properties)")
        .contains("scheduler.threads: must be between 2 and 64, was 1 (test.properties)");
  }
}
