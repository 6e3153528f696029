package dev.streampoller.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** {@code config/stream-poller.properties} documents exactly the keys of {@link ConfigKeys}. */
class ExampleFileTest {
  // Surefire runs tests in the project directory.
  private static final Path EXAMPLE = Path.of("config", "stream-poller.properties");
  // "key=value" or "#key=value": an active or a commented-out setting, not prose.
  private static final Pattern SETTING = Pattern.compile("^#?([a-z]+(?:\\.[a-z0-9-]+)+)=(.*)$");

  /** Each setting of the example under the name of the key it is, a pattern for account keys. */
  private static Map<String, String> keysInExample() throws Exception {
    Map<String, String> keys = new LinkedHashMap<>();
    settingsInExample()
        .forEach(
            (setting, value) ->
                keys.put(
                    ConfigKeys.find(setting).map(ConfigKeys.Key::name).orElse(setting), value));
    return keys;
  }

  private static Map<String, String> settingsInExample() throws Exception {
    Map<String, String> settings = new LinkedHashMap<>();
    for (String line : Files.readAllLines(EXAMPLE, StandardCharsets.UTF_8)) {
      Matcher m = SETTING.matcher(line);
      if (m.matches()) {
        assertThat(settings.put(m.group(1), m.group(2))).as("%s listed twice", m.group(1)).isNull();
      }
    }
    return settings;
  }

  @Test
  void shouldDocumentEveryKnownKeyAndNoOther() throws Exception {
    assertThat(keysInExample().keySet())
        .containsExactlyInAnyOrderElementsOf(
            ConfigKeys.all().stream().map(ConfigKeys.Key::name).toList());
  }

  @Test
  void shouldShowTheDefaultOfEveryKeyThatHasOne() throws Exception {
    Map<String, String> settings = keysInExample();

    assertThat(ConfigKeys.all())
        .filteredOn(key -> key.defaultValue().isPresent())
        .allSatisfy(
            key -> assertThat(settings.get(key.name())).isEqualTo(key.defaultValue().get()));
  }

  @Test
  void shouldLoadTheExampleOnceItsPlaceholdersAreFilled() {
    Map<String, String> env =
        Map.of(
            "CLOUDFLARE_ACCOUNT_ID", "023e105f4ecef8ad9ca31a8372d0c353",
            "CLOUDFLARE_API_TOKEN", "example-SECRET");

    AppConfig config = ConfigLoader.load(EXAMPLE, env);

    assertThat(config.cloudflare().defaultAccount().credential())
        .isEqualTo(new CloudflareCredential.ApiToken(Secret.of("example-SECRET")));
    assertThat(config.poll()).isEqualTo(TestConfigs.defaultPoll());
    assertThat(config.webhook().isEnabled()).isFalse();
    assertThat(config.cloudflare().accounts()).hasSize(1);
  }

  @Test
  void shouldDocumentEveryKeyOfAnAdditionalAccountWithAConcreteName() throws Exception {
    assertThat(settingsInExample().keySet())
        .filteredOn(name -> name.startsWith(ConfigKeys.CLOUDFLARE_ACCOUNTS_PREFIX))
        .hasSize(ConfigKeys.suffixes(ConfigKeys.Scope.ACCOUNT).size())
        .allSatisfy(name -> assertThat(name).startsWith("cloudflare.accounts.eu."));
  }

  @Test
  void shouldDocumentEveryKeyOfAFurtherEndpointWithAConcreteName() throws Exception {
    assertThat(settingsInExample().keySet())
        .filteredOn(name -> name.startsWith(ConfigKeys.WEBHOOK_ENDPOINTS_PREFIX))
        .hasSize(8)
        .allSatisfy(name -> assertThat(name).startsWith("webhook.endpoints.crm."));
  }

  @Test
  void shouldSuggestTheClosestKnownKeyForATypo() {
    assertThat(ConfigKeys.closest("webhook.secert")).contains("webhook.secret");
    assertThat(ConfigKeys.closest("entirely.unrelated.thing")).isEmpty();
    assertThat(ConfigKeys.closest("cloudflare.accounts.eu.api-tokn"))
        .contains("cloudflare.accounts.eu.api-token");
    assertThat(ConfigKeys.closest("webhook.endpoints.crm.secert"))
        .contains("webhook.endpoints.crm.secret");
  }
}
