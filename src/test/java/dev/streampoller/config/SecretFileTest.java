package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.minimal;
import static dev.streampoller.config.TestConfigs.problemsOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code -file} twins of secret keys, as used with systemd {@code LoadCredential=}. */
class SecretFileTest {
  @TempDir Path dir;

  private Properties withTokenFile(String path) {
    Properties props = minimal();
    props.remove("cloudflare.api-token");
    props.setProperty("cloudflare.api-token-file", path);
    return props;
  }

  private Path write(String name, String content) throws Exception {
    return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
  }

  @Test
  void shouldReadTheSecretAndDropOneTrailingNewline() throws Exception {
    Path file = write("token", "file-SECRET\n");

    AppConfig config = TestConfigs.load(withTokenFile(file.toString()));

    assertThat(config.cloudflare().defaultAccount().credential())
        .isEqualTo(new CloudflareCredential.ApiToken(Secret.of("file-SECRET")));
  }

  @Test
  void shouldDropOnlyOneTrailingNewline() throws Exception {
    Properties props = minimal();
    props.setProperty("database.password-file", write("pw", "pass word\n\n").toString());

    assertThat(TestConfigs.load(props).database().password().orElseThrow().reveal())
        .isEqualTo("pass word\n");
  }

  @Test
  void shouldResolveTheCredentialsDirectoryFromTheEnvironment() throws Exception {
    write("webhook-secret", TestConfigs.webhookSecret(32) + "\r\n");
    Properties props = minimal();
    props.setProperty("webhook.url", "https://hooks.example.com/x");
    props.setProperty("webhook.secret-file", "${CREDENTIALS_DIRECTORY}/webhook-secret");

    AppConfig config =
        ConfigLoader.fromProperties(props, "t", Map.of("CREDENTIALS_DIRECTORY", dir.toString()));

    assertThat(
            config
                .webhook()
                .endpoint("default")
                .map(WebhookEndpointConfig::secret)
                .orElseThrow()
                .reveal())
        .isEqualTo(TestConfigs.webhookSecret(32));
  }

  @Test
  void shouldResolveARelativePathAgainstTheConfigFileDirectory() throws Exception {
    write("token", "relative-SECRET");
    Path config =
        write(
            "poller.properties",
            "cloudflare.account-id=abc\ncloudflare.api-token-file=token\n"
                + "database.url=jdbc:postgresql:db\n");

    assertThat(ConfigLoader.load(config, Map.of()).cloudflare().defaultAccount().credential())
        .isEqualTo(new CloudflareCredential.ApiToken(Secret.of("relative-SECRET")));
  }

  @Test
  void shouldNameTheKeyAndPathOfAMissingFile() {
    Path missing = dir.resolve("nope");

    assertThat(problemsOf(withTokenFile(missing.toString())))
        .containsExactly(
            "cloudflare.api-token-file: cannot read "
                + missing
                + " (NoSuchFileException) (test.properties)");
  }

  @Test
  void shouldRejectAnEmptyFile() throws Exception {
    Path empty = write("empty", "\n");

    assertThat(problemsOf(withTokenFile(empty.toString())))
        .containsExactly(
            "cloudflare.api-token-file: file " + empty + " is empty (test.properties)");
  }

  @Test
  void shouldRejectASecretSetBothInlineAndAsAFile() throws Exception {
    Properties props = minimal();
    props.setProperty("cloudflare.api-token-file", write("token", "x").toString());

    assertThat(problemsOf(props))
        .containsExactly(
            "cloudflare.api-token: set either cloudflare.api-token or cloudflare.api-token-file,"
                + " not both (test.properties)");
  }

  @Test
  void shouldNeverShowTheContentOfABadSecretFile() throws Exception {
    Path file = write("secret", "not-a-whsec-SECRET-value\n");
    Properties props = minimal();
    props.setProperty("webhook.url", "https://hooks.example.com/x");
    props.setProperty("webhook.secret-file", file.toString());

    assertThatThrownBy(() -> TestConfigs.load(props))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.problems())
                  .containsExactly(
                      "webhook.secret: must start with whsec_ (value hidden) (test.properties)");
              assertThat(e.getMessage()).doesNotContain("SECRET");
            });
  }
}
