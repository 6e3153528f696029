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
  private static final Pattern SETTING = Pattern.compile("^#?([a-z]+\\.[a-z-]+)=(.*)$");

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
    assertThat(settingsInExample().keySet())
        .containsExactlyInAnyOrderElementsOf(
            ConfigKeys.all().stream().map(ConfigKeys.Key::name).toList());
  }

  @Test
  void shouldShowTheDefaultOfEveryKeyThatHasOne() throws Exception {
    Map<String, String> settings = settingsInExample();

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

    assertThat(config.cloudflare().credential())
        .isEqualTo(new CloudflareCredential.ApiToken(Secret.of("example-SECRET")));
    assertThat(config.poll()).isEqualTo(PollConfig.defaults());
    assertThat(config.webhook().isEnabled()).isFalse();
  }

  @Test
  void shouldSuggestTheClosestKnownKeyForATypo() {
    assertThat(ConfigKeys.closest("webhook.secert")).contains("webhook.secret");
    assertThat(ConfigKeys.closest("entirely.unrelated.thing")).isEmpty();
  }
}
