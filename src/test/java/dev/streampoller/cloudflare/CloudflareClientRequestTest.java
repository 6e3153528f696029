package dev.streampoller.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the client puts on the wire for a create call, seen by a real local server. */
class CloudflareClientRequestTest {
  private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
  private static final String UID = "ea95132c15732412d22c1476fa83f27a";
  private static final String CREATED =
      "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"audio\":"
          + "{\"status\":\"inprogress\",\"percentComplete\":0,\"url\":\"https://x/audio.m4a\"}}}";

  private final CapturingServer server = new CapturingServer(200, CREATED);
  private final CloudflareClient client =
      new CloudflareClient(
          server.baseUrl(),
          new CloudflareCredential.ApiToken(Secret.of("cfut_token")),
          Duration.ofSeconds(5),
          Duration.ofSeconds(10),
          "stream-poller-test");

  @AfterEach
  void stop() {
    client.close();
    server.close();
  }

  @Test
  void shouldSendAnEmptyJsonObjectAsTheCreateBody() {
    ListDownloadsResult created = client.createDownload(ACCOUNT, UID, "audio");

    assertThat(created).isInstanceOf(ListDownloadsResult.Downloads.class);
    CapturingServer.Captured request = server.requests().get(0);
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path())
        .isEqualTo("/client/v4/accounts/" + ACCOUNT + "/stream/" + UID + "/downloads/audio");
    assertThat(request.headers().get("content-type")).startsWith("application/json");
    assertThat(request.body()).isEqualTo("{}");
  }

  @Test
  void shouldRefuseADownloadTypeTheApiCannotCreateWithoutSendingAnything() {
    assertThatThrownBy(() -> client.createDownload(ACCOUNT, UID, "hd"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'hd'");
    assertThat(server.requests()).isEmpty();
  }
}
