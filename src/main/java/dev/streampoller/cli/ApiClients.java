package dev.streampoller.cli;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import java.time.Clock;

/** The one way the commands build an API client for an account. */
final class ApiClients {
  private ApiClients() {}

  static CloudflareClient forAccount(AppConfig config, AccountConfig account, Clock clock) {
    return new CloudflareClient(
        config.cloudflare().apiBaseUrl(),
        account.credential(),
        config.cloudflare().connectTimeout(),
        config.cloudflare().responseTimeout(),
        Daemon.USER_AGENT,
        clock);
  }
}
