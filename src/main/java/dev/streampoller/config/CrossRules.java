package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.*;

import dev.streampoller.config.ConfigKeys.Scope;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The rules that span keys: each runs when the values it compares could be read. */
final class CrossRules {
  /** What a poll lease must exceed a request's deadline by (cut-off slack and claim renewal). */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(2);

  private CrossRules() {}

  static void check(PropertyReader in) {
    List<String> accounts = in.names(Scope.ACCOUNT);
    accounts.forEach(name -> credentialScheme(in, name));
    accounts(in, accounts);
    in.names(Scope.ENDPOINT).forEach(name -> endpoint(in, name));
    endpointAccounts(in, accounts);
    Duration min = in.value(POLL_MIN_INTERVAL);
    Duration max = in.value(POLL_MAX_INTERVAL);
    Duration floor = PollConfig.SMALLEST_MIN_INTERVAL;
    if (min != null && max != null && max.compareTo(min) < 0) {
      in.problem(
          POLL_MAX_INTERVAL, "must be at least %s (%s), was %s", POLL_MIN_INTERVAL, min, max);
    } else if ((min == null || min.compareTo(floor) < 0)
        && max != null
        && max.compareTo(floor) < 0) {
      // min-interval is invalid itself: max-interval still has min-interval's own floor.
      in.problem(POLL_MAX_INTERVAL, "must be at least %s, was %s", floor, max);
    }
    Duration timeout = in.value(WEBHOOK_TIMEOUT);
    Duration lease = in.value(WEBHOOK_LEASE);
    if (timeout != null && lease != null && lease.compareTo(timeout) <= 0) {
      in.problem(
          WEBHOOK_LEASE, "must be longer than %s (%s), was %s", WEBHOOK_TIMEOUT, timeout, lease);
    }
    pollLease(in);
  }

  /** Exactly one scheme: an API token, or an e-mail plus a global API key. */
  private static void credentialScheme(PropertyReader in, String name) {
    String token = API_TOKEN.name(name);
    String email = API_EMAIL.name(name);
    String key = API_KEY.name(name);
    // Decided from what is set, so a bad value does not hide a scheme conflict.
    boolean tokenSet = in.isSecretSet(token);
    boolean emailSet = in.isSet(email);
    boolean keySet = in.isSecretSet(key);
    if (tokenSet && (emailSet || keySet)) {
      in.problem(token, "set either an API token or %s + %s, not both", email, key);
    } else if (!tokenSet && !emailSet && !keySet) {
      in.problem(
          token,
          "is required: set %1$s (or %1$s%2$s), or %3$s with %4$s (or %4$s%2$s)",
          token,
          FILE_SUFFIX,
          email,
          key);
    } else if (!tokenSet && emailSet != keySet) {
      in.problem(emailSet ? key : email, "is required with %s", emailSet ? email : key);
    }
  }

  /** The credential of account {@code name}; null when its scheme or a value is wrong. */
  static @Nullable CloudflareCredential credential(PropertyReader in, String name) {
    Secret token = in.value(API_TOKEN, name);
    String email = in.value(API_EMAIL, name);
    Secret key = in.value(API_KEY, name);
    if (in.isSecretSet(API_TOKEN.name(name))) {
      boolean alone = !in.isSet(API_EMAIL.name(name)) && !in.isSecretSet(API_KEY.name(name));
      return alone && token != null ? new CloudflareCredential.ApiToken(token) : null;
    }
    boolean valid = email != null && key != null && email.contains("@");
    return valid ? new CloudflareCredential.ApiKey(email, key) : null;
  }

  /** Each account listed once; accounts sharing a credential declare one budget. */
  private static void accounts(PropertyReader in, List<String> names) {
    Map<String, String> byId = new HashMap<>();
    // Per credential, the first account whose budget was read: the others are compared with it.
    Map<String, String> byBudget = new HashMap<>();
    for (String name : names) {
      String id = in.value(ACCOUNT_ID, name);
      String first = id == null ? null : byId.putIfAbsent(id, name);
      if (first != null) {
        in.problem(
            ACCOUNT_ID.name(name),
            "account '%s' is already configured by %s; list each account once",
            id,
            ACCOUNT_ID.name(first));
      }
      CloudflareCredential credential = credential(in, name);
      Integer budget = in.value(REQUESTS_PER_5_MINUTES, name);
      first =
          credential == null || budget == null
              ? null
              : byBudget.putIfAbsent(credential.budgetId(), name);
      if (first != null && !budget.equals(in.value(REQUESTS_PER_5_MINUTES, first))) {
        in.problem(
            REQUESTS_PER_5_MINUTES.name(name),
            "is %s but %s is %s, and both accounts use the same credential (%s), which has one"
                + " budget; set the same value",
            budget,
            REQUESTS_PER_5_MINUTES.name(first),
            in.value(REQUESTS_PER_5_MINUTES, first),
            credential.label());
      }
    }
  }

