package dev.streampoller.config;

import static dev.streampoller.config.ValueType.BOOLEAN;
import static dev.streampoller.config.ValueType.DURATION;
import static dev.streampoller.config.ValueType.DURATIONS;
import static dev.streampoller.config.ValueType.INTEGER;
import static dev.streampoller.config.ValueType.LISTEN_ADDRESS;
import static dev.streampoller.config.ValueType.SECRET;
import static dev.streampoller.config.ValueType.TEXT;
import static dev.streampoller.config.ValueType.TEXTS;
import static dev.streampoller.config.ValueType.URL;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The key table: every setting the properties file may hold, declared once with its name, type,
 * default, rule, secrecy, one-line doc and how the effective value is shown. The loader reads every
 * key through it, the describer and the documentation tests iterate it. A per-account setting is
 * one row for {@code cloudflare.<suffix>} (the account named {@value #DEFAULT}) and {@code
 * cloudflare.accounts.<name>.<suffix>}; a per-endpoint one likewise for {@code webhook.<suffix>}
 * and {@code webhook.endpoints.<name>.<suffix>}. A secret also has a {@code -file} twin.
 */
public final class ConfigKeys {
  /**
   * The name of the account of the {@code cloudflare.*} keys and the endpoint of {@code webhook.*}.
   */
  public static final String DEFAULT = "default";

  /** The suffix of a key that names a file holding the secret instead of the secret itself. */
  public static final String FILE_SUFFIX = "-file";

  /** Where the keys of additional accounts start: {@code cloudflare.accounts.<name>.}. */
  public static final String CLOUDFLARE_ACCOUNTS_PREFIX = "cloudflare.accounts.";

  /** Where the keys of further webhook endpoints start: {@code webhook.endpoints.<name>.}. */
  public static final String WEBHOOK_ENDPOINTS_PREFIX = "webhook.endpoints.";

  private static final String PLACEHOLDER = "<name>";
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");
  static final String MASK = "****";
  static final String UNSET = "(unset)";

  /** Whose a setting is: the daemon's, one account's or one endpoint's. */
  public enum Scope {
    GLOBAL("", ""),
    ACCOUNT("cloudflare.", CLOUDFLARE_ACCOUNTS_PREFIX),
    ENDPOINT("webhook.", WEBHOOK_ENDPOINTS_PREFIX);

    private final String defaultPrefix;
    private final String namedPrefix;

    Scope(String defaultPrefix, String namedPrefix) {
      this.defaultPrefix = defaultPrefix;
      this.namedPrefix = namedPrefix;
    }

    /** The key of {@code suffix} for the account or endpoint {@code name}. */
    String key(String name, String suffix) {
      return this == GLOBAL || name.equals(DEFAULT)
          ? defaultPrefix + suffix
          : namedKey(name, suffix);
    }

    /** The key of {@code suffix} under {@code cloudflare.accounts.<name>.}, whatever the name. */
    String namedKey(String name, String suffix) {
      return namedPrefix + name + "." + suffix;
    }

    /** What a bad name is called in a problem: "account" or "endpoint". */
    String noun() {
      return this == ACCOUNT ? "account" : "endpoint";
    }
  }

  /** A key under {@code cloudflare.accounts.} or {@code webhook.endpoints.}, split up. */
  record Scoped(Scope scope, String name, String suffix) {
    boolean validName() {
      return NAME.matcher(name).matches();
    }

    boolean knownSuffix() {
      return suffixes(scope).contains(suffix);
    }
  }

  /**
   * One row of the table.
   *
   * @param scope whose setting it is
   * @param suffix the key, or for a per-account or per-endpoint setting what follows the prefix
   * @param type how its text is parsed
   * @param defaultText the value used when the key is absent, as written in the file; null if none
   * @param secret whether the value is a secret (never shown, has a {@code -file} twin)
   * @param required whether the key must be set
   * @param doc one line for the documentation
   * @param rule what a value that was read must satisfy
   * @param shown the effective value as described, taken from the record of the scope ({@link
   *     AppConfig}, {@link AccountConfig} or {@link WebhookEndpointConfig}); null hides the line
   */
  public record Setting(
      Scope scope,
      String suffix,
      ValueType<?> type,
      @Nullable String defaultText,
      boolean secret,
      boolean required,
      String doc,
      Rule<?> rule,
      Function<Object, @Nullable Object> shown) {

    /** The key as written in the file: the global key, or the one of the default account. */
    public String name() {
      return scope.key(DEFAULT, suffix);
    }

    /** The key of this setting for the account or endpoint {@code scopeName}. */
    public String name(String scopeName) {
      return scope.key(scopeName, suffix);
    }
  }

  /**
   * One documented key.
   *
   * @param name the key as written in the file; for an additional account's or endpoint's key the
   *     pattern, {@code <name>} standing for its name
   * @param defaultValue the value used when the key is absent, as it would be written in the file
   * @param secret whether the value is a secret (never shown)
   * @param description one line for the documentation
   */
  public record Key(
      String name, Optional<String> defaultValue, boolean secret, String description) {}

  private static final List<Setting> TABLE = new ArrayList<>();

  public static final Setting API_BASE_URL =
      key(
          Scope.GLOBAL,
          "cloudflare.api-base-url",
          URL,
          "https://api.cloudflare.com/client/v4",
          "API root URL",
          c -> Rule.redactUrl(app(c).cloudflare().apiBaseUrl().toString()),
          Rule.httpUrl().and(Rule.noQuery()));
  public static final Setting ACCOUNT_ID =
      required(
          Scope.ACCOUNT,
          "account-id",
          TEXT,
          "account id, 1-32 letters or digits",
          a -> account(a).accountId(),
          Rule.accountId());
  public static final Setting API_TOKEN =
      secret(
          Scope.ACCOUNT,
          "api-token",
          "API token (Stream Read); or use api-email + api-key",
          a -> account(a).credential() instanceof CloudflareCredential.ApiToken ? MASK : null,
          Rule.none());
  public static final Setting API_EMAIL =
      key(
          Scope.ACCOUNT,
          "api-email",
          TEXT,
          null,
          "legacy auth: account e-mail, with api-key",
          a -> account(a).credential() instanceof CloudflareCredential.ApiKey k ? k.email() : null,
          Rule.email());
  public static final Setting API_KEY =
      secret(
          Scope.ACCOUNT,
          "api-key",
          "legacy auth: global API key, with api-email",
          a -> account(a).credential() instanceof CloudflareCredential.ApiKey ? MASK : null,
          Rule.none());
  public static final Setting REQUESTS_PER_5_MINUTES =
      key(
          Scope.ACCOUNT,
          "rate-limit.requests-per-5-minutes",
          INTEGER,
          "900",
          "request budget of the credential per 5 minutes, all instances, 2-1200",
          a -> account(a).requestsPerFiveMinutes(),
          Rule.between(AccountConfig.MIN_REQUESTS_PER_FIVE_MINUTES, 1200));
  public static final Setting CONNECT_TIMEOUT =
      key(
          Scope.GLOBAL,
          "cloudflare.connect-timeout",
          DURATION,
          "PT5S",
          "connect timeout",
          c -> app(c).cloudflare().connectTimeout(),
          Rule.positive());
  public static final Setting RESPONSE_TIMEOUT =
      key(
          Scope.GLOBAL,
          "cloudflare.response-timeout",
          DURATION,
          "PT10S",
          "response timeout; with connect-timeout, each request's overall deadline",
          c -> app(c).cloudflare().responseTimeout(),
          Rule.positive());
  public static final Setting DATABASE_URL =
      required(
          Scope.GLOBAL,
          "database.url",
          TEXT,
          "JDBC URL, jdbc:postgresql:...",
          c -> Rule.redactJdbcUrl(app(c).database().url()),
          Rule.jdbcUrl());
  public static final Setting DATABASE_USER =
      key(
          Scope.GLOBAL,
          "database.user",
          TEXT,
          null,
          "database user",
          c -> app(c).database().user(),
          Rule.none());
  public static final Setting DATABASE_PASSWORD =
      secret(
          Scope.GLOBAL,
          "database.password",
          "database password",
          c -> app(c).database().password(),
          Rule.none());
  public static final Setting DATABASE_POOL_SIZE =
      key(
          Scope.GLOBAL,
          "database.pool-size",
          INTEGER,
          "10",
          "connection pool size, 2-200",
          c -> app(c).database().poolSize(),
          Rule.between(2, 200));
  public static final Setting POLL_MIN_INTERVAL =
      key(
          Scope.GLOBAL,
          "poll.min-interval",
          DURATION,
          "PT5S",
          "shortest gap between polls",
          c -> app(c).poll().minInterval(),
          Rule.atLeast(PollConfig.SMALLEST_MIN_INTERVAL));
  public static final Setting POLL_MAX_INTERVAL =
      key(
          Scope.GLOBAL,
          "poll.max-interval",
          DURATION,
          "PT2M",
          "longest gap between polls",
          c -> app(c).poll().maxInterval(),
          Rule.none());
  public static final Setting POLL_GIVE_UP_AFTER =
      key(
          Scope.GLOBAL,
          "poll.give-up-after",
          DURATION,
          "PT24H",
          "stop polling a video unchanged for",
          c -> app(c).poll().giveUpAfter(),
          Rule.positive());
  public static final Setting POLL_LEASE =
      key(
          Scope.GLOBAL,
          "poll.lease",
          DURATION,
          "PT20S",
          "claim lease; >= connect + response timeout + 2 s",
          c -> app(c).poll().lease(),
          Rule.positive());
  public static final Setting POLL_BATCH_SIZE =
      key(
          Scope.GLOBAL,
          "poll.batch-size",
          INTEGER,
          "25",
          "videos claimed per run, 1-1000",
          c -> app(c).poll().batchSize(),
          Rule.between(1, 1000));
  public static final Setting POLL_CHECK_INTERVAL =
      key(
          Scope.GLOBAL,
          "poll.check-interval",
          DURATION,
          "PT1S",
          "how often to look for work",
          c -> app(c).poll().checkInterval(),
          Rule.positive());
  public static final Setting ENDPOINT_URL =
      key(
          Scope.ENDPOINT,
          "url",
          URL,
          null,
          "the endpoint's receiver; no endpoint, no webhooks",
          e -> Rule.redactUrl(endpoint(e).url().toString()),
          Rule.httpUrl());
  public static final Setting ENDPOINT_SECRET =
      secret(
          Scope.ENDPOINT,
          "secret",
          "required with the url: whsec_<base64 of 24-64 bytes>",
          e -> endpoint(e).secret(),
          Rule.webhookSecret());
  public static final Setting ENDPOINT_PREVIOUS_SECRET =
      secret(
          Scope.ENDPOINT,
          "previous-secret",
          "secret being rotated out; both signatures are sent",
          e -> endpoint(e).previousSecret(),
          Rule.webhookSecret());
  public static final Setting ENDPOINT_EVENTS =
      key(
          Scope.ENDPOINT,
          "events",
          TEXTS,
          String.join(",", WebhookEndpointConfig.EVENT_TYPES),
          "events delivered: download.ready, download.error",
          e -> String.join(",", endpoint(e).events()),
          Rule.events());
  public static final Setting ENDPOINT_ACCOUNTS =
      key(
          Scope.ENDPOINT,
          "accounts",
          TEXTS,
          null,
          "account ids delivered, comma-separated; unset = all",
          e ->
              endpoint(e).accounts().isEmpty() ? "(all)" : String.join(",", endpoint(e).accounts()),
          Rule.accountIds());
  public static final Setting ENDPOINT_CLOUDFLARE_SIGNATURE =
      key(
          Scope.ENDPOINT,
          "cloudflare-signature",
          BOOLEAN,
          "false",
          "Cloudflare-style signature instead of Standard",
          e -> endpoint(e).cloudflareSignature(),
          Rule.none());
  public static final Setting WEBHOOK_CALLBACK_SECRET =
      secret(
          Scope.GLOBAL,
          "webhook.callback-secret",
          "signs callback URLs; unset = webhook.secret",
          c -> {
            WebhookConfig hook = app(c).webhook();
            if (hook.callbackSecret().isEmpty() || hook.ownCallbackSecret()) {
              return hook.callbackSecret();
            }
            return "(unset, " + ENDPOINT_SECRET.name() + " signs callbacks)";
          },
          Rule.webhookSecret());
  public static final Setting WEBHOOK_RETRY_SCHEDULE =
      key(
          Scope.GLOBAL,
          "webhook.retry-schedule",
          DURATIONS,
          "PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT14H,PT20H,PT24H",
          "delays before each retry, comma-separated",
          c ->
              app(c).webhook().retrySchedule().stream()
                  .map(Duration::toString)
                  .collect(Collectors.joining(",")),
          Rule.delays());
  public static final Setting WEBHOOK_TIMEOUT =
      key(
          Scope.GLOBAL,
          "webhook.timeout",
          DURATION,
          "PT15S",
          "per-attempt timeout",
          c -> app(c).webhook().timeout(),
          Rule.positive());
  public static final Setting WEBHOOK_MAX_CONCURRENCY =
      key(
          Scope.GLOBAL,
          "webhook.max-concurrency",
          INTEGER,
          "8",
          "deliveries sent in parallel, 1-64",
          c -> app(c).webhook().maxConcurrency(),
          Rule.between(1, 64));
  public static final Setting WEBHOOK_BATCH_SIZE =
      key(
          Scope.GLOBAL,
          "webhook.batch-size",
          INTEGER,
          "25",
          "deliveries per run, 1-1000",
          c -> app(c).webhook().batchSize(),
          Rule.between(1, 1000));
  public static final Setting WEBHOOK_CHECK_INTERVAL =
      key(
          Scope.GLOBAL,
          "webhook.check-interval",
          DURATION,
          "PT1S",
          "how often to look",
          c -> app(c).webhook().checkInterval(),
          Rule.positive());
  public static final Setting WEBHOOK_LEASE =
      key(
          Scope.GLOBAL,
          "webhook.lease",
          DURATION,
          "PT2M",
          "claim lease; > webhook.timeout",
          c -> app(c).webhook().lease(),
          Rule.positive());
  public static final Setting SCHEDULER_THREADS =
      key(
          Scope.GLOBAL,
          "scheduler.threads",
          INTEGER,
          "4",
          "Quartz worker threads, 2-64",
          c -> app(c).scheduler().threads(),
          Rule.between(2, 64));
  public static final Setting SCHEDULER_INSTANCE_ID =
      key(
          Scope.GLOBAL,
          "scheduler.instance-id",
          TEXT,
          "AUTO",
          "Quartz instance id",
          c -> app(c).scheduler().instanceId(),
          Rule.none());
  public static final Setting OPS_LISTEN_ADDRESS =
      key(
          Scope.GLOBAL,
          "ops.listen-address",
          LISTEN_ADDRESS,
          "127.0.0.1:9464",
          "host:port of /metrics and /health; off = no listener",
          c -> app(c).ops().describe(),
          Rule.none());

  private ConfigKeys() {}

  /** Every setting, in documentation order. */
  static List<Setting> table() {
    return TABLE;
  }

  /** The settings of {@code scope}, in table order. */
  static List<Setting> settings(Scope scope) {
    return TABLE.stream().filter(s -> s.scope() == scope).toList();
  }

  /**
   * Every known key, in documentation order: each secret followed by its {@code -file} twin, each
   * per-account and per-endpoint setting under its default key and then as a pattern.
   */
  public static List<Key> all() {
    List<Key> all = new ArrayList<>();
    for (int i = 0; i < TABLE.size(); i++) {
      Setting s = TABLE.get(i);
      document(all, s, DEFAULT);
      boolean lastOfScope = i + 1 == TABLE.size() || TABLE.get(i + 1).scope() != s.scope();
      if (s.scope() != Scope.GLOBAL && lastOfScope) {
        settings(s.scope()).forEach(t -> document(all, t, PLACEHOLDER));
      }
    }
    return List.copyOf(all);
  }

  private static void document(List<Key> all, Setting s, String name) {
    String key = s.name(name);
    String doc = name.equals(DEFAULT) ? s.doc() : "additional " + s.scope().noun() + ": " + s.doc();
    all.add(new Key(key, Optional.ofNullable(s.defaultText()), s.secret(), doc));
    if (s.secret()) {
      all.add(new Key(key + FILE_SUFFIX, Optional.empty(), false, "file holding " + key));
    }
  }

  /**
   * The key named {@code name}, if known. A key of an additional account or endpoint with a valid
   * name, such as {@code cloudflare.accounts.eu.api-token}, resolves to its pattern key.
   */
  public static Optional<Key> find(String name) {
    String wanted =
        scoped(name)
            .filter(Scoped::validName)
            .map(s -> s.scope().key(PLACEHOLDER, s.suffix()))
            .orElse(name);
    return all().stream().filter(k -> k.name().equals(wanted)).findFirst();
  }

  /** The known key nearest to a misspelt one, if any is near enough to be a likely typo. */
  static Optional<String> closest(String unknown) {
    Optional<Scoped> scoped = scoped(unknown).filter(Scoped::validName);
    List<String> candidates =
        scoped.isPresent()
            ? suffixes(scoped.get().scope()).stream()
                .map(suffix -> scoped.get().scope().key(scoped.get().name(), suffix))
                .toList()
            : all().stream().map(Key::name).filter(n -> !n.contains(PLACEHOLDER)).toList();
    return KeySuggestions.nearest(candidates, unknown);
  }

  /**
   * Splits {@code cloudflare.accounts.<name>.<suffix>} or {@code
   * webhook.endpoints.<name>.<suffix>}; empty for any other key. The name is not validated here, so
   * that a bad name can be reported as such rather than as an unknown key.
   */
  static Optional<Scoped> scoped(String key) {
    for (Scope scope : List.of(Scope.ACCOUNT, Scope.ENDPOINT)) {
      if (key.startsWith(scope.namedPrefix) && scope != Scope.GLOBAL) {
        String rest = key.substring(scope.namedPrefix.length());
        int dot = rest.indexOf('.');
        if (dot > 0 && dot < rest.length() - 1) {
          return Optional.of(new Scoped(scope, rest.substring(0, dot), rest.substring(dot + 1)));
        }
      }
    }
    return Optional.empty();
  }

  /** Every suffix a key of {@code scope} may have, {@code -file} twins included. */
  static List<String> suffixes(Scope scope) {
    List<String> suffixes = new ArrayList<>();
    for (Setting s : settings(scope)) {
      suffixes.add(s.suffix());
      if (s.secret()) {
        suffixes.add(s.suffix() + FILE_SUFFIX);
      }
    }
    return suffixes;
  }

  private static AppConfig app(Object config) {
    return (AppConfig) config;
  }

  private static AccountConfig account(Object account) {
    return (AccountConfig) account;
  }

  private static WebhookEndpointConfig endpoint(Object endpoint) {
    return (WebhookEndpointConfig) endpoint;
  }

  private static <T> Setting key(
      Scope scope,
      String suffix,
      ValueType<T> type,
      @Nullable String defaultText,
      String doc,
      Function<Object, @Nullable Object> shown,
      Rule<? super T> rule) {
    return add(new Setting(scope, suffix, type, defaultText, false, false, doc, rule, shown));
  }

  private static <T> Setting required(
      Scope scope,
      String suffix,
      ValueType<T> type,
      String doc,
      Function<Object, @Nullable Object> shown,
      Rule<? super T> rule) {
    return add(new Setting(scope, suffix, type, null, false, true, doc, rule, shown));
  }

  private static Setting secret(
      Scope scope,
      String suffix,
      String doc,
      Function<Object, @Nullable Object> shown,
      Rule<Secret> rule) {
    return add(new Setting(scope, suffix, SECRET, null, true, false, doc, rule, shown));
  }

  private static Setting add(Setting setting) {
    TABLE.add(setting);
    return setting;
  }
}
