package dev.streampoller.faults.input;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * Distinct, recognisable secret values for every secret key, used in every configuration these
 * scenarios write, and the {@link SecretScanner} that looks for all of them. Each value says what
 * it is, so a leak found by hand is recognised at once. The test database trusts local connections,
 * so the password is sent and ignored.
 */
final class FaultSecrets {
  static final String API_TOKEN = "cfut_badinputApiTokenQ7xV9kLmN4pR8sT2";
  static final String EU_API_KEY = "badinputGlobalApiKey0f9e8d7c6b5a4";
  static final String DB_PASSWORD = "badinput-db-password-Zq7Wx3Ry";
  static final String WEBHOOK_SECRET = whsec("badinput webhook secret key 01");
  static final String WEBHOOK_PREVIOUS_SECRET = whsec("badinput previous webhook k 02");
  static final String CALLBACK_SECRET = whsec("badinput callback signing k 03");
  static final String CRM_SECRET = whsec("badinput crm endpoint secret 4");

  private FaultSecrets() {}

  static SecretScanner scanner() {
    return SecretScanner.builder()
        .secret("cloudflare.api-token", API_TOKEN)
        .secret("cloudflare.accounts.eu.api-key", EU_API_KEY)
        .secret("database.password", DB_PASSWORD)
        .webhookSecret("webhook.secret", WEBHOOK_SECRET)
        .webhookSecret("webhook.previous-secret", WEBHOOK_PREVIOUS_SECRET)
        .webhookSecret("webhook.callback-secret", CALLBACK_SECRET)
        .webhookSecret("webhook.endpoints.crm.secret", CRM_SECRET)
        .build();
  }

  /**
   * A complete, valid configuration that sets every secret: two accounts (token and e-mail + key),
   * the default endpoint with a rotation, a further endpoint, a callback secret; no ops listener.
   */
  static List<String> validConfig(String databaseUrl, String apiBaseUrl) {
    List<String> lines = new ArrayList<>();
    lines.add("cloudflare.api-base-url=" + apiBaseUrl);
    lines.add("cloudflare.account-id=acc1");
    lines.add("cloudflare.api-token=" + API_TOKEN);
    lines.add("cloudflare.accounts.eu.account-id=acc2");
    lines.add("cloudflare.accounts.eu.api-email=ops@example.com");
    lines.add("cloudflare.accounts.eu.api-key=" + EU_API_KEY);
    lines.add("database.url=" + databaseUrl);
    lines.add("database.password=" + DB_PASSWORD);
    lines.add("webhook.url=http://127.0.0.1:9/hooks/default");
    lines.add("webhook.secret=" + WEBHOOK_SECRET);
    lines.add("webhook.previous-secret=" + WEBHOOK_PREVIOUS_SECRET);
    lines.add("webhook.callback-secret=" + CALLBACK_SECRET);
    lines.add("webhook.endpoints.crm.url=http://127.0.0.1:9/hooks/crm");
    lines.add("webhook.endpoints.crm.secret=" + CRM_SECRET);
    lines.add("ops.listen-address=off");
    return lines;
  }

  /**
   * {@code whsec_} + base64 of a readable 30-byte prefix and four bytes chosen so that standard,
   * URL-safe and unpadded base64 all differ ({@code +/+/IQ==} against {@code -_-_IQ}).
   */
  private static String whsec(String prefix30) {
    byte[] text = prefix30.getBytes(StandardCharsets.US_ASCII);
    byte[] key = Arrays.copyOf(text, text.length + 4);
    key[text.length] = (byte) 0xfb;
    key[text.length + 1] = (byte) 0xff;
    key[text.length + 2] = (byte) 0xbf;
    key[text.length + 3] = '!';
    return "whsec_" + Base64.getEncoder().encodeToString(key);
  }
}
