package dev.streampoller.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streampoller.config.Secret;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WebhookRoutesTest {
  private static final Secret A = WebhookSigner.generateSecret();
  private static final Secret B = WebhookSigner.generateSecret();
  private static final WebhookEndpoint ALL =
      new WebhookEndpoint(
          "all",
          URI.create("https://a.example/hook"),
          List.of(A),
          Set.of(WebhookEvents.DOWNLOAD_READY, WebhookEvents.DOWNLOAD_ERROR),
          Set.of(),
          false);
  private static final WebhookEndpoint ERRORS_OF_ACC2 =
      new WebhookEndpoint(
          "errors",
          URI.create("https://b.example/hook"),
          List.of(B, A),
          Set.of(WebhookEvents.DOWNLOAD_ERROR),
          Set.of("acc2"),
          true);

  @Test
  void shouldRouteAnEventToEveryEndpointThatWantsItsTypeAndAccount() {
    WebhookRoutes routes = new WebhookRoutes(List.of(ALL, ERRORS_OF_ACC2), Optional.empty());

    assertThat(routes.routesFor(WebhookEvents.DOWNLOAD_READY, "acc2", null))
        .extracting(WebhookRoutes.Route::endpoint)
        .containsExactly("all");
    assertThat(routes.routesFor(WebhookEvents.DOWNLOAD_ERROR, "acc2", null))
        .extracting(WebhookRoutes.Route::endpoint)
        .containsExactly("all", "errors");
    assertThat(routes.routesFor(WebhookEvents.DOWNLOAD_ERROR, "acc1", null))
        .extracting(WebhookRoutes.Route::endpoint)
        .containsExactly("all");
  }

  @Test
  void shouldAddTheVideosCallbackOnlyWhenACallbackSecretExists() {
    URI callback = URI.create("https://tenant.example/cb");

    assertThat(
            new WebhookRoutes(List.of(ALL), Optional.of(A))
                .routesFor(WebhookEvents.DOWNLOAD_READY, "acc1", callback))
        .contains(new WebhookRoutes.Route(WebhookEndpoint.CALLBACK, callback));
    assertThat(
            new WebhookRoutes(List.of(ALL), Optional.empty())
                .routesFor(WebhookEvents.DOWNLOAD_READY, "acc1", callback))
        .extracting(WebhookRoutes.Route::endpoint)
        .containsExactly("all");
  }

  @Test
  void shouldSignWithEverySecretOfARotationAndAddTheCloudflareStyleWhenAsked() {
    WebhookRoutes routes = new WebhookRoutes(List.of(ALL, ERRORS_OF_ACC2), Optional.of(A));

    assertThat(routes.signing("errors").orElseThrow().signer().secretCount()).isEqualTo(2);
    assertThat(routes.signing("errors").orElseThrow().cloudflareSecret()).contains(B);
    assertThat(routes.signing("all").orElseThrow().cloudflareSecret()).isEmpty();
    assertThat(routes.signing("unknown")).isEmpty();
    assertThat(routes.names()).containsExactly("all", "errors", WebhookEndpoint.CALLBACK);
  }

  @Test
  void shouldHaveNoRoutesWithoutEndpoints() {
    assertThat(WebhookRoutes.none().isEmpty()).isTrue();
    assertThat(WebhookRoutes.none().routesFor(WebhookEvents.DOWNLOAD_READY, "a", null)).isEmpty();
  }
}
