package dev.streampoller.cli;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.CloudflareHttp;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.AppConfig;
import java.time.Clock;

/** The one way the commands build an API client for an account. */
final class ApiClients {
  private ApiClients() {}

  /**
   * The connection pool and deadline thread every account of a daemon shares: one keep-alive pool
   * to the API host, instead of a pool and two threads per account.
   */
  static CloudflareHttp sharedHttp(AppConfig config) {
    return CloudflareHttp.create(
        config.cloudflare().connectTimeout(),
        config.cloudflare().responseTimeout(),
        Daemon.USER_AGENT,
        CloudflareHttp.SHARED_MAX_CONNECTIONS);
  }

  /** A client for {@code account} on {@code shared}, which closing the client leaves open. */
  static CloudflareClient forAccount(
      AppConfig config, AccountConfig account, Clock clock, CloudflareHttp shared) {
    return new CloudflareClient(
        config.cloudflare().apiBaseUrl(), account.credential(), shared, clock);
  }

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
