package dev.streampoller.faults.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScannerTest {
  @TempDir Path dir;

  private final SecretScanner scanner = FaultSecrets.scanner();

  private Path write(String name, String... lines) throws IOException {
    Path file = dir.resolve(name);
    Files.createDirectories(file.getParent());
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  private static byte[] key(String whsec) {
    return Base64.getDecoder().decode(whsec.substring("whsec_".length()));
  }

  @Test
  void shouldNameTheFileLineAndSecretOfEachLeakButNeverTheValue() throws IOException {
    Path log = write("logs/daemon.stderr", "INFO start", "token=" + FaultSecrets.API_TOKEN);

    assertThatThrownBy(() -> scanner.assertClean(List.of(dir)))
        .hasMessageContaining(log + ":2: contains cloudflare.api-token")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(FaultSecrets.API_TOKEN));
  }

  @Test
  void shouldFindEachPlainSecret() throws IOException {
    write("a", "x " + FaultSecrets.DB_PASSWORD + " y");
    write("b", "key: " + FaultSecrets.EU_API_KEY);

    assertThat(scanner.scan(List.of(dir)))
        .extracting(SecretScanner.Finding::secret)
        .containsExactlyInAnyOrder("database.password", "cloudflare.accounts.eu.api-key");
  }

  @Test
  void shouldFindAWebhookSecretInEveryEncodingOfItsKey() throws IOException {
    byte[] key = key(FaultSecrets.CRM_SECRET);
    write(
        "out",
        "whole " + FaultSecrets.CRM_SECRET,
        "urlsafe " + Base64.getUrlEncoder().withoutPadding().encodeToString(key),
        "hex " + HexFormat.of().formatHex(key),
        "base64 part alone:" + FaultSecrets.CRM_SECRET.substring(6));

    assertThat(scanner.scan(List.of(dir)))
        .extracting(f -> f.line() + " " + f.secret())
        .contains(
            "1 webhook.endpoints.crm.secret",
            "2 webhook.endpoints.crm.secret (decoded key, unpadded base64url)",
            "3 webhook.endpoints.crm.secret (decoded key, hex)",
            "4 webhook.endpoints.crm.secret (base64 part)");
  }

  @Test
  void shouldScanBinaryAndMalformedOutput() throws IOException {
    Path file = dir.resolve("binary");
    byte[] junk = {(byte) 0xff, (byte) 0xfe, 0, (byte) 0xc3};
    byte[] secret = FaultSecrets.DB_PASSWORD.getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[junk.length + secret.length];
    System.arraycopy(junk, 0, content, 0, junk.length);
    System.arraycopy(secret, 0, content, junk.length, secret.length);
    Files.write(file, content);

    assertThat(scanner.scan(List.of(file))).hasSize(1);
  }

  @Test
  void shouldPassCleanOutputAndCountTheFilesItRead() throws IOException {
    write("one", "INFO cloudflare.api-token=****");
    write("sub/two", "nothing here");

    assertThat(scanner.assertClean(List.of(dir))).isEqualTo(2);
  }

  @Test
  void shouldBuildFromTheHarnessSecretsAndFindEachInEveryForm() throws IOException {
    SecretScanner fromSecrets =
        SecretScanner.of(
            List.of(
                Secret.of(FaultSecrets.API_TOKEN),
                Secret.of(FaultSecrets.WEBHOOK_PREVIOUS_SECRET)));
    byte[] key = key(FaultSecrets.WEBHOOK_PREVIOUS_SECRET);
    write("daemon.stderr", "a " + FaultSecrets.API_TOKEN, "b " + HexFormat.of().formatHex(key));

    assertThat(fromSecrets.scan(List.of(dir)))
        .extracting(f -> f.line() + " " + f.secret())
        .containsExactly("1 secret 1", "2 secret 2 (webhook) (decoded key, hex)");
  }

  @Test
  void shouldRefuseASecretShortEnoughToMatchByChance() {
    assertThatThrownBy(() -> SecretScanner.builder().secret("database.password", "pw"))
        .hasMessageContaining("database.password");
  }
}
