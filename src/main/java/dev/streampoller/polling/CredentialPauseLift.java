package dev.streampoller.polling;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a start-up does to credential pauses: a restart is how an operator says a rejected
 * credential was fixed, so the pause is lifted and the credential's bucket, which the pause froze
 * until the pause's end, refills from now. A bucket whose other accounts are still paused (a 429 is
 * per user) stays frozen.
 */
public final class CredentialPauseLift {
  private CredentialPauseLift() {}

  /**
   * Lifts the credential pauses of the given accounts and thaws their buckets; runs in the caller's
   * transaction.
   *
   * @param budgetIdByAccount each configured account and the id of its credential's budget
   * @return the accounts whose pause was lifted, sorted
   */
  public static List<String> atStart(
      Connection c, Map<String, String> budgetIdByAccount, Instant now) {
    AccountPauseRepository pauses = new AccountPauseRepository();
    List<String> lifted = pauses.clearCredentialPauses(c, budgetIdByAccount.keySet(), now);
    Set<String> budgets = new TreeSet<>();
    lifted.forEach(account -> budgets.add(budgetIdByAccount.get(account)));
    RequestBudgetRepository buckets = new RequestBudgetRepository();
    for (String budgetId : budgets) {
      boolean stillPaused = false;
      for (Map.Entry<String, String> e : budgetIdByAccount.entrySet()) {
        if (e.getValue().equals(budgetId) && pauses.pausedUntil(c, e.getKey(), now).isPresent()) {
          stillPaused = true;
        }
      }
      if (!stillPaused) {
        buckets.thaw(c, budgetId, now);
      }
    }
    return lifted;
  }
}
