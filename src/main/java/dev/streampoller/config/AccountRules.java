package dev.streampoller.config;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The rules that span accounts: each account is listed once, and accounts sharing a credential (one
 * Cloudflare user, one rate limit) declare one budget. Shared by the loader, which names the keys
 * of the file, and {@link CloudflareConfig}, which checks configs built in code.
 */
final class AccountRules {
  /**
   * One account as far as it could be read; a null field was already reported as a problem and is
   * left out of the comparisons.
   */
  record Entry(
      AccountKeys keys,
      @Nullable String accountId,
      @Nullable CloudflareCredential credential,
      @Nullable Integer requestsPerFiveMinutes) {
    static Entry of(AccountKeys keys, AccountConfig account) {
      return new Entry(
          keys, account.accountId(), account.credential(), account.requestsPerFiveMinutes());
    }
  }

  private AccountRules() {}

  /** Reports each conflict once, on the later entry, naming the earlier one's key too. */
  static void validate(Problems p, List<Entry> accounts) {
    for (int i = 0; i < accounts.size(); i++) {
      Entry later = accounts.get(i);
      for (int j = 0; j < i; j++) {
        Entry earlier = accounts.get(j);
        if (later.accountId() != null && later.accountId().equals(earlier.accountId())) {
          p.add(
              later.keys().accountId(),
              "account '"
                  + later.accountId()
                  + "' is already configured by "
                  + earlier.keys().accountId()
                  + "; list each account once");
          break;
        }
      }
      for (int j = 0; j < i; j++) {
        Entry earlier = accounts.get(j);
        // Comparing with the first account of the group whose budget was read is enough: it
        // reports every outlier. One whose budget was not read must not hide the others.
        if (earlier.requestsPerFiveMinutes() != null && sameUser(later, earlier)) {
          reportBudgetConflict(p, later, earlier);
          break;
        }
      }
    }
  }

  private static boolean sameUser(Entry a, Entry b) {
    return a.credential() != null
        && b.credential() != null
        && a.credential().budgetId().equals(b.credential().budgetId());
  }

  private static void reportBudgetConflict(Problems p, Entry later, Entry earlier) {
    Integer budget = later.requestsPerFiveMinutes();
    Integer shared = earlier.requestsPerFiveMinutes();
    if (budget == null || shared == null || budget.equals(shared)) {
      return;
    }
    p.add(
        later.keys().requestsPerFiveMinutes(),
        "is "
            + budget
            + " but "
            + earlier.keys().requestsPerFiveMinutes()
            + " is "
            + shared
            + ", and both accounts use the same credential ("
            + later.credential().label()
            + "), which has one budget; set the same value");
  }
}
