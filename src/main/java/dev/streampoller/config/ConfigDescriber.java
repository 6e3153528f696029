package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.DEFAULT;
import static dev.streampoller.config.ConfigKeys.MASK;
import static dev.streampoller.config.ConfigKeys.UNSET;

import dev.streampoller.config.ConfigKeys.Scope;
import dev.streampoller.config.ConfigKeys.Setting;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Renders the effective configuration as {@code key=value} lines, in the order of the key table,
 * every account and endpoint under its own keys, every secret masked.
 */
final class ConfigDescriber {
  private ConfigDescriber() {}

  static List<String> lines(AppConfig config) {
    List<String> accounts =
        config.cloudflare().accounts().stream().map(AccountConfig::name).toList();
    // The default endpoint's keys are listed even without it: unset, but webhook.secret may be set.
    List<String> endpoints =
        Stream.concat(
                Stream.of(DEFAULT),
                config.webhook().endpoints().stream()
                    .map(WebhookEndpointConfig::name)
                    .filter(name -> !name.equals(DEFAULT)))
            .toList();
    List<String> out = new ArrayList<>();
    ConfigKeys.walk(
        scope -> scope == Scope.ACCOUNT ? accounts : endpoints,
        (setting, name) -> add(out, setting.name(name), shown(config, setting, name)));
    return out;
  }

  private static @Nullable Object shown(AppConfig config, Setting setting, String name) {
    WebhookConfig hook = config.webhook();
    return switch (setting.scope()) {
      case GLOBAL -> setting.shown().apply(config);
      case ACCOUNT ->
          config.cloudflare().accounts().stream()
              .filter(a -> a.name().equals(name))
              .findFirst()
              .map(setting.shown())
              .orElse(null);
      case ENDPOINT ->
          hook.endpoint(name)
              .map(setting.shown())
              .orElse(
                  setting == ConfigKeys.ENDPOINT_SECRET
                          && hook.callbackSecret().isPresent()
                          && !hook.ownCallbackSecret()
                      ? MASK
                      : UNSET);
    };
  }

  private static void add(List<String> out, String key, @Nullable Object value) {
    Object shown = value instanceof Optional<?> o ? o.map(v -> (Object) v).orElse(UNSET) : value;
    if (shown != null) {
      out.add(key + "=" + (shown instanceof Secret ? MASK : shown));
    }
  }
}
