package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.webhookSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The endpoint record and the multi-endpoint {@link WebhookConfig} built in code. */
class WebhookEndpointConfigTest {
  private static final Secret CURRENT = Secret.of(webhookSecret(32));
  private static final Secret PREVIOUS = Secret.of(webhookSecret(24));
  private static final URI URL = URI.create("https://hooks.example.com/x");

  private static WebhookEndpointConfig endpoint(
      String name, Set<String> events, Set<String> accounts) {
    return new WebhookEndpointConfig(
        name, URL, CURRENT, Optional.of(PREVIOUS), events, accounts, false);
  }

  private static WebhookConfig config(Optional<URI> url, List<WebhookEndpointConfig> endpoints) {
    return new WebhookConfig(
        url,
        url.map(u -> CURRENT),
        WebhookConfig.DEFAULT_RETRY_SCHEDULE,
        WebhookConfig.DEFAULT_TIMEOUT,
        WebhookConfig.DEFAULT_BATCH_SIZE,
        WebhookConfig.DEFAULT_CHECK_INTERVAL,
        WebhookConfig.DEFAULT_LEASE,
        endpoints,
        Optional.empty(),
        WebhookConfig.DEFAULT_MAX_CONCURRENCY);
  }

  @Test
  void shouldSignWithTheCurrentSecretFirstThenThePreviousOne() {
    assertThat(endpoint("crm", Set.of("download.ready"), Set.of()).signingSecrets())
        .containsExactly(CURRENT, PREVIOUS);
    assertThat(WebhookEndpointConfig.of("crm", URL, CURRENT).signingSecrets())
        .containsExactly(CURRENT);
  }

  @Test
  void shouldAcceptOnlyItsEventsOfItsAccounts() {
    WebhookEndpointConfig filtered = endpoint("crm", Set.of("download.error"), Set.of("acc1"));
    WebhookEndpointConfig all = WebhookEndpointConfig.of("all", URL, CURRENT);

    assertThat(filtered.accepts("download.error", "acc1")).isTrue();
    assertThat(filtered.accepts("download.ready", "acc1")).isFalse();
    assertThat(filtered.accepts("download.error", "acc2")).isFalse();
    assertThat(all.accepts("download.ready", "any1")).isTrue();
    assertThat(all.accepts("download.error", "any2")).isTrue();
  }

