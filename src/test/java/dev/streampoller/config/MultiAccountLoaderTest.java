package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.TOKEN;
import static dev.streampoller.config.TestConfigs.minimal;
import static dev.streampoller.config.TestConfigs.minimalWith;
import static dev.streampoller.config.TestConfigs.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The request budget and the additional accounts, {@code cloudflare.accounts.<name>.*}. */
class MultiAccountLoaderTest {
  private static final String PRIMARY = "023e105f4ecef8ad9ca31a8372d0c353";
  private static final String EU = "aaaa0000bbbb1111cccc2222dddd3333";
  private static final String US = "eeee4444ffff5555aaaa6666bbbb7777";

  @TempDir Path dir;

  private static CloudflareCredential token(String value) {
    return new CloudflareCredential.ApiToken(Secret.of(value));
  }

  @Test
  void shouldGiveThePrimaryCredentialTheDefaultBudgetAndNoOtherAccount() {
    CloudflareConfig cf = TestConfigs.load(minimal()).cloudflare();

    assertThat(cf.defaultAccount().requestsPerFiveMinutes()).isEqualTo(900);
    assertThat(cf.accounts())
        .containsExactly(TestConfigs.account("default", PRIMARY, token(TOKEN), 900));
  }

  @Test
  void shouldReadThePrimaryBudget() {
    Properties props = minimalWith("cloudflare.rate-limit.requests-per-5-minutes", "1200");

    assertThat(TestConfigs.load(props).cloudflare().defaultAccount().requestsPerFiveMinutes())
        .isEqualTo(1200);
  }

  @Test
  void shouldLoadASingleAccountFileExactlyAsBefore() throws Exception {
    Path file = dir.resolve("old.properties");
    Files.writeString(
        file,
        "cloudflare.account-id=abc\ncloudflare.api-token=${T}\ndatabase.url=jdbc:postgresql:db\n",
        StandardCharsets.UTF_8);

    AppConfig config = ConfigLoader.load(file, Map.of("T", "old-SECRET"));

    assertThat(config.cloudflare())
        .isEqualTo(
            new CloudflareConfig(
                URI.create("https://api.cloudflare.com/client/v4"),
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                List.of(TestConfigs.account("default", "abc", token("old-SECRET"), 900))));
  }

