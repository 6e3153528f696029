package dev.streampoller.cli;

import dev.streampoller.config.AccountConfig;
import dev.streampoller.db.Database;
import dev.streampoller.discovery.DiscoveryRepository;
import java.util.List;
import java.util.Optional;

/** How {@code status} and {@code check} describe an account's auto-track, from its row. */
final class DiscoveryReport {
  private DiscoveryReport() {}

  /** The account's row as {@code discovery_status} has it, if auto-track ever ran for it. */
  static Optional<DiscoveryRepository.Status> find(Database database, String accountId) {
    List<DiscoveryRepository.Status> rows =
        database.inTransaction(c -> new DiscoveryRepository().statuses(c, List.of(accountId)));
    return rows.stream().findFirst();
  }

  /**
   * e.g. {@code on (every PT1M, downloads default), 12 video(s) discovered, cursor ..., last round
   * ..., next ...}, and the last failure when the last round failed.
   */
  static String describe(AccountConfig account, Optional<DiscoveryRepository.Status> row) {
    AccountConfig.AutoTrack settings = account.autoTrack();
    String config =
        settings.enabled()
            ? "on (every "
                + settings.interval()
                + ", downloads "
                + (settings.downloads().isEmpty() ? "none" : String.join(",", settings.downloads()))
                + ")"
            : "off";
    if (row.isEmpty()) {
      return config + (settings.enabled() ? ", no round yet" : "");
    }
    DiscoveryRepository.Status s = row.get();
    String text =
        config
            + ", "
            + s.videosFound()
            + " video(s) discovered ("
            + s.discoveredActive()
            + " still polled), "
            + s.listRequests()
            + " list request(s), cursor "
            + s.cursor()
            + ", last round "
            + (s.lastRunAt() == null ? "never" : s.lastRunAt())
            + (settings.enabled() ? ", next " + s.nextRunAt() : "");
    if (s.failures() > 0 && s.lastError() != null) {
      text += "; the last " + s.failures() + " round(s) failed: " + s.lastError();
    }
    return text;
  }
}
