package dev.streampoller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Accounts and budgets built in code are held to the same rules as loaded ones. */
class AccountConfigTest {
  private static final CloudflareCredential PRIMARY_TOKEN =
      new CloudflareCredential.ApiToken(Secret.of("primary-SECRET"));
  private static final CloudflareCredential OTHER_TOKEN =
      new CloudflareCredential.ApiToken(Secret.of("other-SECRET"));

  private static CloudflareConfig withAccounts(int budget, List<AccountConfig> accounts) {
    return new CloudflareConfig(
        CloudflareConfig.DEFAULT_API_BASE_URL,
        "primary",
        PRIMARY_TOKEN,
        CloudflareConfig.DEFAULT_CONNECT_TIMEOUT,
        CloudflareConfig.DEFAULT_RESPONSE_TIMEOUT,
        budget,
        accounts);
  }

  @Test
  void shouldKeepTheFiveArgumentConstructorWithTheDefaultBudgetAndNoOtherAccount() {
    CloudflareConfig config =
        new CloudflareConfig(
            URI.create("http://127.0.0.1:9000/v4"),
            "abc",
            PRIMARY_TOKEN,
            Duration.ofSeconds(1),
            Duration.ofSeconds(2));

    assertThat(config.requestsPerFiveMinutes())
        .isEqualTo(CloudflareConfig.DEFAULT_REQUESTS_PER_FIVE_MINUTES)
        .isEqualTo(900);
    assertThat(config.additionalAccounts()).isEmpty();
    assertThat(config.primaryAccount()).isEqualTo(new AccountConfig("abc", PRIMARY_TOKEN, 900));
  }

  @Test
  void shouldListThePrimaryAccountFirst() {
    AccountConfig other = new AccountConfig("other", OTHER_TOKEN, 300);

    CloudflareConfig config = withAccounts(600, List.of(other));

    assertThat(config.accounts())
        .containsExactly(new AccountConfig("primary", PRIMARY_TOKEN, 600), other);
  }

  @Test
  void shouldKeepBudgetAndAccountsWhenTheApiBaseUrlChanges() {
    CloudflareConfig config = withAccounts(600, List.of(AccountConfig.of("other", OTHER_TOKEN)));

    CloudflareConfig moved = config.withApiBaseUrl(URI.create("http://127.0.0.1:9000/v4"));

    assertThat(moved.requestsPerFiveMinutes()).isEqualTo(600);
    assertThat(moved.additionalAccounts()).isEqualTo(config.additionalAccounts());
  }

  @Test
  void shouldCopyTheAdditionalAccountsIntoAnImmutableList() {
    List<AccountConfig> accounts = new ArrayList<>(List.of(AccountConfig.of("a", OTHER_TOKEN)));
    CloudflareConfig config = withAccounts(900, accounts);
    accounts.clear();

    assertThat(config.additionalAccounts()).hasSize(1);
    assertThatThrownBy(() -> config.additionalAccounts().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldRejectAnAccountWithABadIdOrBudget() {
    assertThatThrownBy(() -> new AccountConfig("a-b", OTHER_TOKEN, 1))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "cloudflare.accounts.<name>.account-id: must be 1 to 32 letters or digits,"
                            + " was 'a-b'",
                        "cloudflare.accounts.<name>.rate-limit.requests-per-5-minutes: must be"
                            + " between 2 and 1200, was 1"));
  }

  @Test
  void shouldRejectAPrimaryBudgetAboveCloudflaresLimit() {
    assertThatThrownBy(() -> withAccounts(1201, List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "cloudflare.rate-limit.requests-per-5-minutes: must be between 2 and 1200, was 1201");
  }

  @Test
  void shouldRejectTheSameAccountTwiceInCode() {
    assertThatThrownBy(() -> withAccounts(900, List.of(AccountConfig.of("primary", OTHER_TOKEN))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "cloudflare.accounts[0].account-id: account 'primary' is already configured by"
                + " cloudflare.account-id");
  }

  @Test
  void shouldRejectTwoBudgetsForOneCredentialInCode() {
    AccountConfig sameUser =
        new AccountConfig(
            "other", new CloudflareCredential.ApiToken(Secret.of("primary-SECRET")), 5);

    assertThatThrownBy(() -> withAccounts(900, List.of(sameUser)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(
            "cloudflare.accounts[0].rate-limit.requests-per-5-minutes: is 5 but"
                + " cloudflare.rate-limit.requests-per-5-minutes is 900")
        .hasMessageNotContaining("primary-SECRET");
  }

  @Test
  void shouldListOneBudgetPerCredential() {
    CloudflareConfig config =
        withAccounts(
            600,
            List.of(
                new AccountConfig("a", PRIMARY_TOKEN, 600),
                new AccountConfig("b", OTHER_TOKEN, 300)));

    assertThat(config.budgets())
        .containsExactly(
            java.util.Map.entry(PRIMARY_TOKEN.budgetId(), 600),
            java.util.Map.entry(OTHER_TOKEN.budgetId(), 300));
  }
}
