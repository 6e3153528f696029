package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The effective configuration as logged at start-up, and every secret staying hidden. */
class DescribeTest {
  private static final String WEBHOOK_SECRET = TestConfigs.webhookSecret(32);

  private static AppConfig withEverySecret() {
    Properties props =
        minimalWith(
            "database.url", "jdbc:postgresql://db/p?sslmode=require&password=url-SECRET",
            "database.user", "poller",
            "database.password", "db-SECRET",
            "webhook.url", "https://hook:basic-SECRET@hooks.example.com/x?token=query-SECRET",
            "webhook.secret", WEBHOOK_SECRET);
    return TestConfigs.load(props);
  }

  private static List<String> secrets() {
    return List.of(
        TestConfigs.TOKEN,
        "url-SECRET",
        "db-SECRET",
        "basic-SECRET",
        "query-SECRET",
        WEBHOOK_SECRET,
        WEBHOOK_SECRET.substring(6));
  }

  @Test
  void shouldDescribeEveryEffectiveValueWithSecretsMasked() {
    List<String> lines = Arrays.asList(withEverySecret().describe().split("\n"));

    assertThat(lines)
        .contains(
            "cloudflare.account-id=023e105f4ecef8ad9ca31a8372d0c353",
            "cloudflare.api-token=****",
            "cloudflare.rate-limit.requests-per-5-minutes=900",
            "database.url=jdbc:postgresql://db/p?sslmode=require&password=****",
            "database.user=poller",
            "database.password=****",
            "poll.min-interval=PT5S",
            "webhook.url=https://****@hooks.example.com/x?****",
            "webhook.secret=****",
            "webhook.retry-schedule=PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT14H,PT20H,PT24H",
            "scheduler.instance-id=AUTO");
  }

  @Test
  void shouldDescribeEveryKeyExceptFileTwinsAndTheUnusedCredentialScheme() {
    List<String> described =
        Arrays.stream(TestConfigs.load(TestConfigs.minimal()).describe().split("\n"))
            .map(line -> line.substring(0, line.indexOf('=')))
            .toList();
    List<String> expected =
        ConfigKeys.all().stream()
            .map(ConfigKeys.Key::name)
            .filter(name -> !name.endsWith(ConfigKeys.FILE_SUFFIX))
            .filter(name -> !name.startsWith(ConfigKeys.CLOUDFLARE_ACCOUNTS_PREFIX))
            .filter(name -> !name.startsWith(ConfigKeys.WEBHOOK_ENDPOINTS_PREFIX))
            .filter(name -> !name.equals("cloudflare.api-email"))
            .filter(name -> !name.equals("cloudflare.api-key"))
            .toList();

    assertThat(described).containsExactlyElementsOf(expected);
  }

  @Test
  void shouldShowTheEmailButNotTheApiKey() {
    Properties props =
        minimalWith("cloudflare.api-email", "ops@example.com", "cloudflare.api-key", "key-SECRET");
    props.remove("cloudflare.api-token");

    assertThat(TestConfigs.load(props).describe())
        .contains("cloudflare.api-email=ops@example.com\ncloudflare.api-key=****")
        .doesNotContain("key-SECRET");
  }

  @Test
  void shouldKeepEverySecretOutOfDescribe() {
    String described = withEverySecret().describe();

    assertThat(secrets()).allSatisfy(secret -> assertThat(described).doesNotContain(secret));
  }

  @Test
  void shouldKeepEverySecretOutOfToString() {
    String text = withEverySecret().toString();

    assertThat(secrets()).allSatisfy(secret -> assertThat(text).doesNotContain(secret));
  }

