package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.TOKEN;
import static dev.streampoller.config.TestConfigs.minimal;
import static dev.streampoller.config.TestConfigs.minimalWith;
import static dev.streampoller.config.TestConfigs.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defaults, credentials, environment substitution and reading the file itself. */
class ConfigLoaderTest {
  @TempDir Path dir;

  @Test
  void shouldUseTheDefaultOfEveryKeyThatIsNotSet() {
    AppConfig config = TestConfigs.load(minimal());

    assertThat(config.cloudflare().apiBaseUrl())
        .isEqualTo(URI.create("https://api.cloudflare.com/client/v4"));
    assertThat(config.cloudflare().connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(config.cloudflare().responseTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(config.database().user()).isEmpty();
    assertThat(config.database().password()).isEmpty();
    assertThat(config.database().poolSize()).isEqualTo(10);
    assertThat(config.poll()).isEqualTo(TestConfigs.defaultPoll());
    assertThat(config.webhook()).isEqualTo(TestConfigs.defaultWebhook(List.of(), Optional.empty()));
    assertThat(config.webhook().isEnabled()).isFalse();
    assertThat(config.scheduler()).isEqualTo(new SchedulerConfig(4, "AUTO"));
  }

  @Test
  void shouldUseTheValuesThatAreSet() {
    Properties props =
        minimalWith(
            "cloudflare.api-base-url", "http://127.0.0.1:8089/client/v4/",
            "database.user", "poller",
            "database.password", "db-SECRET",
            "poll.min-interval", "PT0.05S",
            "webhook.url", "https://hooks.example.com/x",
            "webhook.secret", TestConfigs.webhookSecret(32),
            "webhook.retry-schedule", "PT1S, PT2S ,PT3S",
            "scheduler.instance-id", "node-1");

    AppConfig config = TestConfigs.load(props);

    assertThat(config.cloudflare().apiBaseUrl())
        .isEqualTo(URI.create("http://127.0.0.1:8089/client/v4"));
    assertThat(config.database().user()).contains("poller");
    assertThat(config.database().password().orElseThrow().reveal()).isEqualTo("db-SECRET");
    assertThat(config.poll().minInterval()).isEqualTo(Duration.ofMillis(50));
    assertThat(config.webhook().endpoint("default").map(WebhookEndpointConfig::url))
        .contains(URI.create("https://hooks.example.com/x"));
    assertThat(config.webhook().retrySchedule())
        .containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3));
    assertThat(config.scheduler().instanceId()).isEqualTo("node-1");
  }

  @Test
  void shouldReadAnApiToken() {
    assertThat(TestConfigs.load(minimal()).cloudflare().defaultAccount().credential())
        .isEqualTo(new CloudflareCredential.ApiToken(Secret.of(TOKEN)));
  }

  @Test
  void shouldReadAnEmailAndApiKey() {
    Properties props =
        minimalWith("cloudflare.api-email", "ops@example.com", "cloudflare.api-key", "key-SECRET");
    props.remove("cloudflare.api-token");

    assertThat(TestConfigs.load(props).cloudflare().defaultAccount().credential())
        .isEqualTo(new CloudflareCredential.ApiKey("ops@example.com", Secret.of("key-SECRET")));
  }

