package dev.streampoller.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.URI;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;

/** Shared fixtures: the smallest valid configuration, and a way to collect the problems. */
final class TestConfigs {
  static final String SOURCE = "test.properties";
  static final String TOKEN = "cfut_token-SECRET-0001";

  /** Auto-track as the keys' defaults leave it: off. */
  static final AccountConfig.AutoTrack AUTO_TRACK_OFF =
      new AccountConfig.AutoTrack(
          false,
          List.of("default"),
          Duration.ofMinutes(1),
          Optional.empty(),
          Duration.ofHours(24),
          Optional.empty(),
          Optional.empty());

  private TestConfigs() {}

  /** The account the loader builds from these values, auto-track off. */
  static AccountConfig account(
      String name, String accountId, CloudflareCredential credential, int budget) {
    return new AccountConfig(name, accountId, credential, budget, AUTO_TRACK_OFF);
  }

  static Properties minimal() {
    Properties props = new Properties();
    props.setProperty("cloudflare.account-id", "023e105f4ecef8ad9ca31a8372d0c353");
    props.setProperty("cloudflare.api-token", TOKEN);
    props.setProperty("database.url", "jdbc:postgresql://localhost:5432/poller");
    return props;
  }

  static Properties minimalWith(String... keyValues) {
    Properties props = minimal();
    for (int i = 0; i < keyValues.length; i += 2) {
      props.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return props;
  }

  static AppConfig load(Properties props) {
    return ConfigLoader.fromProperties(props, SOURCE, Map.of());
  }

  static List<String> problemsOf(Properties props, Map<String, String> env) {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class, () -> ConfigLoader.fromProperties(props, SOURCE, env));
    assertThat(e).as("expected a ConfigException").isNotNull();
    return e.problems();
  }

  static List<String> problemsOf(Properties props) {
    return problemsOf(props, Map.of());
  }

  /** The poll section of a file that sets none of its keys, as documented. */
  static PollConfig defaultPoll() {
    return new PollConfig(
        Duration.ofSeconds(5),
        Duration.ofMinutes(2),
        Duration.ofHours(24),
        Duration.ofSeconds(20),
        25,
        Duration.ofSeconds(1));
  }

  /** The webhook section with {@code endpoints} and every other key unset, as documented. */
  static WebhookConfig defaultWebhook(
      List<WebhookEndpointConfig> endpoints, Optional<Secret> callbackSecret) {
    return new WebhookConfig(
        endpoints,
        callbackSecret,
        Stream.of("PT5S", "PT5M", "PT30M", "PT2H", "PT5H", "PT10H", "PT14H", "PT20H", "PT24H")
            .map(Duration::parse)
            .toList(),
        Duration.ofSeconds(15),
        8,
        32,
        25,
        Duration.ofSeconds(1),
        Duration.ofMinutes(2));
  }

  /** An endpoint for every event of every account, one secret, no Cloudflare-style header. */
  static WebhookEndpointConfig endpoint(String name, URI url, Secret secret) {
    return new WebhookEndpointConfig(
        name,
        url,
        secret,
        Optional.empty(),
        new LinkedHashSet<>(List.of("download.ready", "download.error")),
        Set.of(),
        false);
  }

  /** A valid Standard Webhooks secret of {@code bytes} random-looking bytes. */
  static String webhookSecret(int bytes) {
    byte[] key = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      key[i] = (byte) (i * 37 + 11);
    }
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }
}
