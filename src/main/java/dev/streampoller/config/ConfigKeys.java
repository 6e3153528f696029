package dev.streampoller.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Every key the properties file may hold: a public contract. The loader rejects any other key, and
 * a test checks that {@code config/stream-poller.properties} documents exactly these keys, so
 * documentation can be generated or checked from this list. Defaults are rendered from the records'
 * constants, so the two cannot drift apart.
 */
public final class ConfigKeys {
  public static final String CLOUDFLARE_API_BASE_URL = "cloudflare.api-base-url";
  public static final String CLOUDFLARE_ACCOUNT_ID = "cloudflare.account-id";
  public static final String CLOUDFLARE_API_TOKEN = "cloudflare.api-token";
  public static final String CLOUDFLARE_API_TOKEN_FILE = "cloudflare.api-token-file";
  public static final String CLOUDFLARE_API_EMAIL = "cloudflare.api-email";
  public static final String CLOUDFLARE_API_KEY = "cloudflare.api-key";
  public static final String CLOUDFLARE_API_KEY_FILE = "cloudflare.api-key-file";
  public static final String CLOUDFLARE_REQUESTS_PER_5_MINUTES =
      "cloudflare.rate-limit.requests-per-5-minutes";
  public static final String CLOUDFLARE_CONNECT_TIMEOUT = "cloudflare.connect-timeout";
  public static final String CLOUDFLARE_RESPONSE_TIMEOUT = "cloudflare.response-timeout";
  public static final String DATABASE_URL = "database.url";
  public static final String DATABASE_USER = "database.user";
  public static final String DATABASE_PASSWORD = "database.password";
  public static final String DATABASE_PASSWORD_FILE = "database.password-file";
  public static final String DATABASE_POOL_SIZE = "database.pool-size";
  public static final String POLL_MIN_INTERVAL = "poll.min-interval";
  public static final String POLL_MAX_INTERVAL = "poll.max-interval";
  public static final String POLL_GIVE_UP_AFTER = "poll.give-up-after";
  public static final String POLL_LEASE = "poll.lease";
  public static final String POLL_BATCH_SIZE = "poll.batch-size";
  public static final String POLL_CHECK_INTERVAL = "poll.check-interval";
  public static final String WEBHOOK_URL = "webhook.url";
  public static final String WEBHOOK_SECRET = "webhook.secret";
  public static final String WEBHOOK_SECRET_FILE = "webhook.secret-file";
  public static final String WEBHOOK_PREVIOUS_SECRET = "webhook.previous-secret";
  public static final String WEBHOOK_PREVIOUS_SECRET_FILE = "webhook.previous-secret-file";
  public static final String WEBHOOK_EVENTS = "webhook.events";
  public static final String WEBHOOK_ACCOUNTS = "webhook.accounts";
  public static final String WEBHOOK_CLOUDFLARE_SIGNATURE = "webhook.cloudflare-signature";
  public static final String WEBHOOK_CALLBACK_SECRET = "webhook.callback-secret";
  public static final String WEBHOOK_CALLBACK_SECRET_FILE = "webhook.callback-secret-file";
  public static final String WEBHOOK_RETRY_SCHEDULE = "webhook.retry-schedule";
  public static final String WEBHOOK_TIMEOUT = "webhook.timeout";
  public static final String WEBHOOK_MAX_CONCURRENCY = "webhook.max-concurrency";
  public static final String WEBHOOK_BATCH_SIZE = "webhook.batch-size";
  public static final String WEBHOOK_CHECK_INTERVAL = "webhook.check-interval";
  public static final String WEBHOOK_LEASE = "webhook.lease";
  public static final String SCHEDULER_THREADS = "scheduler.threads";
  public static final String SCHEDULER_INSTANCE_ID = "scheduler.instance-id";
  public static final String OPS_LISTEN_ADDRESS = "ops.listen-address";

  /** The suffix of a key that names a file holding the secret instead of the secret itself. */
  public static final String FILE_SUFFIX = "-file";

  /**
   * Where the keys of additional accounts start: {@code cloudflare.accounts.<name>.account-id} and
   * so on, {@code <name>} being 1 to 32 characters {@code a-z}, {@code 0-9} or {@code -}.
   */
  public static final String CLOUDFLARE_ACCOUNTS_PREFIX = AccountKeys.ACCOUNTS_PREFIX;

  /**
   * Where the keys of further webhook endpoints start: {@code webhook.endpoints.<name>.url} and so
   * on, {@code <name>} as for accounts; {@code default} is the endpoint of {@code webhook.url}.
   */
  public static final String WEBHOOK_ENDPOINTS_PREFIX = EndpointKeys.ENDPOINTS_PREFIX;