  /** Whether endpoint {@code name} exists: any other than the default one, which needs its url. */
  static boolean hasEndpoint(PropertyReader in, String name) {
    return !name.equals(DEFAULT) || in.isSet(ENDPOINT_URL.name(name));
  }

  private static void endpoint(PropertyReader in, String name) {
    String url = ENDPOINT_URL.name(name);
    String secret = ENDPOINT_SECRET.name(name);
    if (!hasEndpoint(in, name)) {
      // The default endpoint's own keys mean nothing without its URL; ignoring them would hide a
      // forgotten or misspelt webhook.url. Its secret may sign callback URLs.
      for (String suffix : ConfigKeys.suffixes(Scope.ENDPOINT)) {
        String key = Scope.ENDPOINT.key(name, suffix);
        if (!suffix.startsWith(ENDPOINT_SECRET.suffix()) && in.isSet(key)) {
          in.problem(key, "is set but %s is not; it configures that endpoint", url);
        }
      }
      return;
    }
    if (!in.isSet(url)) {
      in.problem(url, "is required");
    }
    if (!in.isSecretSet(secret)) {
      in.problem(
          secret,
          name.equals(DEFAULT) ? "is required when %s is set" : "is required (or %2$s%3$s)",
          url,
          secret,
          FILE_SUFFIX);
    }
    Secret current = in.value(ENDPOINT_SECRET, name);
    if (current != null && current.equals(in.value(ENDPOINT_PREVIOUS_SECRET, name))) {
      in.problem(
          ENDPOINT_PREVIOUS_SECRET.name(name), "must differ from %s (values hidden)", secret);
    }
  }

  /** An endpoint's account filter names only polled accounts (else a typo starves it). */
  private static void endpointAccounts(PropertyReader in, List<String> accounts) {
    List<@Nullable String> ids =
        accounts.stream().map(a -> in.<String>value(ACCOUNT_ID, a)).toList();
    if (ids.contains(null)) {
      return;
    }
    for (String endpoint : in.names(Scope.ENDPOINT)) {
      List<String> filter = in.value(ENDPOINT_ACCOUNTS, endpoint);
      if (hasEndpoint(in, endpoint) && filter != null) {
        // A malformed id is reported by the endpoint's own rule.
        filter.stream()
            .filter(id -> ValueType.ACCOUNT_ID.matcher(id).matches() && !ids.contains(id))
            .forEach(
                id ->
                    in.problem(
                        ENDPOINT_ACCOUNTS.name(endpoint),
                        "account '%s' is not configured (%s or %s)",
                        id,
                        ACCOUNT_ID,
                        Scope.ACCOUNT.namedKey("<name>", ACCOUNT_ID.suffix())));
      }
    }
  }

  /** A poll claim outlives one request's deadline, connect-timeout + response-timeout. */
  private static void pollLease(PropertyReader in) {
    Duration lease = in.value(POLL_LEASE);
    Duration connect = in.value(CONNECT_TIMEOUT);
    Duration response = in.value(RESPONSE_TIMEOUT);
    // A timeout that did not parse (reported on its own) still leaves a floor: the other one.
    Duration least =
        Objects.requireNonNullElse(connect, Duration.ZERO)
            .plus(Objects.requireNonNullElse(response, Duration.ZERO))
            .plus(LEASE_MARGIN);
    if (lease != null && lease.compareTo(least) < 0) {
      in.problem(
          POLL_LEASE,
          "must be at least %s + %s + %s (%s%s), was %s",
          CONNECT_TIMEOUT,
          RESPONSE_TIMEOUT,
          LEASE_MARGIN,
          least,
          connect == null || response == null ? " counting only the timeout that is valid" : "",
          lease);
    }
  }
}
