package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.webhookSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A file with several independent problems gets all of them in one report (exit 78): no problem
 * hides another, whether it sits in the same key, in a secret's {@code -file} twin or in a rule
 * across keys.
 */
class EveryProblemInOnePassTest {
  private static final String TOKEN = "cfut_token-SECRET-0001";

  @TempDir Path dir;

  /**
   * The problems found in the smallest valid file plus {@code lines}, each without the file name
   * that every one of them must end with.
   */
  private List<String> problemsOf(String... lines) throws Exception {
    List<String> all = new ArrayList<>();
    all.add("cloudflare.account-id=023e105f4ecef8ad9ca31a8372d0c353");
    all.add("database.url=jdbc:postgresql://localhost:5432/poller");
    all.addAll(List.of(lines));
    if (all.stream().noneMatch(l -> l.startsWith("cloudflare.api-"))) {
      all.add("cloudflare.api-token=" + TOKEN);
    }
    Path config = write("poller.properties", String.join("\n", all) + "\n");
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> ConfigLoader.load(config, Map.of()));
    assertThat(e).as("a ConfigException, which the CLI turns into exit 78").isNotNull();
    String suffix = " (" + config + ")";
    assertThat(e.problems()).allSatisfy(p -> assertThat(p).endsWith(suffix));
    return e.problems().stream().map(p -> p.substring(0, p.length() - suffix.length())).toList();
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void shouldNameEveryBadItemOfTheRetryScheduleUnreadableOrNotPositive() throws Exception {
    assertThat(problemsOf("webhook.retry-schedule=PT5S, 5m, PT0S, -PT1M, x", "poll.batch-size=0"))
        .containsExactlyInAnyOrder(
            "webhook.retry-schedule: item 2 must be an ISO-8601 duration such as PT5S, was '5m'",
            "webhook.retry-schedule: delay 3 must be positive, was PT0S",
            "webhook.retry-schedule: delay 4 must be positive, was PT-1M",
            "webhook.retry-schedule: item 5 must be an ISO-8601 duration such as PT5S, was 'x'",
            "poll.batch-size: must be between 1 and 1000, was 0");
  }

  @Test
  void shouldReportAMissingTokenFileAlsoWhenTheTokenIsSetInline() throws Exception {
    Path missing = dir.resolve("no-such-token");

    assertThat(
            problemsOf(
                "cloudflare.api-token=" + TOKEN,
                "cloudflare.api-token-file=" + missing,
                "scheduler.threads=1"))
        .containsExactlyInAnyOrder(
            "cloudflare.api-token: set either cloudflare.api-token or cloudflare.api-token-file,"
                + " not both",
            "cloudflare.api-token-file: cannot read " + missing + " (NoSuchFileException)",
            "scheduler.threads: must be between 2 and 64, was 1");
  }

  @Test
  void shouldReadBothValuesOfASecretSetInlineAndAsAFile() throws Exception {
    Path empty = write("db-password", "\n");

    assertThat(
            problemsOf(
                "database.password=${DB_PASSWORD}",
                "database.password-file=" + empty.getFileName()))
        .containsExactlyInAnyOrder(
            "database.password: set either database.password or database.password-file, not both",
            "database.password: environment variable DB_PASSWORD is not set",
            "database.password-file: file " + empty + " is empty");
  }

  @Test
  void shouldCheckTheShapeOfBothWebhookSecretsSetInlineAndAsAFile() throws Exception {
    Path shortSecret = write("webhook-secret", "whsec_U0VDUkVULXNob3J0\n");

    List<String> problems =
        problemsOf(
            "webhook.url=https://hooks.example.com/x",
            "webhook.secret=not-whsec-SECRET-abc",
            "webhook.secret-file=" + shortSecret);

    assertThat(problems)
        .containsExactlyInAnyOrder(
            "webhook.secret: set either webhook.secret or webhook.secret-file, not both",
            "webhook.secret: must start with whsec_ (value hidden)",
            "webhook.secret-file: must decode to 24 to 64 bytes, decoded to 12 (value hidden)");
    assertThat(String.join("\n", problems)).doesNotContain("SECRET").doesNotContain("U0VD");
  }

  @Test
  void shouldCheckEveryEndpointSecretSetTwiceAndTheCallbackSecret() throws Exception {
    Path good = write("crm-secret", webhookSecret(32) + "\n");

    assertThat(
            problemsOf(
                "webhook.endpoints.crm.url=https://crm.example.com/hooks",
                "webhook.endpoints.crm.secret=whsec_!!!",
                "webhook.endpoints.crm.secret-file=" + good,
                "webhook.endpoints.crm.previous-secret=" + webhookSecret(24),
                "webhook.endpoints.crm.previous-secret-file=" + dir.resolve("gone"),
                "webhook.callback-secret=short"))
        .containsExactlyInAnyOrder(
            "webhook.endpoints.crm.secret: set either webhook.endpoints.crm.secret or"
                + " webhook.endpoints.crm.secret-file, not both",
            "webhook.endpoints.crm.secret: must be whsec_ followed by base64 (value hidden)",
            "webhook.endpoints.crm.previous-secret: set either"
                + " webhook.endpoints.crm.previous-secret or"
                + " webhook.endpoints.crm.previous-secret-file, not both",
            "webhook.endpoints.crm.previous-secret-file: cannot read "
                + dir.resolve("gone")
                + " (NoSuchFileException)",
            "webhook.callback-secret: must start with whsec_ (value hidden)");
  }