  /**
   * One known key.
   *
   * @param name the key as written in the file; for a key of an additional account the pattern,
   *     with {@code <name>} standing for the account name (see {@link #isPattern()})
   * @param defaultValue the value used when the key is absent, as it would be written in the file
   * @param secret whether the value is a secret (never shown)
   * @param description one line for the documentation
   */
  public record Key(
      String name, Optional<String> defaultValue, boolean secret, String description) {
    public Key {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(defaultValue, "defaultValue");
      Objects.requireNonNull(description, "description");
    }

    /**
     * Whether {@link #name()} is a pattern that stands for one key per additional account or per
     * webhook endpoint.
     */
    public boolean isPattern() {
      return name.contains(AccountKeys.NAME_PLACEHOLDER);
    }
  }

  private static final String ALL_EVENTS = String.join(",", WebhookEndpointConfig.EVENT_TYPES);

  private static final List<Key> ALL =
      List.of(
          key(CLOUDFLARE_API_BASE_URL, CloudflareConfig.DEFAULT_API_BASE_URL, "API root URL"),
          key(CLOUDFLARE_ACCOUNT_ID, null, "required: account id, 1-32 letters or digits"),
          secret(CLOUDFLARE_API_TOKEN, "API token (Stream Read); or use api-email + api-key"),
          file(CLOUDFLARE_API_TOKEN_FILE, CLOUDFLARE_API_TOKEN),
          key(CLOUDFLARE_API_EMAIL, null, "legacy auth: account e-mail, with api-key"),
          secret(CLOUDFLARE_API_KEY, "legacy auth: global API key, with api-email"),
          file(CLOUDFLARE_API_KEY_FILE, CLOUDFLARE_API_KEY),
          key(
              CLOUDFLARE_REQUESTS_PER_5_MINUTES,
              CloudflareConfig.DEFAULT_REQUESTS_PER_FIVE_MINUTES,
              "request budget of the credential per 5 minutes, all instances, 2-1200"),
          key(
              CLOUDFLARE_CONNECT_TIMEOUT,
              CloudflareConfig.DEFAULT_CONNECT_TIMEOUT,
              "connect timeout"),
          key(
              CLOUDFLARE_RESPONSE_TIMEOUT,
              CloudflareConfig.DEFAULT_RESPONSE_TIMEOUT,
              "response timeout; with connect-timeout, each request's overall deadline"),
          key(account(AccountKeys.ACCOUNT_ID), null, "additional account: its id, required"),
          secret(account(AccountKeys.API_TOKEN), "additional account: its API token"),
          file(account(AccountKeys.API_TOKEN + FILE_SUFFIX), account(AccountKeys.API_TOKEN)),
          key(account(AccountKeys.API_EMAIL), null, "additional account: legacy auth e-mail"),
          secret(account(AccountKeys.API_KEY), "additional account: legacy global API key"),
          file(account(AccountKeys.API_KEY + FILE_SUFFIX), account(AccountKeys.API_KEY)),
          key(
              account(AccountKeys.REQUESTS_PER_5_MINUTES),
              CloudflareConfig.DEFAULT_REQUESTS_PER_FIVE_MINUTES,
              "additional account: request budget of its credential, same rules"),
          key(DATABASE_URL, null, "required: JDBC URL, jdbc:postgresql:..."),
          key(DATABASE_USER, null, "database user"),
          secret(DATABASE_PASSWORD, "database password"),
          file(DATABASE_PASSWORD_FILE, DATABASE_PASSWORD),
          key(DATABASE_POOL_SIZE, DatabaseConfig.DEFAULT_POOL_SIZE, "connection pool size, 2-200"),
          key(POLL_MIN_INTERVAL, PollConfig.DEFAULT_MIN_INTERVAL, "shortest gap between polls"),
          key(POLL_MAX_INTERVAL, PollConfig.DEFAULT_MAX_INTERVAL, "longest gap between polls"),
          key(
              POLL_GIVE_UP_AFTER,
              PollConfig.DEFAULT_GIVE_UP_AFTER,
              "stop polling a video unchanged for"),
          key(
              POLL_LEASE,
              PollConfig.DEFAULT_LEASE,
              "claim lease; >= connect + response timeout + 2 s"),
          key(POLL_BATCH_SIZE, PollConfig.DEFAULT_BATCH_SIZE, "videos claimed per run, 1-1000"),
          key(POLL_CHECK_INTERVAL, PollConfig.DEFAULT_CHECK_INTERVAL, "how often to look for work"),
          key(WEBHOOK_URL, null, "default endpoint: its receiver; no endpoint, no webhooks"),
          secret(WEBHOOK_SECRET, "required with webhook.url: whsec_<base64 of 24-64 bytes>"),
          file(WEBHOOK_SECRET_FILE, WEBHOOK_SECRET),
          secret(WEBHOOK_PREVIOUS_SECRET, "secret being rotated out; both signatures are sent"),
          file(WEBHOOK_PREVIOUS_SECRET_FILE, WEBHOOK_PREVIOUS_SECRET),
          key(WEBHOOK_EVENTS, ALL_EVENTS, "events delivered: download.ready, download.error"),
          key(WEBHOOK_ACCOUNTS, null, "account ids delivered, comma-separated; unset = all"),
          key(
              WEBHOOK_CLOUDFLARE_SIGNATURE,
              false,
              "Cloudflare-style signature instead of Standard"),
          key(endpoint(EndpointKeys.URL), null, "further endpoint: its receiver, required"),
          secret(endpoint(EndpointKeys.SECRET), "further endpoint: its secret, required"),
          file(endpoint(EndpointKeys.SECRET + FILE_SUFFIX), endpoint(EndpointKeys.SECRET)),
          secret(endpoint(EndpointKeys.PREVIOUS_SECRET), "further endpoint: rotated-out secret"),
          file(
              endpoint(EndpointKeys.PREVIOUS_SECRET + FILE_SUFFIX),
              endpoint(EndpointKeys.PREVIOUS_SECRET)),
          key(endpoint(EndpointKeys.EVENTS), ALL_EVENTS, "further endpoint: events delivered"),
          key(endpoint(EndpointKeys.ACCOUNTS), null, "further endpoint: account ids; unset = all"),
          key(
              endpoint(EndpointKeys.CLOUDFLARE_SIGNATURE),
              false,
              "further endpoint: Cloudflare-style signature instead"),
          secret(WEBHOOK_CALLBACK_SECRET, "signs callback URLs; unset = webhook.secret"),
          file(WEBHOOK_CALLBACK_SECRET_FILE, WEBHOOK_CALLBACK_SECRET),
          new Key(
              WEBHOOK_RETRY_SCHEDULE,
              Optional.of(
                  WebhookConfig.DEFAULT_RETRY_SCHEDULE.stream()
                      .map(Duration::toString)
                      .collect(Collectors.joining(","))),
              false,
              "delays before each retry, comma-separated"),
          key(WEBHOOK_TIMEOUT, WebhookConfig.DEFAULT_TIMEOUT, "per-attempt timeout"),
          key(
              WEBHOOK_MAX_CONCURRENCY,
              WebhookConfig.DEFAULT_MAX_CONCURRENCY,
              "deliveries sent in parallel, 1-64"),
          key(WEBHOOK_BATCH_SIZE, WebhookConfig.DEFAULT_BATCH_SIZE, "deliveries per run, 1-1000"),
          key(WEBHOOK_CHECK_INTERVAL, WebhookConfig.DEFAULT_CHECK_INTERVAL, "how often to look"),
          key(WEBHOOK_LEASE, WebhookConfig.DEFAULT_LEASE, "claim lease; > webhook.timeout"),
          key(SCHEDULER_THREADS, SchedulerConfig.DEFAULT_THREADS, "Quartz worker threads, 2-64"),
          key(SCHEDULER_INSTANCE_ID, SchedulerConfig.DEFAULT_INSTANCE_ID, "Quartz instance id"),
          key(
              OPS_LISTEN_ADDRESS,
              OpsConfig.DEFAULT_LISTEN_ADDRESS,
              "host:port of /metrics and /health; off = no listener"));

