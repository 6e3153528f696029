package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.ACCOUNT_ID;
import static dev.streampoller.config.ConfigKeys.API_EMAIL;
import static dev.streampoller.config.ConfigKeys.API_KEY;
import static dev.streampoller.config.ConfigKeys.API_TOKEN;
import static dev.streampoller.config.ConfigKeys.CONNECT_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.DEFAULT;
import static dev.streampoller.config.ConfigKeys.ENDPOINT_ACCOUNTS;
import static dev.streampoller.config.ConfigKeys.ENDPOINT_PREVIOUS_SECRET;
import static dev.streampoller.config.ConfigKeys.ENDPOINT_SECRET;
import static dev.streampoller.config.ConfigKeys.ENDPOINT_URL;
import static dev.streampoller.config.ConfigKeys.FILE_SUFFIX;
import static dev.streampoller.config.ConfigKeys.POLL_LEASE;
import static dev.streampoller.config.ConfigKeys.POLL_MAX_INTERVAL;
import static dev.streampoller.config.ConfigKeys.POLL_MIN_INTERVAL;
import static dev.streampoller.config.ConfigKeys.REQUESTS_PER_5_MINUTES;
import static dev.streampoller.config.ConfigKeys.RESPONSE_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_LEASE;
import static dev.streampoller.config.ConfigKeys.WEBHOOK_TIMEOUT;

import dev.streampoller.config.ConfigKeys.Scope;
import dev.streampoller.config.ConfigKeys.Setting;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The rules that span keys, run once every key was read. A rule is checked whenever the values it
 * compares could be read, even if one of them breaks a rule of its own; it is skipped when one
 * could not be read (that problem is already reported).
 */
final class CrossRules {
  /**
   * What a poll lease must exceed a request's deadline by: the poller keeps up to 1 s between a
   * request's cut-off and its claim's end, and renewing the claim takes a moment.
   */
  static final Duration LEASE_MARGIN = Duration.ofSeconds(2);

  private CrossRules() {}

  static void check(PropertyReader in, Problems p, List<String> accounts, List<String> endpoints) {
    accounts.forEach(name -> credentialScheme(in, p, name));
    accounts(in, p, accounts);
    endpoints.forEach(name -> endpoint(in, p, name));
    endpointAccounts(in, p, accounts, endpoints);
    pollIntervals(in, p);
    Duration timeout = in.value(WEBHOOK_TIMEOUT.name());
    Duration webhookLease = in.value(WEBHOOK_LEASE.name());
    if (timeout != null && webhookLease != null && webhookLease.compareTo(timeout) <= 0) {
      p.add(
          WEBHOOK_LEASE.name(),
          "must be longer than "
              + WEBHOOK_TIMEOUT.name()
              + " ("
              + timeout
              + "), was "
              + webhookLease);
    }
    pollLease(in, p);
  }

  /** Exactly one scheme: an API token, or an e-mail plus a global API key. */
  private static void credentialScheme(PropertyReader in, Problems p, String name) {
    String token = API_TOKEN.name(name);
    String email = API_EMAIL.name(name);
    String key = API_KEY.name(name);
    // Decided from what is set, so a bad value does not hide a scheme conflict.
    boolean tokenSet = isSecretSet(in, API_TOKEN, name);
    boolean emailSet = in.isSet(email);
    boolean keySet = isSecretSet(in, API_KEY, name);
    if (tokenSet && (emailSet || keySet)) {
      p.add(token, "set either an API token or " + email + " + " + key + ", not both");
    } else if (!tokenSet && !emailSet && !keySet) {
      p.add(
          token,
          "is required: set "
              + token
              + " (or "
              + token
              + FILE_SUFFIX
              + "), or "
              + email
              + " with "
              + key
              + " (or "
              + key
              + FILE_SUFFIX
              + ")");
    } else if (!tokenSet) {
      if (!emailSet) {
        p.add(email, "is required with " + key);
      }
      if (!keySet) {
        p.add(key, "is required with " + email);
      }
    }
  }