  @Test
  void shouldCheckTheEmailAlsoWhenBothCredentialSchemesAreSet() throws Exception {
    assertThat(
            problemsOf(
                "cloudflare.api-token=" + TOKEN,
                "cloudflare.api-email=ops",
                "cloudflare.api-key=key-SECRET"))
        .containsExactlyInAnyOrder(
            "cloudflare.api-token: set either an API token or cloudflare.api-email +"
                + " cloudflare.api-key, not both",
            "cloudflare.api-email: must be an e-mail address, was 'ops'");
  }

  @Test
  void shouldCompareTheBudgetsOfOneCredentialPastABudgetThatDidNotParse() throws Exception {
    assertThat(
            problemsOf(
                "cloudflare.rate-limit.requests-per-5-minutes=lots",
                "cloudflare.accounts.eu.account-id=eu0123456789",
                "cloudflare.accounts.eu.api-token=" + TOKEN,
                "cloudflare.accounts.eu.rate-limit.requests-per-5-minutes=500",
                "cloudflare.accounts.us.account-id=us0123456789",
                "cloudflare.accounts.us.api-token=" + TOKEN,
                "cloudflare.accounts.us.rate-limit.requests-per-5-minutes=600"))
        .containsExactlyInAnyOrder(
            "cloudflare.rate-limit.requests-per-5-minutes: must be an integer, was 'lots'",
            "cloudflare.accounts.us.rate-limit.requests-per-5-minutes: is 600 but"
                + " cloudflare.accounts.eu.rate-limit.requests-per-5-minutes is 500, and both"
                + " accounts use the same credential (api-token), which has one budget; set the"
                + " same value");
  }

  @Test
  void shouldReportTheHostAndThePortOfTheListenAddressTogether() throws Exception {
    assertThat(problemsOf("ops.listen-address=my host:http", "database.pool-size=1"))
        .containsExactlyInAnyOrder(
            "ops.listen-address: host must not contain blanks, was 'my host'",
            "ops.listen-address: port must be an integer, was 'my host:http'",
            "database.pool-size: must be between 2 and 200, was 1");
  }

  @Test
  void shouldReportAnUnbracketedIpv6AddressAndItsBadPortTogether() throws Exception {
    assertThat(problemsOf("ops.listen-address=::1:70000"))
        .containsExactlyInAnyOrder(
            "ops.listen-address: an IPv6 address must be in brackets, was '::1:70000'",
            "ops.listen-address: port must be between 1 and 65535, was 70000");
  }

  @Test
  void shouldCheckTheDefaultEndpointsValuesAlsoWithoutItsUrl() throws Exception {
    assertThat(
            problemsOf(
                "#webhook.url=https://hooks.example.com/x",
                "webhook.events=download.readyy",
                "webhook.cloudflare-signature=yes"))
        .containsExactlyInAnyOrder(
            "webhook.events: is set but webhook.url is not; it configures that endpoint",
            "webhook.cloudflare-signature: is set but webhook.url is not; it configures that"
                + " endpoint",
            "webhook.events: unknown event 'download.readyy'; allowed: download.ready,"
                + " download.error",
            "webhook.cloudflare-signature: must be true or false, was 'yes'");
  }

  @Test
  void shouldCheckACrossKeyRuleAgainstAValueThatParsedEvenIfItIsInvalid() throws Exception {
    assertThat(problemsOf("poll.min-interval=PT0.001S", "poll.max-interval=PT0.0001S"))
        .containsExactlyInAnyOrder(
            "poll.min-interval: must be at least PT0.01S, was PT0.001S",
            "poll.max-interval: must be at least poll.min-interval (PT0.001S), was PT0.0001S");
  }

  @Test
  void shouldListTheParseErrorAndEveryOtherProblemWhenACrossKeyRuleCannotBeChecked()
      throws Exception {
    assertThat(
            problemsOf(
                "webhook.timeout=15s", "webhook.lease=PT0S", "poll.check-interval=PT0S", "x=1"))
        .containsExactlyInAnyOrder(
            "x: unknown key",
            "webhook.timeout: must be an ISO-8601 duration such as PT5S, was '15s'",
            "webhook.lease: must be positive, was PT0S",
            "poll.check-interval: must be positive, was PT0S");
  }

  @Test
  void shouldReportEveryProblemOfTheOperatorsFileInOnePass() throws Exception {
    Path missing = dir.resolve("cloudflare-api-token");

    assertThat(
            problemsOf(
                "cloudflare.api-token=" + TOKEN,
                "cloudflare.api-token-file=" + missing,
                "cloudflare.response-timeout=30",
                "webhook.retry-schedule=PT5S,PT0S,1h,PT2H,-PT1S"))
        .containsExactlyInAnyOrder(
            "cloudflare.api-token: set either cloudflare.api-token or cloudflare.api-token-file,"
                + " not both",
            "cloudflare.api-token-file: cannot read " + missing + " (NoSuchFileException)",
            "cloudflare.response-timeout: must be an ISO-8601 duration such as PT5S, was '30'",
            "webhook.retry-schedule: delay 2 must be positive, was PT0S",
            "webhook.retry-schedule: item 3 must be an ISO-8601 duration such as PT5S, was '1h'",
            "webhook.retry-schedule: delay 5 must be positive, was PT-1S");
  }
}
