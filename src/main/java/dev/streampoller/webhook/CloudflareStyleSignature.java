package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.streampoller.config.Secret;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature Cloudflare Stream puts on its own webhooks, {@code Webhook-Signature:
 * time=<unix>,sig1=<hex HMAC-SHA256(secret, time + "." + body)>}, for receivers that already verify
 * those. The key is the endpoint's secret as configured (its UTF-8 text, {@code whsec_} prefix
 * included), which is what such a receiver is given. Sent in addition to the Standard Webhooks
 * headers when an endpoint asks for it.
 */
public final class CloudflareStyleSignature {
  public static final String HEADER = "Webhook-Signature";

  private CloudflareStyleSignature() {}

  /** The header value for {@code body} signed at {@code timestampSeconds}. */
  public static String header(Secret secret, long timestampSeconds, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.reveal().getBytes(UTF_8), "HmacSHA256"));
      mac.update((timestampSeconds + ".").getBytes(UTF_8));
      return "time=" + timestampSeconds + ",sig1=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
