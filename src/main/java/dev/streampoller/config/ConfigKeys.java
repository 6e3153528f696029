package dev.streampoller.config;

import static dev.streampoller.config.Rule.*;
import static dev.streampoller.config.ValueType.*;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.jspecify.annotations.Nullable;

/**
 * The key table: every setting, declared once (name, type, default, rule, secrecy, doc). A
 * per-account row stands for {@code cloudflare.<suffix>} (the account {@value #DEFAULT}) and {@code
 * cloudflare.accounts.<name>.<suffix>}, a per-endpoint one likewise under {@code webhook.}; a
 * secret also has a {@code -file} twin.
 */
public final class ConfigKeys {
  /**
   * The name of the account of the {@code cloudflare.*} keys and the endpoint of {@code webhook.*}.
   */
  public static final String DEFAULT = "default";

  /** The suffix of a key that names a file holding the secret instead of the secret itself. */
  public static final String FILE_SUFFIX = "-file";

  public static final String CLOUDFLARE_ACCOUNTS_PREFIX = "cloudflare.accounts.";
  public static final String WEBHOOK_ENDPOINTS_PREFIX = "webhook.endpoints.";

  private static final String PLACEHOLDER = "<name>";
  private static final Pattern NAME = Pattern.compile("[a-z0-9-]{1,32}");

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
   * One row: {@code suffix} is the key, or what follows the account's or endpoint's prefix; type
   * {@link ValueType#SECRET} makes it a secret; {@code defaultText} is as written in the file.
   */
  public record Setting(
      Scope scope,
      String suffix,
      ValueType<?> type,
      @Nullable String defaultText,
      boolean required,
      Rule<?> rule,
      String doc) {

    /** The key as written in the file: the global key, or the one of the default account. */
    public String name() {
      return scope.key(DEFAULT, suffix);
    }

    /** The key of this setting for the account or endpoint {@code scopeName}. */
    public String name(String scopeName) {
      return scope.key(scopeName, suffix);
    }

    public boolean secret() {
      return type == SECRET;
    }

    /** The key, as messages name it. */
    @Override
    public String toString() {
      return name();
    }

    private Setting require() {
      return new Setting(scope, suffix, type, defaultText, true, rule, doc);
    }

    /** Ends a row of the table: its doc, and the row added. */
    private Setting doc(String text) {
      Setting s = new Setting(scope, suffix, type, defaultText, required, rule, text);
      TABLE.add(s);
      return s;
    }
  }

  /** One documented key; an additional account's or endpoint's key with {@code <name>}. */
  public record Key(
      String name, Optional<String> defaultValue, boolean secret, String description) {}

  private static final List<Setting> TABLE = new ArrayList<>();

  public static final Setting API_BASE_URL =
      global("cloudflare.api-base-url", API_ROOT, "https://api.cloudflare.com/client/v4", apiRoot())
          .doc("API root URL");
  public static final Setting ACCOUNT_ID =
      account("account-id", TEXT, null, accountId())
          .require()
          .doc("account id, 1-32 letters or digits");
  public static final Setting API_TOKEN =
      account("api-token", SECRET, null, none())
          .doc("API token (Stream Read; Stream Write for auto-track); or api-email + api-key");
  public static final Setting API_EMAIL =
      account("api-email", TEXT, null, email()).doc("legacy auth: account e-mail, with api-key");
  public static final Setting API_KEY =
      account("api-key", SECRET, null, none()).doc("legacy auth: global API key, with api-email");
  public static final Setting REQUESTS_PER_5_MINUTES =
      account("rate-limit.requests-per-5-minutes", INTEGER, "900", between(2, 1200))
          .doc("request budget of the credential per 5 minutes, all instances, 2-1200");
  public static final Setting AUTO_TRACK_ENABLED =
      account("auto-track.enabled", BOOLEAN, "false", none())
          .doc("track every new video that becomes ready to stream (the list call)");
  public static final Setting AUTO_TRACK_DOWNLOADS =
      account("auto-track.downloads", TEXTS, "default", downloadTypes())
          .doc("downloads created for a discovered video: default, audio, both, or none");
  public static final Setting AUTO_TRACK_INTERVAL =
      account("auto-track.interval", DURATION, "PT1M", atLeast(java.time.Duration.ofSeconds(5)))
          .doc("how often to look for new videos, at least PT5S");
  public static final Setting AUTO_TRACK_SINCE =
      account("auto-track.since", INSTANT, null, none())
          .doc("discover videos created after this; unset = when first enabled");
  public static final Setting AUTO_TRACK_LOOK_BACK =
      account("auto-track.look-back", DURATION, "PT24H", positive())
          .doc("how far before the cursor a video that became ready late is still found");
  public static final Setting AUTO_TRACK_CREATOR =
      account("auto-track.creator", TEXT, null, atMost(64))
          .doc("only videos of this creator id; unset = all");
  public static final Setting AUTO_TRACK_SEARCH =
      account("auto-track.search", TEXT, null, none())
          .doc("only videos whose name contains this; unset = all");
  public static final Setting CONNECT_TIMEOUT =
      global("cloudflare.connect-timeout", DURATION, "PT5S", positive()).doc("connect timeout");
  public static final Setting RESPONSE_TIMEOUT =
      global("cloudflare.response-timeout", DURATION, "PT10S", positive())
          .doc("response timeout; with connect-timeout, each request's overall deadline");
  public static final Setting DATABASE_URL =
      global("database.url", TEXT, null, jdbcUrl()).require().doc("JDBC URL, jdbc:postgresql:...");
  public static final Setting DATABASE_USER =
      global("database.user", TEXT, null, none()).doc("database user");
  public static final Setting DATABASE_PASSWORD =
      global("database.password", SECRET, null, none()).doc("database password");
  public static final Setting DATABASE_POOL_SIZE =
      global("database.pool-size", INTEGER, "10", between(2, 200))
          .doc("connection pool size, 2-200");
  public static final Setting POLL_MIN_INTERVAL =
      global("poll.min-interval", DURATION, "PT5S", atLeast(PollConfig.SMALLEST_MIN_INTERVAL))
          .doc("shortest gap between polls");
  public static final Setting POLL_MAX_INTERVAL =
      global("poll.max-interval", DURATION, "PT2M", none()).doc("longest gap between polls");
  public static final Setting POLL_GIVE_UP_AFTER =
      global("poll.give-up-after", DURATION, "PT24H", positive())
          .doc("stop polling a video unchanged for");
  public static final Setting POLL_LEASE =
      global("poll.lease", DURATION, "PT20S", positive())
          .doc("claim lease; >= connect + response timeout + 2 s");
  public static final Setting POLL_BATCH_SIZE =
      global("poll.batch-size", INTEGER, "25", between(1, 1000))
          .doc("videos claimed per run, 1-1000");
  public static final Setting POLL_CHECK_INTERVAL =
      global("poll.check-interval", DURATION, "PT1S", positive()).doc("how often to look for work");
  public static final Setting ENDPOINT_URL =
      endpoint("url", RECEIVER_URL, null, httpUrl())
          .doc("the endpoint's receiver; no endpoint, no webhooks");
  public static final Setting ENDPOINT_SECRET =
      endpoint("secret", SECRET, null, webhookSecret())
          .doc("required with the url: whsec_<base64 of 24-64 bytes>");
  public static final Setting ENDPOINT_PREVIOUS_SECRET =
      endpoint("previous-secret", SECRET, null, webhookSecret())
          .doc("secret being rotated out; both signatures are sent");
  public static final Setting ENDPOINT_EVENTS =
      endpoint("events", TEXTS, "download.ready,download.error", events())
          .doc("events delivered: download.ready, download.error");
  public static final Setting ENDPOINT_ACCOUNTS =
      endpoint("accounts", TEXTS, null, accountIds())
          .doc("account ids delivered, comma-separated; unset = all");
  public static final Setting ENDPOINT_CLOUDFLARE_SIGNATURE =
      endpoint("cloudflare-signature", BOOLEAN, "false", none())
          .doc("Cloudflare-style signature instead of Standard");
  public static final Setting WEBHOOK_CALLBACK_SECRET =
      global("webhook.callback-secret", SECRET, null, webhookSecret())
          .doc("signs callback URLs; unset = webhook.secret");
  public static final Setting WEBHOOK_RETRY_SCHEDULE =
      global(
              "webhook.retry-schedule",
              DURATIONS,
              "PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT14H,PT20H,PT24H",
              delays())
          .doc("delays before each retry, comma-separated");
  public static final Setting WEBHOOK_TIMEOUT =
      global("webhook.timeout", DURATION, "PT15S", positive()).doc("per-attempt timeout");
  public static final Setting WEBHOOK_MAX_CONCURRENCY =
      global("webhook.max-concurrency", INTEGER, "8", between(1, 64))
          .doc("deliveries sent in parallel, 1-64");
  public static final Setting WEBHOOK_ENDPOINT_CONCURRENCY =
      global("webhook.endpoint-concurrency", INTEGER, "32", between(1, 256))
          .doc("deliveries in flight per endpoint, 1-256");
  public static final Setting WEBHOOK_BATCH_SIZE =
      global("webhook.batch-size", INTEGER, "25", between(1, 1000))
          .doc("deliveries per run, 1-1000");
  public static final Setting WEBHOOK_CHECK_INTERVAL =
      global("webhook.check-interval", DURATION, "PT1S", positive()).doc("how often to look");
  public static final Setting WEBHOOK_LEASE =
      global("webhook.lease", DURATION, "PT2M", positive()).doc("claim lease; > webhook.timeout");
  public static final Setting SCHEDULER_THREADS =
      global("scheduler.threads", INTEGER, "4", between(2, 64)).doc("Quartz worker threads, 2-64");
  public static final Setting SCHEDULER_INSTANCE_ID =
      global("scheduler.instance-id", TEXT, "AUTO", none()).doc("Quartz instance id");
  public static final Setting OPS_LISTEN_ADDRESS =
      global("ops.listen-address", LISTEN_ADDRESS, "127.0.0.1:9464", none())
          .doc("host:port of /metrics and /health; off = no listener");

  private ConfigKeys() {}

  static List<Setting> settings(Scope scope) {
    return TABLE.stream().filter(s -> s.scope() == scope).toList();
  }

  /** Visits a global key once, an account's or endpoint's for each of {@code names(scope)}. */
  static void walk(Function<Scope, List<String>> names, BiConsumer<Setting, String> visit) {
    for (Setting s : TABLE) {
      List<Setting> group = settings(s.scope());
      if (s.scope() == Scope.GLOBAL) {
        visit.accept(s, DEFAULT);
      } else if (s == group.get(0)) {
        names.apply(s.scope()).forEach(name -> group.forEach(t -> visit.accept(t, name)));
      }
    }
  }

  /** Every known key in documentation order, {@code -file} twins and {@code <name>} patterns. */
  public static List<Key> all() {
    List<Key> all = new ArrayList<>();
    walk(scope -> List.of(DEFAULT, PLACEHOLDER), (s, name) -> document(all, s, name));
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

  /** The key named {@code name}; {@code cloudflare.accounts.eu.x} finds its pattern key. */
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
    LevenshteinDistance distance = new LevenshteinDistance(Math.max(3, unknown.length() / 3));
    return candidates.stream()
        .filter(name -> distance.apply(name, unknown) >= 0)
        .min(Comparator.comparingInt(name -> distance.apply(name, unknown)));
  }

  /** Splits a key of an additional account or endpoint; its name is not validated here. */
  static Optional<Scoped> scoped(String key) {
    for (Scope scope : List.of(Scope.ACCOUNT, Scope.ENDPOINT)) {
      if (key.startsWith(scope.namedPrefix)) {
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
    return settings(scope).stream()
        .flatMap(s -> Stream.of(s.suffix(), s.secret() ? s.suffix() + FILE_SUFFIX : null))
        .filter(Objects::nonNull)
        .toList();
  }

  private static <T> Setting global(
      String name, ValueType<T> type, @Nullable String def, Rule<? super T> rule) {
    return new Setting(Scope.GLOBAL, name, type, def, false, rule, "");
  }

  private static <T> Setting account(
      String suffix, ValueType<T> type, @Nullable String def, Rule<? super T> rule) {
    return new Setting(Scope.ACCOUNT, suffix, type, def, false, rule, "");
  }

  private static <T> Setting endpoint(
      String suffix, ValueType<T> type, @Nullable String def, Rule<? super T> rule) {
    return new Setting(Scope.ENDPOINT, suffix, type, def, false, rule, "");
  }
}
