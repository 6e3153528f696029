package dev.streampoller.faults.input;

import dev.streampoller.config.ConfigKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A generated matrix of bad configuration values: for every key of {@link ConfigKeys#all()} (the
 * per-account and per-endpoint patterns as {@code cloudflare.accounts.eu.*} and {@code
 * webhook.endpoints.crm.*}), an empty value and a misspelt name, plus, by the key's type, a value
 * of the wrong type and one out of range; for each secret file key a missing file, a directory and
 * an empty file; for each secret both it and its file; each required key missing; and cross-key
 * rules. Every case is a change to one valid configuration ({@link FaultSecrets#validConfig}) and
 * names the keys the report must name.
 */
final class ConfigCases {
  static final String ACCOUNT = "eu";
  static final String ENDPOINT = "crm";

  /** What kind of problem a case is; each kind also runs as one file holding all its cases. */
  enum Kind {
    WRONG_TYPE,
    OUT_OF_RANGE,
    EMPTY,
    UNKNOWN_KEY,
    MISSING_REQUIRED,
    UNREADABLE_FILE,
    BOTH_KEY_AND_FILE,
    CROSS_KEY
  }

  /**
   * One bad configuration.
   *
   * @param id unique and readable, {@code kind/key[/detail]}
   * @param context keys set so that the case's key is the one in use (its credential scheme); when
   *     cases are combined, every case's own values win over every context
   * @param set keys to set (replacing the valid value)
   * @param remove keys to remove from the valid configuration
   * @param expected keys the report must name, each on a line with the file
   * @param fragment text the report must also contain, e.g. the suggested key; empty for none
   */
  record Case(
      String id,
      Kind kind,
      Map<String, String> context,
      Map<String, String> set,
      Set<String> remove,
      List<String> expected,
      String fragment) {
    Case(
        String id,
        Kind kind,
        Map<String, String> set,
        Set<String> remove,
        List<String> expected,
        String fragment) {
      this(id, kind, Map.of(), set, remove, expected, fragment);
    }

    @Override
    public String toString() {
      return id;
    }
  }

  private final Path files;
  private final String databaseUrl;
  private final String apiBaseUrl;

  /** {@code files} is where secret files (valid, empty, a directory) are created. */
  ConfigCases(Path files, String databaseUrl, String apiBaseUrl) {
    this.files = files;
    this.databaseUrl = databaseUrl;
    this.apiBaseUrl = apiBaseUrl;
  }

  /**
   * Each key as it is written for the account {@value #ACCOUNT} and endpoint {@value #ENDPOINT}.
   */
  static List<String> concreteKeys() {
    return ConfigKeys.all().stream().map(k -> concrete(k.name())).toList();
  }

  static String concrete(String pattern) {
    return pattern
        .replace(ConfigKeys.CLOUDFLARE_ACCOUNTS_PREFIX + "<name>.", "cloudflare.accounts.eu.")
        .replace(ConfigKeys.WEBHOOK_ENDPOINTS_PREFIX + "<name>.", "webhook.endpoints.crm.");
  }

  /** The valid configuration, as key to value. */
  Map<String, String> valid() {
    Map<String, String> valid = new LinkedHashMap<>();
    for (String line : FaultSecrets.validConfig(databaseUrl, apiBaseUrl)) {
      int eq = line.indexOf('=');
      valid.put(line.substring(0, eq), line.substring(eq + 1));
    }
    return valid;
  }

  /** The configuration file's lines for the cases applied together (or one case alone). */
  List<String> lines(List<Case> cases) {
    Map<String, String> config = valid();
    for (Case c : cases) {
      c.remove().forEach(config::remove);
    }
    for (Case c : cases) {
      config.putAll(c.context());
    }
    for (Case c : cases) {
      config.putAll(c.set());
    }
    List<String> lines = new ArrayList<>();
    config.forEach((k, v) -> lines.add(k + "=" + v));
    return lines;
  }

  List<Case> all() {
    List<Case> cases = new ArrayList<>();
    for (ConfigKeys.Key key : ConfigKeys.all()) {
      String name = concrete(key.name());
      cases.add(of(Kind.EMPTY, name, "", name, "is empty"));
      cases.add(unknown(name));
      if (name.endsWith(ConfigKeys.FILE_SUFFIX)) {
        cases.addAll(fileCases(name));
      } else {
        typed(key, name).forEach(cases::add);
      }
    }
    cases.addAll(missingRequired());
    cases.addAll(crossKey());
    return cases;
  }

  private Case unknown(String name) {
    String typo = name.substring(0, name.length() - 1);
    // A typo that is another key's name (or a prefix ending in a dot) is no typo.
    if (concreteKeys().contains(typo) || typo.endsWith(".")) {
      typo = name + "x";
    }
    return new Case(
        "unknown_key/" + name,
        Kind.UNKNOWN_KEY,
        Map.of(typo, "1"),
        Set.of(),
        List.of(typo),
        "did you mean " + name + "?");
  }

  private List<Case> typed(ConfigKeys.Key key, String name) {
    List<Case> cases = new ArrayList<>();
    Optional<String> fixed = specific(name);
    if (fixed.isPresent()) {
      String[] parts = fixed.get().split("\\|", -1);
      if (!parts[0].isEmpty()) {
        cases.add(of(Kind.WRONG_TYPE, name, parts[0], name, ""));
      }
      if (parts.length > 1 && !parts[1].isEmpty()) {
        cases.add(of(Kind.OUT_OF_RANGE, name, parts[1], name, ""));
      }
      return cases;
    }
    String def = key.defaultValue().orElse("");
    if (isDuration(def)) {
      cases.add(of(Kind.WRONG_TYPE, name, "banana", name, "ISO-8601 duration"));
      cases.add(of(Kind.OUT_OF_RANGE, name, "-PT1S", name, ""));
    } else if (def.matches("\\d+")) {
      cases.add(of(Kind.WRONG_TYPE, name, "ten", name, "must be an integer"));
      cases.add(of(Kind.OUT_OF_RANGE, name, "0", name, ""));
      cases.add(withId(of(Kind.OUT_OF_RANGE, name, "100000", name, ""), "/high"));
    } else if (def.equals("true") || def.equals("false")) {
      cases.add(of(Kind.WRONG_TYPE, name, "yes", name, "true or false"));
    }
    return cases;
  }

  /**
   * Keys whose type the default does not tell: {@code wrong type|out of range}, either empty for
   * none (free text and plain secrets accept any non-empty value).
   */
  private static Optional<String> specific(String name) {
    String webhookSecret = "not-a-whsec-secret-value|whsec_c2hvcnQta2V5";
    Map<String, String> table = new LinkedHashMap<>();
    table.put("cloudflare.api-base-url", "http://[bad|ftp://api.example.com/client/v4");
    table.put("cloudflare.account-id", "bad id!|" + "a".repeat(33));
    table.put("cloudflare.accounts.eu.account-id", "bad id!|" + "b".repeat(33));
    table.put("cloudflare.api-email", "no-at-sign|");
    table.put("cloudflare.accounts.eu.api-email", "no-at-sign|");
    table.put("database.url", "mysql://db.example.com/x|");
    table.put("webhook.url", "http://[bad|ftp://example.com/hook");
    table.put("webhook.endpoints.crm.url", "http://[bad|ftp://example.com/hook");
    table.put("webhook.secret", webhookSecret);
    table.put("webhook.previous-secret", webhookSecret);
    table.put("webhook.callback-secret", webhookSecret);
    table.put("webhook.endpoints.crm.secret", webhookSecret);
    table.put("webhook.endpoints.crm.previous-secret", webhookSecret);
    table.put("webhook.events", "download.done|");
    table.put("webhook.endpoints.crm.events", "download.done|");
    table.put("webhook.accounts", "|unknownacc");
    table.put("webhook.endpoints.crm.accounts", "|unknownacc");
    table.put("webhook.retry-schedule", "PT5S,banana|PT5S,-PT1S");
    table.put("ops.listen-address", "nohost|127.0.0.1:99999");
    table.put("scheduler.instance-id", "|");
    table.put("database.user", "|");
    table.put("cloudflare.api-token", "|");
    table.put("cloudflare.accounts.eu.api-token", "|");
    table.put("cloudflare.api-key", "|");
    table.put("cloudflare.accounts.eu.api-key", "|");
    table.put("database.password", "|");
    table.put("cloudflare.auto-track.since", "yesterday|");
    table.put("cloudflare.accounts.eu.auto-track.since", "yesterday|");
    table.put("cloudflare.auto-track.downloads", "|mp4");
    table.put("cloudflare.accounts.eu.auto-track.downloads", "|none,audio");
    return Optional.ofNullable(table.get(name));
  }

  private List<Case> fileCases(String fileKey) {
    String secretKey = fileKey.substring(0, fileKey.length() - ConfigKeys.FILE_SUFFIX.length());
    Path missing = files.resolve("no-such-" + fileKey);
    Path empty = write("empty-" + fileKey, "");
    Path good = write("good-" + fileKey, secretValue(secretKey) + "\n");
    List<Case> cases = new ArrayList<>();
    cases.add(fileCase(Kind.UNREADABLE_FILE, fileKey, "/missing", missing, fileKey));
    cases.add(fileCase(Kind.UNREADABLE_FILE, fileKey, "/directory", files, fileKey));
    cases.add(fileCase(Kind.UNREADABLE_FILE, fileKey, "/empty", empty, fileKey));
    Map<String, String> both = new LinkedHashMap<>();
    both.put(secretKey, secretValue(secretKey));
    both.put(fileKey, good.toString());
    cases.add(
        build(
            Kind.BOTH_KEY_AND_FILE,
            "both_key_and_file/" + secretKey,
            secretKey,
            both,
            List.of(secretKey),
            "not both"));
    return cases;
  }

  private Case fileCase(Kind kind, String fileKey, String detail, Path path, String expected) {
    return build(
        kind,
        kind.name().toLowerCase() + "/" + fileKey + detail,
        fileKey,
        Map.of(fileKey, path.toString()),
        List.of(expected),
        "");
  }

  /**
   * The changes that make {@code key} the one in use: a key of the primary account's legacy scheme
   * needs e-mail + key instead of the token, a key of the additional account's token scheme needs
   * the token instead of e-mail + key; a secret file key needs its inline twin gone.
   */
  private static Case build(
      Kind kind,
      String id,
      String key,
      Map<String, String> own,
      List<String> expected,
      String fragment) {
    Map<String, String> set = new LinkedHashMap<>();
    Set<String> remove = new java.util.LinkedHashSet<>();
    String base =
        key.endsWith(ConfigKeys.FILE_SUFFIX)
            ? key.substring(0, key.length() - ConfigKeys.FILE_SUFFIX.length())
            : key;
    if (List.of("cloudflare.api-email", "cloudflare.api-key").contains(base)) {
      remove.add("cloudflare.api-token");
      set.put("cloudflare.api-email", "ops@example.com");
      set.put("cloudflare.api-key", FaultSecrets.EU_API_KEY);
    } else if (base.equals("cloudflare.accounts.eu.api-token")) {
      remove.add("cloudflare.accounts.eu.api-email");
      remove.add("cloudflare.accounts.eu.api-key");
      set.put("cloudflare.accounts.eu.api-token", FaultSecrets.API_TOKEN);
    }
    if (!base.equals(key)) {
      set.remove(base);
      remove.add(base);
    }
    own.keySet().forEach(set::remove);
    remove.removeAll(own.keySet());
    return new Case(id, kind, set, own, remove, expected, fragment);
  }

  private static String secretValue(String secretKey) {
    return switch (secretKey) {
      case "cloudflare.api-token", "cloudflare.accounts.eu.api-token" -> FaultSecrets.API_TOKEN;
      case "cloudflare.api-key", "cloudflare.accounts.eu.api-key" -> FaultSecrets.EU_API_KEY;
      case "database.password" -> FaultSecrets.DB_PASSWORD;
      case "webhook.previous-secret" -> FaultSecrets.WEBHOOK_PREVIOUS_SECRET;
      case "webhook.callback-secret" -> FaultSecrets.CALLBACK_SECRET;
      case "webhook.endpoints.crm.secret" -> FaultSecrets.CRM_SECRET;
      case "webhook.endpoints.crm.previous-secret" -> FaultSecrets.WEBHOOK_PREVIOUS_SECRET;
      default -> FaultSecrets.WEBHOOK_SECRET;
    };
  }

  private List<Case> missingRequired() {
    // An account or endpoint exists while one of its keys is set: each case keeps one set, so
    // that the cases still mean something when all of them are in one file.
    Map<String, String> eu =
        Map.of("cloudflare.accounts.eu.rate-limit.requests-per-5-minutes", "900");
    Map<String, String> crm = Map.of("webhook.endpoints.crm.events", "download.ready");
    return List.of(
        missing("cloudflare.account-id", Map.of()),
        missing("database.url", Map.of()),
        missing("cloudflare.api-token", Map.of()),
        missing("webhook.secret", Map.of()),
        missing("webhook.endpoints.crm.url", crm),
        missing("webhook.endpoints.crm.secret", crm),
        missing("cloudflare.accounts.eu.account-id", eu),
        missing("cloudflare.accounts.eu.api-key", eu),
        // A third account, so that "e-mail without key" and "key without e-mail" fit one file.
        new Case(
            "missing_required/cloudflare.accounts.ap.api-email",
            Kind.MISSING_REQUIRED,
            Map.of(
                "cloudflare.accounts.ap.account-id",
                "acc3",
                "cloudflare.accounts.ap.api-key",
                FaultSecrets.EU_API_KEY),
            Set.of(),
            List.of("cloudflare.accounts.ap.api-email"),
            ""));
  }

  private static Case missing(String key, Map<String, String> keep) {
    return new Case(
        "missing_required/" + key, Kind.MISSING_REQUIRED, keep, Set.of(key), List.of(key), "");
  }

  /** Rules across keys; the second of each pair hides behind the first's invalid value. */
  private List<Case> crossKey() {
    return List.of(
        cross(
            "poll.max-interval", Map.of("poll.min-interval", "PT1M", "poll.max-interval", "PT30S")),
        cross("poll.lease", Map.of("poll.lease", "PT10S")),
        cross("webhook.lease", Map.of("webhook.lease", "PT5S", "webhook.timeout", "PT15S")),
        cross(
            "webhook.accounts",
            Map.of("webhook.accounts", "acc1,nosuchaccount"),
            "/unconfigured-account"),
        cross(
            "cloudflare.accounts.eu.account-id",
            Map.of("cloudflare.accounts.eu.account-id", "acc1"),
            "/duplicate"),
        // The lease is too short for the response timeout alone; the invalid connect timeout
        // must not hide that.
        new Case(
            "cross_key/poll.lease/behind-invalid-connect-timeout",
            Kind.CROSS_KEY,
            Map.of("cloudflare.connect-timeout", "banana", "poll.lease", "PT10S"),
            Set.of(),
            List.of("cloudflare.connect-timeout", "poll.lease"),
            ""),
        new Case(
            "cross_key/webhook.retry-schedule/every-bad-item",
            Kind.CROSS_KEY,
            Map.of("webhook.retry-schedule", "PT5S,banana,PT1M,-PT1S"),
            Set.of(),
            List.of("webhook.retry-schedule"),
            "delay 4"),
        new Case(
            "cross_key/cloudflare.api-token-file/missing-while-token-set",
            Kind.CROSS_KEY,
            Map.of("cloudflare.api-token-file", files.resolve("no-such-token").toString()),
            Set.of(),
            List.of("cloudflare.api-token", "cloudflare.api-token-file"),
            ""));
  }

  private static Case cross(String expected, Map<String, String> set) {
    return cross(expected, set, "");
  }

  private static Case cross(String expected, Map<String, String> set, String detail) {
    return new Case(
        "cross_key/" + expected + detail, Kind.CROSS_KEY, set, Set.of(), List.of(expected), "");
  }

  private static Case of(Kind kind, String key, String value, String expected, String fragment) {
    return build(
        kind,
        kind.name().toLowerCase() + "/" + key,
        key,
        Map.of(key, value),
        List.of(expected),
        fragment);
  }

  private static Case withId(Case c, String suffix) {
    return new Case(
        c.id() + suffix, c.kind(), c.context(), c.set(), c.remove(), c.expected(), c.fragment());
  }

  private static boolean isDuration(String text) {
    try {
      Duration.parse(text);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Path write(String name, String content) {
    try {
      Files.createDirectories(files);
      return Files.writeString(files.resolve(name), content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
