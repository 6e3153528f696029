package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.minimalWith;
import static dev.streampoller.config.TestConfigs.problemsOf;
import static dev.streampoller.config.TestConfigs.webhookSecret;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.webhook.WebhookEndpoint;
import java.net.URI;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The endpoints of the runtime model: the default one first, then the others by name. */
class WebhookEndpointConfigTest {
  private static final String IN = " (test.properties)";
  private static final Secret CURRENT = Secret.of(webhookSecret(32));
  private static final Secret PREVIOUS = Secret.of(webhookSecret(24));
  private static final String URL = "https://hooks.example.com/x";

  private static Properties crm(String... keyValues) {
    Properties props = minimalWith(keyValues);
    props.putIfAbsent("webhook.endpoints.crm.url", URL);
    props.putIfAbsent("webhook.endpoints.crm.secret", CURRENT.reveal());
    return props;
  }

  private static WebhookEndpointConfig crmOf(Properties props) {
    return TestConfigs.load(props).webhook().endpoint("crm").orElseThrow();
  }

  @Test
  void shouldSignWithTheCurrentSecretFirstThenThePreviousOne() {
    assertThat(
            crmOf(crm("webhook.endpoints.crm.previous-secret", PREVIOUS.reveal())).signingSecrets())
        .containsExactly(CURRENT, PREVIOUS);
    assertThat(crmOf(crm()).signingSecrets()).containsExactly(CURRENT);
  }

  @Test
  void shouldAcceptOnlyItsEventsOfItsAccounts() {
    WebhookEndpointConfig filtered =
        crmOf(
            crm(
                "webhook.endpoints.crm.events", "download.error",
                "webhook.endpoints.crm.accounts", "023e105f4ecef8ad9ca31a8372d0c353"));
    WebhookEndpointConfig all = crmOf(crm());

    assertThat(route(filtered).accepts("download.error", "023e105f4ecef8ad9ca31a8372d0c353"))
        .isTrue();
    assertThat(route(filtered).accepts("download.ready", "023e105f4ecef8ad9ca31a8372d0c353"))
        .isFalse();
    assertThat(route(filtered).accepts("download.error", "acc2")).isFalse();
    assertThat(route(all).accepts("download.ready", "any1")).isTrue();
    assertThat(route(all).accepts("download.error", "any2")).isTrue();
  }

  private static WebhookEndpoint route(WebhookEndpointConfig e) {
    return new WebhookEndpoint(
        e.name(), e.url(), e.signingSecrets(), e.events(), e.accounts(), e.cloudflareSignature());
  }

  @Test
  void shouldKeepItsSetsImmutableInTheirOrder() {
    WebhookEndpointConfig endpoint =
        crmOf(crm("webhook.endpoints.crm.events", "download.error,download.ready"));

    assertThat(endpoint.events()).containsExactly("download.error", "download.ready");
    assertThatThrownBy(() -> endpoint.events().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> endpoint.accounts().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void shouldKeepSecretsAndUrlCredentialsOutOfToString() {
    AppConfig config =
        TestConfigs.load(
            crm(
                "webhook.endpoints.crm.url",
                "https://user:basic-SECRET@crm.example.com/x?token=query-SECRET",
                "webhook.endpoints.crm.previous-secret",
                PREVIOUS.reveal(),
                "webhook.endpoints.crm.cloudflare-signature",
                "true",
                "webhook.callback-secret",
                webhookSecret(33)));
    WebhookEndpointConfig endpoint = config.webhook().endpoint("crm").orElseThrow();

    for (String text : List.of(endpoint.toString(), config.webhook().toString())) {
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
    assertThat(
            problemsOf(
                crm(
                    "webhook.endpoints.crm.url", "mailto:x@example.com",
                    "webhook.endpoints.crm.secret", "not-whsec",
                    "webhook.endpoints.crm.events", "download.ready,",
                    "webhook.endpoints.crm.accounts", "bad id")))
        .containsExactly(
            "webhook.endpoints.crm.url: must be an absolute http or https URL, was"
                + " 'mailto:x@example.com'"
                + IN,
            "webhook.endpoints.crm.secret: must start with whsec_ (value hidden)" + IN,
            "webhook.endpoints.crm.events: unknown event ''; allowed: download.ready,"
                + " download.error"
                + IN,
            "webhook.endpoints.crm.accounts: account id must be 1 to 32 letters or digits, was"
                + " 'bad id'"
                + IN);
  }

  @Test
  void shouldNameTheSingleEndpointKeysForTheDefaultEndpoint() {
    assertThat(
            problemsOf(
                minimalWith(
                    "webhook.url",
                    URL,
                    "webhook.secret",
                    CURRENT.reveal(),
                    "webhook.previous-secret",
                    CURRENT.reveal(),
                    "webhook.events",
                    "x")))
        .containsExactlyInAnyOrder(
            "webhook.previous-secret: must differ from webhook.secret (values hidden)" + IN,
            "webhook.events: unknown event 'x'; allowed: download.ready, download.error" + IN);
  }

  @Test
  void shouldRejectAMalformedName() {
    assertThat(problemsOf(minimalWith("webhook.endpoints.Bad_Name.url", URL)))
        .containsExactly(
            "webhook.endpoints.Bad_Name.url: endpoint name must be 1 to 32 characters a-z, 0-9"
                + " or -, was 'Bad_Name'"
                + IN);
  }

  @Test
  void shouldBuildTheDefaultEndpointFromTheWebhookKeys() {
    WebhookConfig config =
        TestConfigs.load(
                minimalWith(
                    "webhook.url",
                    "HTTPS://hooks.example.com/x",
                    "webhook.secret",
                    CURRENT.reveal()))
            .webhook();

    assertThat(config.endpoints())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.name()).isEqualTo("default");
              assertThat(e.url()).isEqualTo(URI.create(URL));
              assertThat(e.signingSecrets()).containsExactly(CURRENT);
              assertThat(e.events()).containsExactly("download.ready", "download.error");
              assertThat(e.accounts()).isEmpty();
              assertThat(e.cloudflareSignature()).isFalse();
            });
    assertThat(config.callbackSecret()).contains(CURRENT);
    assertThat(config.maxConcurrency()).isEqualTo(8);
  }

  @Test
  void shouldBeDisabledWithoutEndpoints() {
    WebhookConfig disabled = TestConfigs.load(TestConfigs.minimal()).webhook();

    assertThat(disabled.isEnabled()).isFalse();
    assertThat(disabled.endpoints()).isEmpty();
    assertThat(disabled.callbackSecret()).isEmpty();
  }

  @Test
  void shouldPutTheDefaultEndpointFirstThenTheOthersByName() {
    Properties props =
        crm(
            "webhook.url",
            URL,
            "webhook.secret",
            CURRENT.reveal(),
            "webhook.endpoints.aaa.url",
            URL,
            "webhook.endpoints.aaa.secret",
            CURRENT.reveal());

    assertThat(TestConfigs.load(props).webhook().endpoints())
        .extracting(WebhookEndpointConfig::name)
        .containsExactly("default", "aaa", "crm");
  }

  @Test
  void shouldRejectAnEndpointAccountThatIsNotPolled() {
    assertThat(problemsOf(crm("webhook.endpoints.crm.accounts", "zzz")))
        .singleElement()
        .asString()
        .startsWith("webhook.endpoints.crm.accounts: account 'zzz' is not configured");
  }
}