  @Test
  void shouldRejectBothCredentialSchemesAtOnce() {
    Properties props =
        minimalWith("cloudflare.api-email", "ops@example.com", "cloudflare.api-key", "key-SECRET");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.api-token: set either an API token or cloudflare.api-email +"
                + " cloudflare.api-key, not both (test.properties)");
  }

  @Test
  void shouldRequireACredential() {
    Properties props = minimal();
    props.remove("cloudflare.api-token");

    assertThat(problemsOf(props))
        .singleElement()
        .asString()
        .startsWith("cloudflare.api-token: is required: set cloudflare.api-token (or")
        .endsWith(" (test.properties)");
  }

  @Test
  void shouldRequireTheApiKeyWithTheEmailAndViceVersa() {
    Properties emailOnly = minimalWith("cloudflare.api-email", "ops@example.com");
    emailOnly.remove("cloudflare.api-token");
    Properties keyOnly = minimalWith("cloudflare.api-key", "key-SECRET");
    keyOnly.remove("cloudflare.api-token");

    assertThat(problemsOf(emailOnly))
        .containsExactly(
            "cloudflare.api-key: is required with cloudflare.api-email (test.properties)");
    assertThat(problemsOf(keyOnly))
        .containsExactly(
            "cloudflare.api-email: is required with cloudflare.api-key (test.properties)");
  }

  @Test
  void shouldRejectAnEmailWithoutAt() {
    Properties props = minimalWith("cloudflare.api-email", "ops", "cloudflare.api-key", "k-SECRET");
    props.remove("cloudflare.api-token");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.api-email: must be an e-mail address, was 'ops' (test.properties)");
  }

  @Test
  void shouldSubstituteEnvironmentVariablesAnywhereInAValue() {
    Properties props =
        minimalWith(
            "cloudflare.api-token", "${CF_TOKEN}",
            "database.url", "jdbc:postgresql://${DB_HOST}:${DB_PORT}/poller");
    Map<String, String> env = Map.of("CF_TOKEN", "env-SECRET", "DB_HOST", "db", "DB_PORT", "6432");

    AppConfig config = ConfigLoader.fromProperties(props, "test.properties", env);

    assertThat(config.cloudflare().defaultAccount().credential())
        .isEqualTo(new CloudflareCredential.ApiToken(Secret.of("env-SECRET")));
    assertThat(config.database().url()).isEqualTo("jdbc:postgresql://db:6432/poller");
  }

  @Test
  void shouldNameTheKeyAndEachMissingEnvironmentVariable() {
    Properties props = minimalWith("database.url", "jdbc:postgresql://${DB_HOST}:${DB_PORT}/p");

    assertThat(problemsOf(props, Map.of()))
        .containsExactly(
            "database.url: environment variable DB_HOST is not set (test.properties)",
            "database.url: environment variable DB_PORT is not set (test.properties)");
  }

  @Test
  void shouldKeepALiteralDollarBraceWrittenAsDoubleDollar() {
    Properties props = minimalWith("scheduler.instance-id", "node$${HOSTNAME}");

    assertThat(TestConfigs.load(props).scheduler().instanceId()).isEqualTo("node${HOSTNAME}");
  }

  @Test
  void shouldRejectAnUnclosedReference() {
    assertThat(problemsOf(minimalWith("scheduler.instance-id", "node-${HOST")))
        .containsExactly(
            "scheduler.instance-id: has a ${ without a closing } (write $${ for a literal ${)"
                + " (test.properties)");
  }

  @Test
  void shouldRejectAnEmptyValueInsteadOfUsingTheDefault() {
    assertThat(problemsOf(minimalWith("poll.lease", "")))
        .containsExactly(
            "poll.lease: is empty; comment the line out to leave the key unset (test.properties)");
  }

  @Test
  void shouldLoadAFileAndNameItInProblems() throws Exception {
    Path file = dir.resolve("poller.properties");
    Files.writeString(
        file,
        "cloudflare.account-id=abc\ncloudflare.api-token=t\n"
            + "database.url=jdbc:postgresql:db\npoll.batch-size=0\n",
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "poll.batch-size: must be between 1 and 1000, was 0 (" + file + ")"));
  }

  @Test
  void shouldReportAKeySetTwiceInTheFile() throws Exception {
    Path file = dir.resolve("poller.properties");
    Files.writeString(
        file,
        "cloudflare.account-id=abc\ncloudflare.api-token=t\n"
            + "database.url=jdbc:postgresql:db\npoll.lease=PT2M\npoll.lease=PT3M\n",
        StandardCharsets.UTF_8);

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("poll.lease: is set more than once (" + file + ")"));
  }

  @Test
  void shouldReportAMissingFile() {
    Path file = dir.resolve("absent.properties");

    assertThatThrownBy(() -> ConfigLoader.load(file, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly("configuration file: not found (" + file + ")"));
  }

  @Test
  void shouldReportAFileThatCannotBeRead() {
    assertThatThrownBy(() -> ConfigLoader.load(dir, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .singleElement()
                    .asString()
                    .startsWith("configuration file: cannot read")
                    .endsWith("(" + dir + ")"));
  }
}