  /** The credential of account {@code name}; null when its scheme or a value is wrong. */
  static @Nullable CloudflareCredential credential(PropertyReader in, String name) {
    Secret token = in.value(API_TOKEN.name(name));
    String email = in.value(API_EMAIL.name(name));
    Secret key = in.value(API_KEY.name(name));
    boolean tokenSet = isSecretSet(in, API_TOKEN, name);
    if (tokenSet && !in.isSet(API_EMAIL.name(name)) && !isSecretSet(in, API_KEY, name)) {
      return token == null ? null : new CloudflareCredential.ApiToken(token);
    }
    boolean valid = !tokenSet && email != null && key != null && email.contains("@");
    return valid ? new CloudflareCredential.ApiKey(email, key) : null;
  }

  /**
   * Each account is listed once, and accounts sharing a credential (one Cloudflare user, one rate
   * limit) declare one budget. Each conflict is reported once, on the later account, naming the
   * earlier one's key too.
   */
  private static void accounts(PropertyReader in, Problems p, List<String> names) {
    for (int i = 0; i < names.size(); i++) {
      String later = names.get(i);
      String id = in.value(ACCOUNT_ID.name(later));
      for (String earlier : names.subList(0, i)) {
        if (id != null && id.equals(in.value(ACCOUNT_ID.name(earlier)))) {
          p.add(
              ACCOUNT_ID.name(later),
              "account '"
                  + id
                  + "' is already configured by "
                  + ACCOUNT_ID.name(earlier)
                  + "; list each account once");
          break;
        }
      }
      CloudflareCredential credential = credential(in, later);
      Integer budget = in.value(REQUESTS_PER_5_MINUTES.name(later));
      for (String earlier : names.subList(0, i)) {
        // Comparing with the first account of the group whose budget was read is enough: it
        // reports every outlier. One whose budget was not read must not hide the others.
        Integer shared = in.value(REQUESTS_PER_5_MINUTES.name(earlier));
        CloudflareCredential other = credential(in, earlier);
        if (shared != null
            && credential != null
            && other != null
            && credential.budgetId().equals(other.budgetId())) {
          if (budget != null && !budget.equals(shared)) {
            p.add(
                REQUESTS_PER_5_MINUTES.name(later),
                "is "
                    + budget
                    + " but "
                    + REQUESTS_PER_5_MINUTES.name(earlier)
                    + " is "
                    + shared
                    + ", and both accounts use the same credential ("
                    + credential.label()
                    + "), which has one budget; set the same value");
          }
          break;
        }
      }
    }
  }

  /** Whether endpoint {@code name} exists: any other than the default one, which needs its url. */
  static boolean hasEndpoint(PropertyReader in, String name) {
    return !name.equals(DEFAULT) || in.isSet(ENDPOINT_URL.name(name));
  }

  private static void endpoint(PropertyReader in, Problems p, String name) {
    String url = ENDPOINT_URL.name(name);
    String secret = ENDPOINT_SECRET.name(name);
    if (!hasEndpoint(in, name)) {
      // The default endpoint's own keys mean nothing without its URL; ignoring them would hide a
      // forgotten or misspelt webhook.url. Its secret may sign callback URLs.
      for (String suffix : ConfigKeys.suffixes(Scope.ENDPOINT)) {
        String key = Scope.ENDPOINT.key(name, suffix);
        if (!suffix.startsWith(ENDPOINT_SECRET.suffix()) && !key.equals(url) && in.isSet(key)) {
          p.add(key, "is set but " + url + " is not; it configures that endpoint");
        }
      }
      return;
    }
    if (!in.isSet(url)) {
      p.add(url, "is required");
    }
    if (!isSecretSet(in, ENDPOINT_SECRET, name)) {
      p.add(
          secret,
          name.equals(DEFAULT)
              ? "is required when " + url + " is set"
              : "is required (or " + secret + FILE_SUFFIX + ")");
    }
    Secret current = in.value(secret);
    String previous = ENDPOINT_PREVIOUS_SECRET.name(name);
    if (current != null && current.equals(in.value(previous))) {
      p.add(previous, "must differ from " + secret + " (values hidden)");
    }
  }

