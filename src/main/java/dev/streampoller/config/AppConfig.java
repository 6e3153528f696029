package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_CONNECT_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_RESPONSE_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.POLL_LEASE;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The whole configuration of one daemon instance: immutable and completely validated, including the
 * rules that span sections. Load it with {@link ConfigLoader}, or build it in code (the demo,
 * tests): the same rules apply either way.
 */
public record AppConfig(
    CloudflareConfig cloudflare,
    DatabaseConfig database,
    PollConfig poll,
    WebhookConfig webhook,
    SchedulerConfig scheduler,
    OpsConfig ops) {

  /** Validates the rules that span sections; throws {@link ConfigException}. */
  public AppConfig {
    Objects.requireNonNull(cloudflare, "cloudflare");
    Objects.requireNonNull(database, "database");
    Objects.requireNonNull(poll, "poll");
    Objects.requireNonNull(webhook, "webhook");
    Objects.requireNonNull(scheduler, "scheduler");
    Objects.requireNonNull(ops, "ops");
    Problems problems = new Problems();
    validate(problems, poll.lease(), cloudflare.connectTimeout(), cloudflare.responseTimeout());
    validateEndpointAccounts(
        problems,
        cloudflare.accounts().stream().map(AccountConfig::accountId).toList(),
        webhook.endpoints().stream()
            .map(e -> new EndpointAccounts(EndpointKeys.of(e.name()), List.copyOf(e.accounts())))
            .toList());
    problems.throwIfAny(null);
  }

  /** Everything but the operations listener, which gets {@link OpsConfig#defaults()}. */
  public AppConfig(
      CloudflareConfig cloudflare,
      DatabaseConfig database,
      PollConfig poll,
      WebhookConfig webhook,
      SchedulerConfig scheduler) {
    this(cloudflare, database, poll, webhook, scheduler, OpsConfig.defaults());
  }

  /**
   * The effective configuration as {@code key=value} lines (joined by {@code \n}), every secret
   * shown as {@code ****}, for the one INFO log line at start-up.
   */
  public String describe() {
    return String.join("\n", ConfigDescriber.lines(this));
  }

  /** The account filter of one endpoint; null when it could not be read. */
  record EndpointAccounts(EndpointKeys keys, @Nullable List<String> accounts) {}

  /**
   * An endpoint's account filter names only polled accounts: any other id is a typo that would
   * silently starve the endpoint. Skipped while an account id is unknown (already reported).
   */
  static void validateEndpointAccounts(
      Problems p, List<@Nullable String> accountIds, List<EndpointAccounts> endpoints) {
    if (accountIds.stream().anyMatch(Objects::isNull)) {
      return;
    }
    for (EndpointAccounts endpoint : endpoints) {
      if (endpoint.accounts() == null) {
        continue;
      }
      for (String account : endpoint.accounts()) {
        // A malformed id is reported by the endpoint's own rules.
        boolean wellFormed = AccountConfig.ACCOUNT_ID.matcher(account).matches();
        if (wellFormed && !accountIds.contains(account)) {
          p.add(
              endpoint.keys().accounts(),
              "account '"
                  + account
                  + "' is not configured (cloudflare.account-id or "
                  + AccountKeys.pattern(AccountKeys.ACCOUNT_ID)
                  + ")");
        }
      }
    }
  }

  /**
   * What a poll lease must exceed a request's deadline by: the poller keeps up to 1 s between a
   * request's cut-off and its claim's end, and renewing the claim takes a moment.
   */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(2);

  /**
   * A poll claim must outlive one request ({@code connect-timeout + response-timeout}, its overall
   * deadline), or a slow answer would be cut short by its claim rather than by its timeouts.
   */
  static void validate(
      Problems p,
      @Nullable Duration pollLease,
      @Nullable Duration connectTimeout,
      @Nullable Duration responseTimeout) {
    if (pollLease == null) {
      return;
    }
    // A timeout that did not parse (reported on its own) still leaves a floor: the other one.
    Duration least =
        (connectTimeout == null ? Duration.ZERO : connectTimeout)
            .plus(responseTimeout == null ? Duration.ZERO : responseTimeout)
            .plus(LEASE_MARGIN);
    if (pollLease.compareTo(least) < 0) {
      p.add(
          POLL_LEASE,
          "must be at least "
              + CLOUDFLARE_CONNECT_TIMEOUT
              + " + "
              + CLOUDFLARE_RESPONSE_TIMEOUT
              + " + "
              + LEASE_MARGIN
              + " ("
              + least
              + (connectTimeout == null || responseTimeout == null
                  ? " counting only the timeout that is valid"
                  : "")
              + "), was "
              + pollLease);
    }
  }
}