  @Test
  void shouldDescribeEachAdditionalAccountWithItsCredentialMasked() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.us.account-id", "us1",
            "cloudflare.accounts.us.api-token", "us-token-SECRET",
            "cloudflare.accounts.us.rate-limit.requests-per-5-minutes", "300",
            "cloudflare.accounts.eu.account-id", "eu1",
            "cloudflare.accounts.eu.api-email", "eu@example.com",
            "cloudflare.accounts.eu.api-key", "eu-key-SECRET");
    AppConfig config = TestConfigs.load(props);

    assertThat(config.describe())
        .contains(
            String.join(
                "\n",
                "cloudflare.accounts.eu.account-id=eu1",
                "cloudflare.accounts.eu.api-email=eu@example.com",
                "cloudflare.accounts.eu.api-key=****",
                "cloudflare.accounts.eu.rate-limit.requests-per-5-minutes=900",
                "cloudflare.accounts.eu.auto-track.enabled=false",
                "cloudflare.accounts.eu.auto-track.downloads=default",
                "cloudflare.accounts.eu.auto-track.interval=PT1M",
                "cloudflare.accounts.eu.auto-track.since=(unset)",
                "cloudflare.accounts.eu.auto-track.look-back=PT24H",
                "cloudflare.accounts.eu.auto-track.creator=(unset)",
                "cloudflare.accounts.eu.auto-track.search=(unset)",
                "cloudflare.accounts.us.account-id=us1",
                "cloudflare.accounts.us.api-token=****",
                "cloudflare.accounts.us.rate-limit.requests-per-5-minutes=300",
                "cloudflare.accounts.us.auto-track.enabled=false",
                "cloudflare.accounts.us.auto-track.downloads=default",
                "cloudflare.accounts.us.auto-track.interval=PT1M",
                "cloudflare.accounts.us.auto-track.since=(unset)",
                "cloudflare.accounts.us.auto-track.look-back=PT24H",
                "cloudflare.accounts.us.auto-track.creator=(unset)",
                "cloudflare.accounts.us.auto-track.search=(unset)"))
        .doesNotContain("SECRET");
    assertThat(config.toString()).doesNotContain("SECRET");
  }

  @Test
  void shouldDescribeEveryEndpointByItsKeysWithSecretsMasked() {
    String previous = TestConfigs.webhookSecret(24);
    String crm = TestConfigs.webhookSecret(40);
    String callback = TestConfigs.webhookSecret(48);
    Properties props =
        minimalWith(
            "webhook.url", "https://hooks.example.com/x",
            "webhook.secret", WEBHOOK_SECRET,
            "webhook.previous-secret", previous,
            "webhook.endpoints.crm.url", "https://u:basic-SECRET@crm.example.com/h?k=query-SECRET",
            "webhook.endpoints.crm.secret", crm,
            "webhook.endpoints.crm.events", "download.error",
            "webhook.endpoints.crm.accounts", "023e105f4ecef8ad9ca31a8372d0c353",
            "webhook.endpoints.crm.cloudflare-signature", "true",
            "webhook.callback-secret", callback);
    AppConfig config = TestConfigs.load(props);

    assertThat(config.describe())
        .contains(
            String.join(
                "\n",
                "webhook.url=https://hooks.example.com/x",
                "webhook.secret=****",
                "webhook.previous-secret=****",
                "webhook.events=download.ready,download.error",
                "webhook.accounts=(all)",
                "webhook.cloudflare-signature=false",
                "webhook.endpoints.crm.url=https://****@crm.example.com/h?****",
                "webhook.endpoints.crm.secret=****",
                "webhook.endpoints.crm.previous-secret=(unset)",
                "webhook.endpoints.crm.events=download.error",
                "webhook.endpoints.crm.accounts=023e105f4ecef8ad9ca31a8372d0c353",
                "webhook.endpoints.crm.cloudflare-signature=true",
                "webhook.callback-secret=****"))
        .contains("webhook.max-concurrency=8");
    for (String text : List.of(config.describe(), config.toString())) {
      assertThat(text)
          .doesNotContain("SECRET")
          .doesNotContain(WEBHOOK_SECRET.substring(6))
          .doesNotContain(previous.substring(6))
          .doesNotContain(crm.substring(6))
          .doesNotContain(callback.substring(6));
    }
  }

  @Test
  void shouldSayWhichSecretSignsCallbacksWhenNoCallbackSecretIsSet() {
    AppConfig config = TestConfigs.load(minimalWith("webhook.secret", WEBHOOK_SECRET));

    assertThat(config.describe())
        .contains("webhook.url=(unset)\nwebhook.secret=****\n")
        .contains("webhook.callback-secret=(unset, webhook.secret signs callbacks)");
  }
}
