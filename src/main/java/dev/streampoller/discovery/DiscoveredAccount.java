package dev.streampoller.discovery;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.config.AccountConfig;
import java.util.List;
import java.util.Objects;

/**
 * An account with auto-track, its API client, and the ids of every account that shares its
 * credential (a 429 pauses them all, as a poll's does).
 */
public record DiscoveredAccount(
    AccountConfig account, CloudflareClient client, List<String> credentialAccountIds) {
  public DiscoveredAccount {
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(client, "client");
    credentialAccountIds = List.copyOf(credentialAccountIds);
  }

  String accountId() {
    return account.accountId();
  }

  AccountConfig.AutoTrack settings() {
    return account.autoTrack();
  }
}
