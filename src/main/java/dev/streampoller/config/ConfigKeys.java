package dev.streampoller.config;

import static dev.streampoller.config.ValueType.*;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.commons.text.similarity.LevenshteinDistance;
import org.jspecify.annotations.Nullable;

/**
 * The key table: every setting, declared once (name, type and its rules, default, doc). A
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
  // cloudflare.accounts.<name>.<suffix> or webhook.endpoints.<name>.<suffix>
  private static final Pattern SCOPED =
      Pattern.compile(
          "(cloudflare\\.accounts|webhook\\.endpoints)\\.([^.]+)\\.(.+)", Pattern.DOTALL);

  /** Whose a setting is: the daemon's, one account's or one endpoint's. */
  public enum Scope {
    GLOBAL("", "", ""),
    ACCOUNT("cloudflare.", CLOUDFLARE_ACCOUNTS_PREFIX, "account"),
    ENDPOINT("webhook.", WEBHOOK_ENDPOINTS_PREFIX, "endpoint");

    private final String defaultPrefix;
    private final String namedPrefix;
    // What a bad name is called in a problem.
    final String noun;

    Scope(String defaultPrefix, String namedPrefix, String noun) {
      this.defaultPrefix = defaultPrefix;
      this.namedPrefix = namedPrefix;
      this.noun = noun;
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
   * One row: {@code suffix} is the key, or what follows the account's or endpoint's prefix; {@code
   * type} parses and checks its value, a {@link Secret} for a secret; {@code defaultText} is as
   * written in the file.
   */
  public record Setting(
      Scope scope,
      String suffix,
      ValueType<?> type,
      @Nullable String defaultText,
      boolean required,
      String doc) {

    /** The key of this setting for the account or endpoint {@code scopeName}. */
    public String name(String scopeName) {
      return scope.key(scopeName, suffix);
    }

    public boolean secret() {
      return type == SECRET || type == WEBHOOK_SECRET;
    }

    /** The key as messages name it: the global key, or the default account's or endpoint's. */
    @Override
    public String toString() {
      return scope.key(DEFAULT, suffix);
    }

    private Setting require() {
      return new Setting(scope, suffix, type, defaultText, true, doc);
    }

    /** Ends a row of the table: its doc, and the row added. */
    private Setting doc(String text) {
      Setting s = new Setting(scope, suffix, type, defaultText, required, text);
      TABLE.add(s);
      return s;
    }
  }

  /** One documented key; an additional account's or endpoint's key with {@code <name>}. */
  public record Key(
      String name, Optional<String> defaultValue, boolean secret, String description) {}

  private static final List<Setting> TABLE = new ArrayList<>();

  public static final Setting API_BASE_URL =
      global("cloudflare.api-base-url", API_ROOT, "https://api.cloudflare.com/client/v4")
          .doc("API root URL");
  public static final Setting ACCOUNT_ID =
      account("account-id", ACCOUNT_ID_TEXT, null)
          .require()
          .doc("account id, 1-32 letters or digits");
  public static final Setting API_TOKEN =
      account("api-token", SECRET, null)
          .doc("API token (Stream Read; Stream Write for auto-track); or api-email + api-key");
  public static final Setting API_EMAIL =
      account("api-email", EMAIL, null).doc("legacy auth: account e-mail, with api-key");
  public static final Setting API_KEY =
      account("api-key", SECRET, null).doc("legacy auth: global API key, with api-email");
  public static final Setting REQUESTS_PER_5_MINUTES =
      account("rate-limit.requests-per-5-minutes", between(2, 1200), "900")
          .doc("request budget of the credential per 5 minutes, all instances, 2-1200");
  public static final Setting AUTO_TRACK_ENABLED =
      account("auto-track.enabled", BOOLEAN, "false")
          .doc("track every new video that becomes ready to stream (the list call)");
  public static final Setting AUTO_TRACK_DOWNLOADS =
      account("auto-track.downloads", DOWNLOAD_TYPES, "default")
          .doc("downloads created for a discovered video: default, audio, both, or none");
  public static final Setting AUTO_TRACK_INTERVAL =
      account("auto-track.interval", atLeast(Duration.ofSeconds(5)), "PT1M")
          .doc("how often to look for new videos, at least PT5S");
  public static final Setting AUTO_TRACK_SINCE =
      account("auto-track.since", INSTANT, null)
          .doc("discover videos created after this; unset = when first enabled");
  public static final Setting AUTO_TRACK_LOOK_BACK =
      account("auto-track.look-back", POSITIVE, "PT24H")
          .doc("how far before the cursor a video that became ready late is still found");
  public static final Setting AUTO_TRACK_CREATOR =
      account("auto-track.creator", atMost(64), null)
          .doc("only videos of this creator id; unset = all");
  public static final Setting AUTO_TRACK_SEARCH =
      account("auto-track.search", TEXT, null)
          .doc("only videos whose name contains this; unset = all");
  public static final Setting CONNECT_TIMEOUT =
      global("cloudflare.connect-timeout", POSITIVE, "PT5S").doc("connect timeout");
  public static final Setting RESPONSE_TIMEOUT =
      global("cloudflare.response-timeout", POSITIVE, "PT10S")
          .doc("response timeout; with connect-timeout, each request's overall deadline");
  public static final Setting DATABASE_URL =
      global("database.url", JDBC_URL, null).require().doc("JDBC URL, jdbc:postgresql:...");
  public static final Setting DATABASE_USER =
      global("database.user", TEXT, null).doc("database user");
  public static final Setting DATABASE_PASSWORD =
      global("database.password", SECRET, null).doc("database password");
  public static final Setting DATABASE_POOL_SIZE =
      global("database.pool-size", between(2, 200), "10").doc("connection pool size, 2-200");
  public static final Setting POLL_MIN_INTERVAL =
      global("poll.min-interval", atLeast(PollConfig.SMALLEST_MIN_INTERVAL), "PT5S")
          .doc("shortest gap between polls");
  public static final Setting POLL_MAX_INTERVAL =
      global("poll.max-interval", DURATION, "PT2M").doc("longest gap between polls");
  public static final Setting POLL_GIVE_UP_AFTER =
      global("poll.give-up-after", POSITIVE, "PT24H").doc("stop polling a video unchanged for");
  public static final Setting POLL_LEASE =
      global("poll.lease", POSITIVE, "PT20S")
          .doc("claim lease; >= connect + response timeout + 2 s");
  public static final Setting POLL_BATCH_SIZE =
      global("poll.batch-size", between(1, 1000), "25").doc("videos claimed per run, 1-1000");
  public static final Setting POLL_CHECK_INTERVAL =
      global("poll.check-interval", POSITIVE, "PT1S").doc("how often to look for work");
  public static final Setting ENDPOINT_URL =
      endpoint("url", RECEIVER_URL, null).doc("the endpoint's receiver; no endpoint, no webhooks");
  public static final Setting ENDPOINT_SECRET =
      endpoint("secret", WEBHOOK_SECRET, null)
          .doc("required with the url: whsec_<base64 of 24-64 bytes>");
  public static final Setting ENDPOINT_PREVIOUS_SECRET =
      endpoint("previous-secret", WEBHOOK_SECRET, null)
          .doc("secret being rotated out; both signatures are sent");
  public static final Setting ENDPOINT_EVENTS =
      endpoint("events", EVENTS, "download.ready,download.error")
          .doc("events delivered: download.ready, download.error");
  public static final Setting ENDPOINT_ACCOUNTS =
      endpoint("accounts", ACCOUNT_IDS, null)
          .doc("account ids delivered, comma-separated; unset = all");
  public static final Setting ENDPOINT_CLOUDFLARE_SIGNATURE =
      endpoint("cloudflare-signature", BOOLEAN, "false")
          .doc("Cloudflare-style signature instead of Standard");
  public static final Setting WEBHOOK_CALLBACK_SECRET =
      global("webhook.callback-secret", WEBHOOK_SECRET, null)
          .doc("signs callback URLs; unset = webhook.secret");
  public static final Setting WEBHOOK_RETRY_SCHEDULE =
      global("webhook.retry-schedule", DELAYS, "PT5S,PT5M,PT30M,PT2H,PT5H,PT10H,PT14H,PT20H,PT24H")
          .doc("delays before each retry, comma-separated");
  public static final Setting WEBHOOK_TIMEOUT =
      global("webhook.timeout", POSITIVE, "PT15S").doc("per-attempt timeout");
  public static final Setting WEBHOOK_MAX_CONCURRENCY =
      global("webhook.max-concurrency", between(1, 64), "8")
          .doc("deliveries sent in parallel, 1-64");
  public static final Setting WEBHOOK_ENDPOINT_CONCURRENCY =
      global("webhook.endpoint-concurrency", between(1, 256), "32")
          .doc("deliveries in flight per endpoint, 1-256");
  public static final Setting WEBHOOK_BATCH_SIZE =
      global("webhook.batch-size", between(1, 1000), "25").doc("deliveries per run, 1-1000");
  public static final Setting WEBHOOK_CHECK_INTERVAL =
      global("webhook.check-interval", POSITIVE, "PT1S").doc("how often to look");
  public static final Setting WEBHOOK_LEASE =
      global("webhook.lease", POSITIVE, "PT2M").doc("claim lease; > webhook.timeout");
  public static final Setting SCHEDULER_THREADS =
      global("scheduler.threads", between(2, 64), "4").doc("Quartz worker threads, 2-64");
  public static final Setting SCHEDULER_INSTANCE_ID =
      global("scheduler.instance-id", TEXT, "AUTO").doc("Quartz instance id");
  public static final Setting OPS_LISTEN_ADDRESS =
      global("ops.listen-address", LISTEN_ADDRESS, "127.0.0.1:9464")
          .doc("host:port of /metrics and /health; off = no listener");

  private ConfigKeys() {}

  /** Visits a global key once, an account's or endpoint's for each of {@code names(scope)}. */
  static void walk(Function<Scope, List<String>> names, BiConsumer<Setting, String> visit) {
    for (Setting s : TABLE) {
      List<Setting> group = TABLE.stream().filter(t -> t.scope() == s.scope()).toList();
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
    String doc = name.equals(DEFAULT) ? s.doc() : "additional " + s.scope().noun + ": " + s.doc();
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
    Matcher m = SCOPED.matcher(key);
    Scope scope = key.startsWith(CLOUDFLARE_ACCOUNTS_PREFIX) ? Scope.ACCOUNT : Scope.ENDPOINT;
    return m.matches() ? Optional.of(new Scoped(scope, m.group(2), m.group(3))) : Optional.empty();
  }

  /** Every suffix a key of {@code scope} may have, {@code -file} twins included. */
  static List<String> suffixes(Scope scope) {
    return TABLE.stream()
        .filter(s -> s.scope() == scope)
        .flatMap(s -> Stream.of(s.suffix(), s.secret() ? s.suffix() + FILE_SUFFIX : null))
        .filter(Objects::nonNull)
        .toList();
  }

  private static Setting global(String name, ValueType<?> type, @Nullable String def) {
    return new Setting(Scope.GLOBAL, name, type, def, false, "");
  }

  private static Setting account(String suffix, ValueType<?> type, @Nullable String def) {
    return new Setting(Scope.ACCOUNT, suffix, type, def, false, "");
  }

  private static Setting endpoint(String suffix, ValueType<?> type, @Nullable String def) {
    return new Setting(Scope.ENDPOINT, suffix, type, def, false, "");
  }
}
