package dev.streampoller.config;

import static dev.streampoller.config.PropertyReader.INTEGER;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Reads the additional accounts, {@code cloudflare.accounts.<name>.*}, in name order. Like every
 * reader it reports problems instead of throwing, and reads on past them.
 */
final class AccountReader {
  private AccountReader() {}

  /** Each additional account as far as it could be read, ordered by name. */
  static List<AccountRules.Entry> read(PropertyReader in, Problems problems) {
    // Only known keys make an account: a lone typo is reported as an unknown key, not as an
    // account that lacks its id and credential.
    TreeSet<String> names = new TreeSet<>();
    for (String key : in.keys()) {
      AccountKeys.parse(key)
          .filter(AccountKeys.Parsed::validName)
          .filter(AccountKeys.Parsed::knownSuffix)
          .ifPresent(parsed -> names.add(parsed.name()));
    }
    List<AccountRules.Entry> accounts = new ArrayList<>();
    for (String name : names) {
      AccountKeys keys = AccountKeys.named(name);
      @Nullable String accountId = in.required(keys.accountId());
      @Nullable CloudflareCredential credential = CredentialReader.read(in, problems, keys);
      @Nullable Integer budget =
          in.withDefault(
              keys.requestsPerFiveMinutes(),
              CloudflareConfig.DEFAULT_REQUESTS_PER_FIVE_MINUTES,
              INTEGER);
      AccountConfig.validate(problems, keys, accountId, budget);
      accounts.add(new AccountRules.Entry(keys, accountId, credential, budget));
    }
    return accounts;
  }

  /**
   * A problem for a key of an account whose name is malformed, which would otherwise be reported as
   * merely unknown.
   */
  static Optional<String> badName(String key) {
    return AccountKeys.parse(key)
        .filter(parsed -> parsed.knownSuffix() && !parsed.validName())
        .map(
            parsed ->
                "account name must be 1 to 32 characters a-z, 0-9 or -, was '"
                    + parsed.name()
                    + "'");
  }

  /** The accounts once every problem has been ruled out; each field is then non-null. */
  static List<AccountConfig> toConfigs(List<AccountRules.Entry> accounts) {
    return accounts.stream()
        .map(
            a ->
                new AccountConfig(
                    Objects.requireNonNull(a.accountId()),
                    Objects.requireNonNull(a.credential()),
                    Objects.requireNonNull(a.requestsPerFiveMinutes())))
        .toList();
  }
}