  @Test
  void shouldLoadAdditionalAccountsInNameOrderEachWithItsOwnCredentialAndBudget() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.us.account-id", US,
            "cloudflare.accounts.us.api-token", "${US_TOKEN}",
            "cloudflare.accounts.us.rate-limit.requests-per-5-minutes", "300",
            "cloudflare.accounts.eu-1.account-id", EU,
            "cloudflare.accounts.eu-1.api-email", "eu@example.com",
            "cloudflare.accounts.eu-1.api-key", "eu-SECRET");

    CloudflareConfig cf =
        ConfigLoader.fromProperties(props, "t", Map.of("US_TOKEN", "us-SECRET")).cloudflare();

    assertThat(cf.accounts())
        .containsExactly(
            TestConfigs.account("default", PRIMARY, token(TOKEN), 900),
            TestConfigs.account(
                "eu-1",
                EU,
                new CloudflareCredential.ApiKey("eu@example.com", Secret.of("eu-SECRET")),
                900),
            TestConfigs.account("us", US, token("us-SECRET"), 300));
  }

  @Test
  void shouldReadAnAdditionalAccountsSecretFromItsFileTwin() throws Exception {
    Path secret = Files.writeString(dir.resolve("eu-token"), "eu-file-SECRET\n");
    Properties props =
        minimalWith(
            "cloudflare.accounts.eu.account-id",
            EU,
            "cloudflare.accounts.eu.api-token-file",
            secret.toString());

    assertThat(TestConfigs.load(props).cloudflare().accounts())
        .containsExactly(
            TestConfigs.account("default", PRIMARY, token(TOKEN), 900),
            TestConfigs.account("eu", EU, token("eu-file-SECRET"), 900));
  }

  @Test
  void shouldReserveTheNameDefaultForTheAccountOfTheCloudflareKeys() {
    assertThat(
            problemsOf(
                minimalWith(
                    "cloudflare.accounts.default.account-id",
                    EU,
                    "cloudflare.accounts.default.api-token",
                    "eu-SECRET")))
        .containsExactly(
            "cloudflare.accounts.default.account-id: the account named default is the one of the"
                + " cloudflare.* keys; set cloudflare.account-id instead, or give this account"
                + " another name (test.properties)",
            "cloudflare.accounts.default.api-token: the account named default is the one of the"
                + " cloudflare.* keys; set cloudflare.api-token instead, or give this account"
                + " another name (test.properties)");
  }

  @Test
  void shouldRequireTheAccountIdOfAnAdditionalAccount() {
    assertThat(problemsOf(minimalWith("cloudflare.accounts.eu.api-token", "eu-SECRET")))
        .containsExactly("cloudflare.accounts.eu.account-id: is required (test.properties)");
  }

  @Test
  void shouldRequireACredentialForAnAdditionalAccount() {
    assertThat(problemsOf(minimalWith("cloudflare.accounts.eu.account-id", EU)))
        .containsExactly(
            "cloudflare.accounts.eu.api-token: is required: set cloudflare.accounts.eu.api-token"
                + " (or cloudflare.accounts.eu.api-token-file), or cloudflare.accounts.eu.api-email"
                + " with cloudflare.accounts.eu.api-key (or cloudflare.accounts.eu.api-key-file)"
                + " (test.properties)");
  }

  @Test
  void shouldRejectBothCredentialSchemesForAnAdditionalAccount() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.eu.account-id", EU,
            "cloudflare.accounts.eu.api-token", "eu-SECRET",
            "cloudflare.accounts.eu.api-key", "key-SECRET");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.eu.api-token: set either an API token or"
                + " cloudflare.accounts.eu.api-email + cloudflare.accounts.eu.api-key, not both"
                + " (test.properties)");
  }

  @Test
  void shouldRequireTheApiKeyWithTheEmailOfAnAdditionalAccount() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.eu.account-id",
            EU,
            "cloudflare.accounts.eu.api-email",
            "eu@example.com");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.eu.api-key: is required with cloudflare.accounts.eu.api-email"
                + " (test.properties)");
  }

  @Test
  void shouldRejectASecretAndItsFileTwinForAnAdditionalAccount() throws Exception {
    Path tokenFile = Files.writeString(dir.resolve("eu-token"), "eu-file-SECRET\n");
    Properties props =
        minimalWith(
            "cloudflare.accounts.eu.account-id",
            EU,
            "cloudflare.accounts.eu.api-token",
            "eu-SECRET",
            "cloudflare.accounts.eu.api-token-file",
            tokenFile.toString());

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.eu.api-token: set either cloudflare.accounts.eu.api-token or"
                + " cloudflare.accounts.eu.api-token-file, not both (test.properties)");
  }

  @Test
  void shouldRejectAMalformedIdOrBudgetOfAnAdditionalAccount() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.eu.account-id", "eu-account",
            "cloudflare.accounts.eu.api-token", "eu-SECRET",
            "cloudflare.accounts.eu.rate-limit.requests-per-5-minutes", "1201");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.eu.account-id: must be 1 to 32 letters or digits, was"
                + " 'eu-account' (test.properties)",
            "cloudflare.accounts.eu.rate-limit.requests-per-5-minutes: must be between 2 and"
                + " 1200, was 1201 (test.properties)");
  }

  @Test
  void shouldRejectAnAccountIdThatIsAlsoThePrimaryOne() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.eu.account-id",
            PRIMARY,
            "cloudflare.accounts.eu.api-token",
            "eu-SECRET");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.eu.account-id: account '"
                + PRIMARY
                + "' is already configured by cloudflare.account-id; list each account once"
                + " (test.properties)");
  }

  @Test
  void shouldRejectTwoAdditionalAccountsWithOneId() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.a.account-id",
            EU,
            "cloudflare.accounts.a.api-token",
            "a-SECRET",
            "cloudflare.accounts.b.account-id",
            EU,
            "cloudflare.accounts.b.api-token",
            "b-SECRET");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.b.account-id: account '"
                + EU
                + "' is already configured by cloudflare.accounts.a.account-id; list each account"
                + " once (test.properties)");
  }

  @Test
  void shouldRejectTwoBudgetsForTheSameToken() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.eu.account-id", EU,
            "cloudflare.accounts.eu.api-token", TOKEN,
            "cloudflare.accounts.eu.rate-limit.requests-per-5-minutes", "600");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.eu.rate-limit.requests-per-5-minutes: is 600 but"
                + " cloudflare.rate-limit.requests-per-5-minutes is 900, and both accounts use the"
                + " same credential (api-token), which has one budget; set the same value"
                + " (test.properties)");
  }

  @Test
  void shouldTreatTheSameEmailInAnotherCaseAsTheSameUser() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.a.account-id", EU,
            "cloudflare.accounts.a.api-email", "Ops@Example.com",
            "cloudflare.accounts.a.api-key", "key-SECRET",
            "cloudflare.accounts.b.account-id", US,
            "cloudflare.accounts.b.api-email", "ops@example.COM",
            "cloudflare.accounts.b.api-key", "key-SECRET",
            "cloudflare.accounts.b.rate-limit.requests-per-5-minutes", "100");

    assertThat(problemsOf(props))
        .singleElement()
        .asString()
        .startsWith(
            "cloudflare.accounts.b.rate-limit.requests-per-5-minutes: is 100 but"
                + " cloudflare.accounts.a.rate-limit.requests-per-5-minutes is 900");
  }

  @Test
  void shouldShareOneBudgetBetweenAccountsOfOneCredential() {
    Properties props =
        minimalWith(
            "cloudflare.rate-limit.requests-per-5-minutes",
            "600",
            "cloudflare.accounts.eu.account-id",
            EU,
            "cloudflare.accounts.eu.api-token",
            TOKEN,
            "cloudflare.accounts.eu.rate-limit.requests-per-5-minutes",
            "600",
            "cloudflare.accounts.us.account-id",
            US,
            "cloudflare.accounts.us.api-token",
            "us-SECRET");

    CloudflareConfig cf = TestConfigs.load(props).cloudflare();

    assertThat(cf.budgets())
        .containsExactly(
            Map.entry(token(TOKEN).budgetId(), 600), Map.entry(token("us-SECRET").budgetId(), 900));
  }

  @Test
  void shouldReportATypoAfterTheAccountNameAsAnUnknownKeyWithTheRightSuggestion() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.eu.account-id", EU,
            "cloudflare.accounts.eu.api-token", "eu-SECRET",
            "cloudflare.accounts.eu.rate-limit.requests-per-5-minute", "600");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.eu.rate-limit.requests-per-5-minute: unknown key; did you mean"
                + " cloudflare.accounts.eu.rate-limit.requests-per-5-minutes? (test.properties)");
  }

  @Test
  void shouldNotInventAnAccountFromALoneTypo() {
    assertThat(problemsOf(minimalWith("cloudflare.accounts.eu.acount-id", EU)))
        .containsExactly(
            "cloudflare.accounts.eu.acount-id: unknown key; did you mean"
                + " cloudflare.accounts.eu.account-id? (test.properties)");
  }

  @Test
  void shouldRejectAMalformedAccountName() {
    Properties props =
        minimalWith(
            "cloudflare.accounts.EU_1.account-id",
            EU,
            "cloudflare.accounts.EU_1.api-token",
            "eu-SECRET");

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.accounts.EU_1.account-id: account name must be 1 to 32 characters a-z,"
                + " 0-9 or -, was 'EU_1' (test.properties)",
            "cloudflare.accounts.EU_1.api-token: account name must be 1 to 32 characters a-z,"
                + " 0-9 or -, was 'EU_1' (test.properties)");
  }
}
