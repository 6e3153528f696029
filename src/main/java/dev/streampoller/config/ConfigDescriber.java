package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_BASE_URL;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_CONNECT_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_RESPONSE_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.DATABASE_PASSWORD;
import static dev.streampoller.config.ConfigKeys.DATABASE_POOL_SIZE;
import static dev.streampoller.config.ConfigKeys.DATABASE_URL;
import static dev.streampoller.config.ConfigKeys.DATABASE_USER;
import static dev.streampoller.config.ConfigKeys.OPS_LISTEN_ADDRESS;
import static dev.streampoller.config.ConfigKeys.POLL_BATCH_SIZE;
import static dev.streampoller.config.ConfigKeys.POLL_CHECK_INTERVAL;
import static dev.streampoller.config.ConfigKeys.POLL_GIVE_UP_AFTER;
import static dev.streampoller.config.ConfigKeys.POLL_LEASE;
import static dev.streampoller.config.ConfigKeys.POLL_MAX_INTERVAL;
import static dev.streampoller.config.ConfigKeys.POLL_MIN_INTERVAL;
import static dev.streampoller.config.ConfigKeys.SCHEDULER_INSTANCE_ID;
import static dev.streampoller.config.ConfigKeys.SCHEDULER_THREADS;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_BATCH_SIZE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_CALLBACK_SECRET;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_CHECK_INTERVAL;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_LEASE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_MAX_CONCURRENCY;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_RETRY_SCHEDULE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_SECRET;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_TIMEOUT;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Renders the effective configuration as {@code key=value} lines with every secret masked. */
final class ConfigDescriber {
  static final String MASK = "****";
  static final String UNSET = "(unset)";
  static final String ALL = "(all)";

  private ConfigDescriber() {}

  static List<String> lines(AppConfig config) {
    List<String> out = new ArrayList<>();
    CloudflareConfig cf = config.cloudflare();
    add(out, CLOUDFLARE_API_BASE_URL, Rules.redactUrl(cf.apiBaseUrl().toString()));
    account(out, AccountKeys.primary(), cf.primaryAccount());
    add(out, CLOUDFLARE_CONNECT_TIMEOUT, cf.connectTimeout());
    add(out, CLOUDFLARE_RESPONSE_TIMEOUT, cf.responseTimeout());
    // The records keep no account names, so additional accounts are shown by position.
    for (int i = 0; i < cf.additionalAccounts().size(); i++) {
      account(out, AccountKeys.indexed(i), cf.additionalAccounts().get(i));
    }

    DatabaseConfig db = config.database();
    add(out, DATABASE_URL, Rules.redactJdbcUrl(db.url()));
    add(out, DATABASE_USER, db.user().orElse(UNSET));
    add(out, DATABASE_PASSWORD, masked(db.password()));
    add(out, DATABASE_POOL_SIZE, db.poolSize());

    PollConfig poll = config.poll();
    add(out, POLL_MIN_INTERVAL, poll.minInterval());
    add(out, POLL_MAX_INTERVAL, poll.maxInterval());
    add(out, POLL_GIVE_UP_AFTER, poll.giveUpAfter());
    add(out, POLL_LEASE, poll.lease());
    add(out, POLL_BATCH_SIZE, poll.batchSize());
    add(out, POLL_CHECK_INTERVAL, poll.checkInterval());

    WebhookConfig hook = config.webhook();
    Optional<WebhookEndpointConfig> byKeys = hook.endpoint(EndpointKeys.DEFAULT_NAME);
    if (byKeys.isPresent()) {
      endpoint(out, byKeys.get());
    } else {
      // No default endpoint: its keys are unset, though webhook.secret may sign callbacks.
      EndpointKeys keys = EndpointKeys.of(EndpointKeys.DEFAULT_NAME);
      add(out, keys.url(), UNSET);
      add(out, keys.secret(), masked(hook.secret()));
      add(out, keys.previousSecret(), UNSET);
      add(out, keys.events(), UNSET);
      add(out, keys.accounts(), UNSET);
      add(out, keys.cloudflareSignature(), UNSET);
    }
    hook.endpoints().stream()
        .filter(e -> !e.name().equals(EndpointKeys.DEFAULT_NAME))
        .forEach(e -> endpoint(out, e));
    add(
        out,
        WEBHOOK_CALLBACK_SECRET,
        hook.callbackSecretOverride().isPresent()
            ? MASK
            : hook.secret().isPresent()
                ? "(unset, " + WEBHOOK_SECRET + " signs callbacks)"
                : UNSET);
    add(
        out,
        WEBHOOK_RETRY_SCHEDULE,
        hook.retrySchedule().stream().map(Duration::toString).collect(Collectors.joining(",")));
    add(out, WEBHOOK_TIMEOUT, hook.timeout());
    add(out, WEBHOOK_MAX_CONCURRENCY, hook.maxConcurrency());
    add(out, WEBHOOK_BATCH_SIZE, hook.batchSize());
    add(out, WEBHOOK_CHECK_INTERVAL, hook.checkInterval());
    add(out, WEBHOOK_LEASE, hook.lease());

    add(out, SCHEDULER_THREADS, config.scheduler().threads());
    add(out, SCHEDULER_INSTANCE_ID, config.scheduler().instanceId());

    add(out, OPS_LISTEN_ADDRESS, config.ops().describe());
    return out;
  }

  private static void account(List<String> out, AccountKeys keys, AccountConfig account) {
    add(out, keys.accountId(), account.accountId());
    if (account.credential() instanceof CloudflareCredential.ApiKey apiKey) {
      add(out, keys.apiEmail(), apiKey.email());
      add(out, keys.apiKey(), MASK);
    } else {
      add(out, keys.apiToken(), MASK);
    }
    add(out, keys.requestsPerFiveMinutes(), account.requestsPerFiveMinutes());
  }

  private static void endpoint(List<String> out, WebhookEndpointConfig endpoint) {
    EndpointKeys keys = EndpointKeys.of(endpoint.name());
    add(out, keys.url(), Rules.redactUrl(endpoint.url().toString()));
    add(out, keys.secret(), MASK);
    add(out, keys.previousSecret(), masked(endpoint.previousSecret()));
    add(out, keys.events(), String.join(",", endpoint.events()));
    add(
        out,
        keys.accounts(),
        endpoint.accounts().isEmpty() ? ALL : String.join(",", endpoint.accounts()));
    add(out, keys.cloudflareSignature(), endpoint.cloudflareSignature());
  }

  private static String masked(Optional<Secret> secret) {
    return secret.isPresent() ? MASK : UNSET;
  }

  private static void add(List<String> out, String key, Object value) {
    out.add(key + "=" + value);
  }
}
