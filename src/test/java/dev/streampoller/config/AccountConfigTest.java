package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.minimalWith;
import static dev.streampoller.config.TestConfigs.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The accounts of the runtime model: the default one first, then the others by name. */
class AccountConfigTest {
  private static final String PRIMARY_ID = "023e105f4ecef8ad9ca31a8372d0c353";
  private static final CloudflareCredential PRIMARY_TOKEN =
      new CloudflareCredential.ApiToken(Secret.of(TestConfigs.TOKEN));
  private static final CloudflareCredential OTHER_TOKEN =
      new CloudflareCredential.ApiToken(Secret.of("other-SECRET"));

  private static Properties withAccount(String name, String... keyValues) {
    Properties props = minimalWith(keyValues);
    props.putIfAbsent("cloudflare.accounts." + name + ".account-id", "other");
    props.putIfAbsent("cloudflare.accounts." + name + ".api-token", "other-SECRET");
    return props;
  }

  @Test
  void shouldHaveTheDefaultAccountWithTheDefaultBudgetAndNoOther() {
    CloudflareConfig config = TestConfigs.load(TestConfigs.minimal()).cloudflare();

    AccountConfig expected = TestConfigs.account("default", PRIMARY_ID, PRIMARY_TOKEN, 900);
    assertThat(config.accounts()).containsExactly(expected);
    assertThat(config.defaultAccount()).isEqualTo(expected);
  }

  @Test
  void shouldListTheDefaultAccountFirstThenTheOthersByName() {
    Properties props =
        withAccount(
            "aa",
            "cloudflare.rate-limit.requests-per-5-minutes",
            "600",
            "cloudflare.accounts.aa.rate-limit.requests-per-5-minutes",
            "300",
            "cloudflare.accounts.zz.account-id",
            "zz1",
            "cloudflare.accounts.zz.api-token",
            "other-SECRET",
            "cloudflare.accounts.zz.rate-limit.requests-per-5-minutes",
            "300");

    assertThat(TestConfigs.load(props).cloudflare().accounts())
        .containsExactly(
            TestConfigs.account("default", PRIMARY_ID, PRIMARY_TOKEN, 600),
            TestConfigs.account("aa", "other", OTHER_TOKEN, 300),
            TestConfigs.account("zz", "zz1", OTHER_TOKEN, 300));
  }

  @Test
  void shouldReadAutoTrackOffByDefaultAndEachAccountsOwnKeys() {
    Properties props =
        withAccount(
            "eu",
            "cloudflare.auto-track.enabled",
            "true",
            "cloudflare.auto-track.downloads",
            "none",
            "cloudflare.accounts.eu.auto-track.enabled",
            "true",
            "cloudflare.accounts.eu.auto-track.downloads",
            "default,audio",
            "cloudflare.accounts.eu.auto-track.interval",
            "PT5M",
            "cloudflare.accounts.eu.auto-track.since",
            "2026-01-01T01:00:00+01:00",
            "cloudflare.accounts.eu.auto-track.look-back",
            "PT6H",
            "cloudflare.accounts.eu.auto-track.creator",
            "user-42",
            "cloudflare.accounts.eu.auto-track.search",
            "lesson");

    List<AccountConfig> accounts = TestConfigs.load(props).cloudflare().accounts();
    assertThat(TestConfigs.load(TestConfigs.minimal()).cloudflare().defaultAccount().autoTrack())
        .isEqualTo(TestConfigs.AUTO_TRACK_OFF);
    assertThat(accounts.get(0).autoTrack().enabled()).isTrue();
    assertThat(accounts.get(0).autoTrack().downloads()).isEmpty();
    assertThat(accounts.get(1).autoTrack())
        .isEqualTo(
            new AccountConfig.AutoTrack(
                true,
                List.of("default", "audio"),
                java.time.Duration.ofMinutes(5),
                java.util.Optional.of(java.time.Instant.parse("2026-01-01T00:00:00Z")),
                java.time.Duration.ofHours(6),
                java.util.Optional.of("user-42"),
                java.util.Optional.of("lesson")));
  }

  @Test
  void shouldReportAnAdditionalAccountsBadAutoTrackKeyUnderItsOwnName() {
    assertThat(
            TestConfigs.problemsOf(
                withAccount("eu", "cloudflare.accounts.eu.auto-track.interval", "PT1S")))
        .singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("cloudflare.accounts.eu.auto-track.interval: must be at least PT5S, was PT1S");
  }

  @Test
  void shouldKeepTheAccountsInAnImmutableList() {
    CloudflareConfig config = TestConfigs.load(withAccount("a")).cloudflare();

    assertThat(config.accounts()).hasSize(2);
    assertThatThrownBy(() -> config.accounts().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRejectAnAccountWithABadIdOrBudget() {
    assertThat(
            problemsOf(
                withAccount(
                    "x",
                    "cloudflare.accounts.x.account-id",
                    "a-b",
                    "cloudflare.accounts.x.rate-limit.requests-per-5-minutes",
                    "1")))
        .containsExactly(
            "cloudflare.accounts.x.account-id: must be 1 to 32 letters or digits, was 'a-b'"
                + " (test.properties)",
            "cloudflare.accounts.x.rate-limit.requests-per-5-minutes: must be between 2 and"
                + " 1200, was 1 (test.properties)");
  }

  @Test
  void shouldRejectAPrimaryBudgetAboveCloudflaresLimit() {
    assertThat(problemsOf(minimalWith("cloudflare.rate-limit.requests-per-5-minutes", "1201")))
        .containsExactly(
            "cloudflare.rate-limit.requests-per-5-minutes: must be between 2 and 1200, was 1201"
                + " (test.properties)");
  }

  @Test
  void shouldRejectTheSameAccountTwice() {
    assertThat(problemsOf(withAccount("x", "cloudflare.accounts.x.account-id", PRIMARY_ID)))
        .containsExactly(
            "cloudflare.accounts.x.account-id: account '"
                + PRIMARY_ID
                + "' is already configured by cloudflare.account-id; list each account once"
                + " (test.properties)");
  }

  @Test
  void shouldRejectTwoBudgetsForOneCredential() {
    Properties props =
        withAccount(
            "x",
            "cloudflare.accounts.x.api-token",
            TestConfigs.TOKEN,
            "cloudflare.accounts.x.rate-limit.requests-per-5-minutes",
            "5");

    assertThat(problemsOf(props))
        .singleElement()
        .asString()
        .startsWith(
            "cloudflare.accounts.x.rate-limit.requests-per-5-minutes: is 5 but"
                + " cloudflare.rate-limit.requests-per-5-minutes is 900")
        .doesNotContain(TestConfigs.TOKEN);
  }

  @Test
  void shouldListOneBudgetPerCredential() {
    Properties props =
        withAccount(
            "b",
            "cloudflare.rate-limit.requests-per-5-minutes",
            "600",
            "cloudflare.accounts.a.account-id",
            "a",
            "cloudflare.accounts.a.api-token",
            TestConfigs.TOKEN,
            "cloudflare.accounts.a.rate-limit.requests-per-5-minutes",
            "600",
            "cloudflare.accounts.b.rate-limit.requests-per-5-minutes",
            "300");

    assertThat(TestConfigs.load(props).cloudflare().budgets())
        .containsExactly(
            Map.entry(PRIMARY_TOKEN.budgetId(), 600), Map.entry(OTHER_TOKEN.budgetId(), 300));
  }
}
