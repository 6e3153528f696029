package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.MASK;
import static dev.streampoller.config.ConfigKeys.UNSET;

import dev.streampoller.config.ConfigKeys.Scope;
import dev.streampoller.config.ConfigKeys.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Renders the effective configuration as {@code key=value} lines, in the order of the key table,
 * every account and endpoint under its own keys, every secret masked.
 */
final class ConfigDescriber {
  private ConfigDescriber() {}

  static List<String> lines(AppConfig config) {
    List<String> out = new ArrayList<>();
    List<Setting> table = ConfigKeys.table();
    for (int i = 0; i < table.size(); i++) {
      Setting setting = table.get(i);
      boolean firstOfScope = i == 0 || table.get(i - 1).scope() != setting.scope();
      switch (setting.scope()) {
        case GLOBAL -> add(out, setting.name(), setting.shown().apply(config));
        case ACCOUNT -> {
          if (firstOfScope) {
            config.cloudflare().accounts().forEach(a -> scope(out, Scope.ACCOUNT, a.name(), a));
          }
        }
        case ENDPOINT -> {
          if (firstOfScope) {
            endpoints(out, config.webhook());
          }
        }
      }
    }
    return out;
  }

  private static void endpoints(List<String> out, WebhookConfig hook) {
    if (hook.endpoint(ConfigKeys.DEFAULT).isEmpty()) {
      // No default endpoint: its keys are unset, though webhook.secret may sign callbacks.
      boolean signsCallbacks = hook.callbackSecret().isPresent() && !hook.ownCallbackSecret();
      for (Setting s : ConfigKeys.settings(Scope.ENDPOINT)) {
        boolean masked = s == ConfigKeys.ENDPOINT_SECRET && signsCallbacks;
        add(out, s.name(), masked ? MASK : UNSET);
      }
    }
    hook.endpoints().forEach(e -> scope(out, Scope.ENDPOINT, e.name(), e));
  }

  private static void scope(List<String> out, Scope scope, String name, Object record) {
    for (Setting s : ConfigKeys.settings(scope)) {
      add(out, s.name(name), s.shown().apply(record));
    }
  }

  private static void add(List<String> out, String key, Object value) {
    Object shown = value instanceof Optional<?> o ? o.map(v -> (Object) v).orElse(UNSET) : value;
    if (shown != null) {
      out.add(key + "=" + (shown instanceof Secret ? MASK : shown));
    }
  }
}