  @Test
  void shouldCopyItsSetsIntoImmutableOnes() {
    Set<String> events = new LinkedHashSet<>(List.of("download.ready"));
    WebhookEndpointConfig endpoint = endpoint("crm", events, Set.of());
    events.add("download.error");

    assertThat(endpoint.events()).containsExactly("download.ready");
    assertThatThrownBy(() -> endpoint.events().add("download.error"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldKeepSecretsAndUrlCredentialsOutOfToString() {
    WebhookEndpointConfig endpoint =
        new WebhookEndpointConfig(
            "crm",
            URI.create("https://user:basic-SECRET@crm.example.com/x?token=query-SECRET"),
            CURRENT,
            Optional.of(PREVIOUS),
            Set.of("download.ready"),
            Set.of(),
            true);
    WebhookConfig config =
        new WebhookConfig(
            Optional.empty(),
            Optional.empty(),
            WebhookConfig.DEFAULT_RETRY_SCHEDULE,
            WebhookConfig.DEFAULT_TIMEOUT,
            25,
            WebhookConfig.DEFAULT_CHECK_INTERVAL,
            WebhookConfig.DEFAULT_LEASE,
            List.of(endpoint),
            Optional.of(Secret.of(webhookSecret(33))),
            8);

    for (String text : List.of(endpoint.toString(), config.toString())) {
      assertThat(text)
          .contains("crm.example.com")
          .doesNotContain("SECRET")
          .doesNotContain(CURRENT.reveal().substring(6))
          .doesNotContain(PREVIOUS.reveal().substring(6))
          .doesNotContain(webhookSecret(33).substring(6));
    }
  }

  @Test
  void shouldNameTheKeysOfTheEndpointInProblems() {
    assertThatThrownBy(
            () ->
                new WebhookEndpointConfig(
                    "crm",
                    URI.create("mailto:x@example.com"),
                    Secret.of("not-whsec"),
                    Optional.empty(),
                    Set.of(),
                    Set.of("bad id"),
                    false))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "webhook.endpoints.crm.url: must be an absolute http or https URL, was"
                            + " 'mailto:x@example.com'",
                        "webhook.endpoints.crm.secret: must start with whsec_ (value hidden)",
                        "webhook.endpoints.crm.events: must list at least one of download.ready,"
                            + " download.error",
                        "webhook.endpoints.crm.accounts: account id must be 1 to 32 letters or"
                            + " digits, was 'bad id'"));
  }

  @Test
  void shouldNameTheSingleEndpointKeysForTheDefaultEndpoint() {
    assertThatThrownBy(
            () ->
                new WebhookEndpointConfig(
                    "default", URL, CURRENT, Optional.of(CURRENT), Set.of("x"), Set.of(), false))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "webhook.previous-secret: must differ from webhook.secret (values hidden)",
                        "webhook.events: unknown event 'x'; allowed: download.ready,"
                            + " download.error"));
  }

  @Test
  void shouldRejectAMalformedName() {
    assertThatThrownBy(() -> WebhookEndpointConfig.of("Bad Name", URL, CURRENT))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("endpoint name must be 1 to 32 characters a-z, 0-9 or -");
  }

  @Test
  void shouldBuildTheDefaultEndpointFromTheSevenArgumentConstructor() {
    WebhookConfig config =
        WebhookConfig.enabled(URI.create("HTTPS://hooks.example.com/x"), CURRENT);

    assertThat(config.url()).contains(URL);
    assertThat(config.endpoints())
        .containsExactly(WebhookEndpointConfig.of("default", URL, CURRENT));
    assertThat(config.callbackSecret()).contains(CURRENT);
    assertThat(config.callbackSecretOverride()).isEmpty();
    assertThat(config.maxConcurrency()).isEqualTo(WebhookConfig.DEFAULT_MAX_CONCURRENCY);
  }

  @Test
  void shouldBeDisabledWithoutEndpoints() {
    assertThat(WebhookConfig.disabled().isEnabled()).isFalse();
    assertThat(WebhookConfig.disabled().endpoints()).isEmpty();
    assertThat(WebhookConfig.disabled().callbackSecret()).isEmpty();
  }

  @Test
  void shouldPutTheDefaultEndpointFirst() {
    WebhookEndpointConfig crm = WebhookEndpointConfig.of("crm", URL, CURRENT);
    WebhookEndpointConfig def = WebhookEndpointConfig.of("default", URL, CURRENT);

    assertThat(config(Optional.of(URL), List.of(crm, def)).endpoints()).containsExactly(def, crm);
  }

  @Test
  void shouldRequireUrlToDescribeTheDefaultEndpoint() {
    WebhookEndpointConfig def = WebhookEndpointConfig.of("default", URL, CURRENT);

    assertThatThrownBy(
            () -> config(Optional.of(URI.create("https://other.example.com")), List.of(def)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.url: must be the url of the endpoint named default");
    assertThatThrownBy(() -> config(Optional.empty(), List.of(def)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.url: must be the url of the endpoint named default");
    assertThatThrownBy(() -> config(Optional.of(URL), List.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.url: is set but endpoints has no endpoint named default");
  }

  @Test
  void shouldRejectTwoEndpointsWithOneName() {
    WebhookEndpointConfig crm = WebhookEndpointConfig.of("crm", URL, CURRENT);

    assertThatThrownBy(() -> config(Optional.empty(), List.of(crm, crm)))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.endpoints.crm.url: endpoint name is used more than once");
  }

  @Test
  void shouldRejectAnEndpointAccountThatIsNotPolled() {
    WebhookEndpointConfig crm =
        new WebhookEndpointConfig(
            "crm", URL, CURRENT, Optional.empty(), Set.of("download.ready"), Set.of("zzz"), false);

    assertThatThrownBy(
            () ->
                new AppConfig(
                    CloudflareConfig.of("abc", new CloudflareCredential.ApiToken(Secret.of("t"))),
                    DatabaseConfig.of("jdbc:postgresql:db"),
                    PollConfig.defaults(),
                    config(Optional.empty(), List.of(crm)),
                    SchedulerConfig.defaults()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("webhook.endpoints.crm.accounts: account 'zzz' is not configured");
  }
}