  /**
   * An endpoint's account filter names only polled accounts: any other id is a typo that would
   * silently starve the endpoint. Skipped while an account id is unknown (already reported).
   */
  private static void endpointAccounts(
      PropertyReader in, Problems p, List<String> accounts, List<String> endpoints) {
    List<@Nullable String> ids =
        accounts.stream().map(a -> in.<String>value(ACCOUNT_ID.name(a))).toList();
    if (ids.stream().anyMatch(Objects::isNull)) {
      return;
    }
    for (String endpoint : endpoints) {
      List<String> filter = in.value(ENDPOINT_ACCOUNTS.name(endpoint));
      if (!hasEndpoint(in, endpoint) || filter == null) {
        continue;
      }
      for (String account : filter) {
        // A malformed id is reported by the endpoint's own rule.
        if (Rule.ACCOUNT_ID.matcher(account).matches() && !ids.contains(account)) {
          p.add(
              ENDPOINT_ACCOUNTS.name(endpoint),
              "account '"
                  + account
                  + "' is not configured ("
                  + ACCOUNT_ID.name()
                  + " or "
                  + Scope.ACCOUNT.namedKey("<name>", ACCOUNT_ID.suffix())
                  + ")");
        }
      }
    }
  }

  private static void pollIntervals(PropertyReader in, Problems p) {
    Duration min = in.value(POLL_MIN_INTERVAL.name());
    Duration max = in.value(POLL_MAX_INTERVAL.name());
    Duration floor = PollConfig.SMALLEST_MIN_INTERVAL;
    if (min != null && max != null && max.compareTo(min) < 0) {
      p.add(
          POLL_MAX_INTERVAL.name(),
          "must be at least " + POLL_MIN_INTERVAL.name() + " (" + min + "), was " + max);
    } else if ((min == null || min.compareTo(floor) < 0)
        && max != null
        && max.compareTo(floor) < 0) {
      // min-interval is invalid itself: max-interval still has min-interval's own floor.
      p.add(POLL_MAX_INTERVAL.name(), "must be at least " + floor + ", was " + max);
    }
  }

  /**
   * A poll claim must outlive one request ({@code connect-timeout + response-timeout}, its overall
   * deadline), or a slow answer would be cut short by its claim rather than by its timeouts.
   */
  private static void pollLease(PropertyReader in, Problems p) {
    Duration lease = in.value(POLL_LEASE.name());
    Duration connect = in.value(CONNECT_TIMEOUT.name());
    Duration response = in.value(RESPONSE_TIMEOUT.name());
    if (lease == null) {
      return;
    }
    // A timeout that did not parse (reported on its own) still leaves a floor: the other one.
    Duration least =
        (connect == null ? Duration.ZERO : connect)
            .plus(response == null ? Duration.ZERO : response)
            .plus(LEASE_MARGIN);
    if (lease.compareTo(least) < 0) {
      p.add(
          POLL_LEASE.name(),
          "must be at least "
              + CONNECT_TIMEOUT.name()
              + " + "
              + RESPONSE_TIMEOUT.name()
              + " + "
              + LEASE_MARGIN
              + " ("
              + least
              + (connect == null || response == null
                  ? " counting only the timeout that is valid"
                  : "")
              + "), was "
              + lease);
    }
  }

  private static boolean isSecretSet(PropertyReader in, Setting secret, String name) {
    return in.isSet(secret.name(name)) || in.isSet(secret.name(name) + FILE_SUFFIX);
  }
}