  private ConfigKeys() {}

  /** Every known key, in documentation order; the per-account keys as patterns. */
  public static List<Key> all() {
    return ALL;
  }

  /**
   * The key named {@code name}, if known. A key of an additional account with a valid name, such as
   * {@code cloudflare.accounts.eu.api-token}, or of a webhook endpoint, such as {@code
   * webhook.endpoints.crm.url}, resolves to its pattern key.
   */
  public static Optional<Key> find(String name) {
    String wanted =
        AccountKeys.parse(name)
            .filter(AccountKeys.Parsed::validName)
            .map(parsed -> account(parsed.suffix()))
            .or(
                () ->
                    EndpointKeys.parse(name)
                        .filter(EndpointKeys.Parsed::validName)
                        .map(parsed -> endpoint(parsed.suffix())))
            .orElse(name);
    return ALL.stream().filter(k -> k.name().equals(wanted)).findFirst();
  }

  /** The known key nearest to a misspelt one, if any is near enough to be a likely typo. */
  static Optional<String> closest(String unknown) {
    return KeySuggestions.closest(
        ALL.stream().filter(k -> !k.isPattern()).map(Key::name).toList(), unknown);
  }

  private static String account(String suffix) {
    return AccountKeys.pattern(suffix);
  }

  private static String endpoint(String suffix) {
    return EndpointKeys.pattern(suffix);
  }

  private static Key key(String name, @Nullable Object defaultValue, String description) {
    return new Key(
        name, Optional.ofNullable(defaultValue).map(Object::toString), false, description);
  }

  private static Key secret(String name, String description) {
    return new Key(name, Optional.empty(), true, description);
  }

  private static Key file(String name, String secretKey) {
    return new Key(name, Optional.empty(), false, "file holding " + secretKey + " (one line)");
  }
}
