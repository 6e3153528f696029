package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.*;
import static java.util.stream.Collectors.joining;

import dev.streampoller.config.ConfigKeys.Scope;
import dev.streampoller.config.ConfigKeys.Setting;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The effective configuration as {@code key=value} lines in table order: secrets masked, URLs
 * redacted, the credential scheme an account does not use left out.
 */
final class ConfigDescriber {
  private static final String MASK = "****";
  private static final String UNSET = "(unset)";

  private ConfigDescriber() {}

  static String describe(PropertyReader in) {
    List<String> out = new ArrayList<>();
    ConfigKeys.walk(
        in::names,
        (setting, name) -> {
          String key = setting.name(name);
          Object value = in.value(setting, name);
          // An unset credential key is the scheme the account does not use: left out.
          boolean credential = setting == API_TOKEN || setting == API_EMAIL || setting == API_KEY;
          if (value != null || !credential) {
            out.add(key + "=" + shown(in, setting, name, value));
          }
        });
    return String.join("\n", out);
  }

  private static String shown(
      PropertyReader in, Setting setting, String name, @Nullable Object value) {
    if (setting.scope() == Scope.ENDPOINT && !CrossRules.hasEndpoint(in, name)) {
      // The default endpoint's keys are listed even without it; its secret may sign callbacks.
      boolean signs = setting == ENDPOINT_SECRET && in.value(WEBHOOK_CALLBACK_SECRET) == null;
      return signs && value != null ? MASK : UNSET;
    } else if (value == null) {
      return setting == ENDPOINT_ACCOUNTS
          ? "(all)"
          : setting == WEBHOOK_CALLBACK_SECRET && in.value(ENDPOINT_SECRET) != null
              ? "(unset, webhook.secret signs callbacks)"
              : UNSET;
    } else if (value instanceof URI url) {
      return ValueType.redactUrl(url.toString());
    } else if (value instanceof List<?> list) {
      // An endpoint's events and account ids are sets: a repeated one counts once.
      return (setting.scope() == Scope.ENDPOINT ? list.stream().distinct() : list.stream())
          .map(String::valueOf)
          .collect(joining(","));
    }
    // A secret shows itself as ****, the listen address as written.
    return setting == DATABASE_URL ? ValueType.redactJdbcUrl(value.toString()) : value.toString();
  }
}
