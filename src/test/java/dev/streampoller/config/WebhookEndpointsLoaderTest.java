package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.minimalWith;
import static dev.streampoller.config.TestConfigs.problemsOf;
import static dev.streampoller.config.TestConfigs.webhookSecret;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Several webhook endpoints: {@code webhook.*} (the default one) and {@code webhook.endpoints.*}.
 */
class WebhookEndpointsLoaderTest {
  private static final String PRIMARY = "023e105f4ecef8ad9ca31a8372d0c353";
  private static final String SECRET = webhookSecret(32);
  private static final String OLD_SECRET = webhookSecret(24);
  private static final String OTHER_SECRET = webhookSecret(40);
  private static final URI HOOK = URI.create("https://hooks.example.com/x");
  private static final URI CRM = URI.create("https://crm.example.com/hooks");

  @TempDir Path dir;

  private static Properties withDefaultEndpoint(String... keyValues) {
    Properties props = minimalWith("webhook.url", HOOK.toString(), "webhook.secret", SECRET);
    for (int i = 0; i < keyValues.length; i += 2) {
      props.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return props;
  }

  private static Properties withCrm(String... keyValues) {
    Properties props =
        minimalWith(
            "webhook.endpoints.crm.url",
            CRM.toString(),
            "webhook.endpoints.crm.secret",
            OTHER_SECRET);
    for (int i = 0; i < keyValues.length; i += 2) {
      props.setProperty(keyValues[i], keyValues[i + 1]);
    }
    return props;
  }

  private static List<String> problems(Properties props) {
    List<String> problems = problemsOf(props);
    assertThat(problems)
        .allSatisfy(p -> assertThat(p).endsWith("(test.properties)"))
        .allSatisfy(p -> assertThat(p).doesNotContain(SECRET.substring(6, 20)))
        .allSatisfy(p -> assertThat(p).doesNotContain(OLD_SECRET.substring(6, 20)))
        .allSatisfy(p -> assertThat(p).doesNotContain(OTHER_SECRET.substring(6, 20)));
    return problems;
  }

  @Test
  void shouldLoadASingleEndpointFileExactlyAsBefore() {
    WebhookConfig hook = TestConfigs.load(withDefaultEndpoint()).webhook();

    assertThat(hook)
        .isEqualTo(
            TestConfigs.defaultWebhook(
                List.of(TestConfigs.endpoint("default", HOOK, Secret.of(SECRET))),
                Optional.of(Secret.of(SECRET))));
    assertThat(hook.endpoints())
        .containsExactly(TestConfigs.endpoint("default", HOOK, Secret.of(SECRET)));
    assertThat(hook.endpoints().get(0).events())
        .containsExactly("download.ready", "download.error");
    assertThat(hook.maxConcurrency()).isEqualTo(8);
    assertThat(hook.callbackSecret()).contains(Secret.of(SECRET));
  }

  @Test
  void shouldLoadFurtherEndpointsInNameOrderAfterTheDefaultOne() {
    Properties props =
        withDefaultEndpoint(
            "webhook.previous-secret",
            OLD_SECRET,
            "webhook.events",
            "download.error",
            "webhook.cloudflare-signature",
            "TRUE",
            "webhook.endpoints.crm.url",
            CRM.toString(),
            "webhook.endpoints.crm.secret",
            OTHER_SECRET,
            "webhook.endpoints.crm.accounts",
            PRIMARY,
            "webhook.endpoints.b-2.url",
            HOOK.toString(),
            "webhook.endpoints.b-2.secret",
            SECRET);

    WebhookConfig hook = TestConfigs.load(props).webhook();

    assertThat(hook.endpoints())
        .containsExactly(
            new WebhookEndpointConfig(
                "default",
                HOOK,
                Secret.of(SECRET),
                Optional.of(Secret.of(OLD_SECRET)),
                Set.of("download.error"),
                Set.of(),
                true),
            TestConfigs.endpoint("b-2", HOOK, Secret.of(SECRET)),
            new WebhookEndpointConfig(
                "crm",
                CRM,
                Secret.of(OTHER_SECRET),
                Optional.empty(),
                Set.of("download.ready", "download.error"),
                Set.of(PRIMARY),
                false));
    assertThat(hook.endpoint("default").map(WebhookEndpointConfig::url)).contains(HOOK);
    assertThat(hook.endpoint("default").orElseThrow().signingSecrets())
        .containsExactly(Secret.of(SECRET), Secret.of(OLD_SECRET));
  }

  @Test
  void shouldSendOnlyThroughFurtherEndpointsWhenWebhookUrlIsUnset() {
    WebhookConfig hook = TestConfigs.load(withCrm()).webhook();

    assertThat(hook.isEnabled()).isTrue();
    assertThat(hook.endpoint("default").map(WebhookEndpointConfig::url)).isEmpty();
    assertThat(hook.endpoints()).extracting(WebhookEndpointConfig::name).containsExactly("crm");
    assertThat(hook.callbackSecret()).isEmpty();
  }

  @Test
  void shouldStoreTheUrlSchemeInLowerCase() {
    Properties props =
        withCrm(
            "webhook.url", "HTTPS://hooks.example.com/x",
            "webhook.secret", SECRET,
            "webhook.endpoints.crm.url", "Http://crm.example.com/hooks");

    WebhookConfig hook = TestConfigs.load(props).webhook();

    assertThat(hook.endpoint("default").map(WebhookEndpointConfig::url)).contains(HOOK);
    assertThat(hook.endpoints())
        .extracting(WebhookEndpointConfig::url)
        .containsExactly(HOOK, URI.create("http://crm.example.com/hooks"));
  }

  @Test
  void shouldRequireTheUrlAndTheSecretOfAFurtherEndpoint() {
    assertThat(problems(minimalWith("webhook.endpoints.crm.events", "download.ready")))
        .containsExactly(
            "webhook.endpoints.crm.url: is required (test.properties)",
            "webhook.endpoints.crm.secret: is required (or webhook.endpoints.crm.secret-file)"
                + " (test.properties)");
  }

  @Test
  void shouldRejectANonHttpEndpointUrl() {
    assertThat(problems(withCrm("webhook.endpoints.crm.url", "ftp://crm.example.com/x")))
        .containsExactly(
            "webhook.endpoints.crm.url: must be an absolute http or https URL, was"
                + " 'ftp://crm.example.com/x' (test.properties)");
  }

  @Test
  void shouldRejectAMalformedEndpointSecretWithoutShowingIt() {
    assertThat(problems(withCrm("webhook.endpoints.crm.secret", "whsec_" + "QUJD")))
        .containsExactly(
            "webhook.endpoints.crm.secret: must decode to 24 to 64 bytes, decoded to 3 (value"
                + " hidden) (test.properties)");
  }

  @Test
  void shouldRejectAMalformedPreviousSecretWithoutShowingIt() {
    assertThat(problems(withDefaultEndpoint("webhook.previous-secret", "plain-SECRET-value")))
        .containsExactly(
            "webhook.previous-secret: must start with whsec_ (value hidden) (test.properties)")
        .allSatisfy(p -> assertThat(p).doesNotContain("plain-SECRET-value"));
  }

  @Test
  void shouldRejectAPreviousSecretEqualToTheCurrentOne() {
    assertThat(problems(withCrm("webhook.endpoints.crm.previous-secret", OTHER_SECRET)))
        .containsExactly(
            "webhook.endpoints.crm.previous-secret: must differ from"
                + " webhook.endpoints.crm.secret (values hidden) (test.properties)");
  }

  @Test
  void shouldRejectAnUnknownEventNamingIt() {
    assertThat(
            problems(withCrm("webhook.endpoints.crm.events", "download.ready,download.progress")))
        .containsExactly(
            "webhook.endpoints.crm.events: unknown event 'download.progress'; allowed:"
                + " download.ready, download.error (test.properties)");
  }

  @Test
  void shouldRejectAnEmptyEventList() {
    assertThat(problems(withDefaultEndpoint("webhook.events", " ")))
        .containsExactly(
            "webhook.events: is empty; comment the line out to leave the key unset"
                + " (test.properties)");
  }

  @Test
  void shouldRejectAnEmptyItemOfTheEventList() {
    assertThat(problems(withDefaultEndpoint("webhook.events", "download.ready,")))
        .containsExactly(
            "webhook.events: unknown event ''; allowed: download.ready, download.error"
                + " (test.properties)");
  }

  @Test
  void shouldRejectAMalformedAccountIdInTheAccountFilter() {
    assertThat(problems(withCrm("webhook.endpoints.crm.accounts", PRIMARY + ",not_an-id")))
        .containsExactly(
            "webhook.endpoints.crm.accounts: account id must be 1 to 32 letters or digits, was"
                + " 'not_an-id' (test.properties)");
  }

  @Test
  void shouldRejectAnAccountFilterNamingAnAccountThatIsNotPolled() {
    assertThat(problems(withDefaultEndpoint("webhook.accounts", "abc123")))
        .containsExactly(
            "webhook.accounts: account 'abc123' is not configured (cloudflare.account-id or"
                + " cloudflare.accounts.<name>.account-id) (test.properties)");
  }

  @Test
  void shouldAcceptAnAdditionalAccountInTheAccountFilter() {
    Properties props =
        withCrm(
            "webhook.endpoints.crm.accounts", "eu1",
            "cloudflare.accounts.eu.account-id", "eu1",
            "cloudflare.accounts.eu.api-token", "eu-SECRET");

    assertThat(TestConfigs.load(props).webhook().endpoint("crm").orElseThrow().accounts())
        .containsExactly("eu1");
  }

  @Test
  void shouldRejectACloudflareSignatureThatIsNotABoolean() {
    assertThat(problems(withCrm("webhook.endpoints.crm.cloudflare-signature", "yes")))
        .containsExactly(
            "webhook.endpoints.crm.cloudflare-signature: must be true or false, was 'yes'"
                + " (test.properties)");
  }

  @Test
  void shouldReserveTheNameDefaultForTheSingleEndpointKeys() {
    assertThat(problems(withDefaultEndpoint("webhook.endpoints.default.events", "download.ready")))
        .containsExactly(
            "webhook.endpoints.default.events: the endpoint named default is the one of the"
                + " webhook.* keys; set webhook.events instead, or give this endpoint another"
                + " name (test.properties)");
  }

  @Test
  void shouldRejectDefaultEndpointSettingsWithoutWebhookUrl() {
    Properties props =
        minimalWith("webhook.previous-secret", OLD_SECRET, "webhook.cloudflare-signature", "true");

    assertThat(problems(props))
        .containsExactly(
            "webhook.previous-secret: is set but webhook.url is not; it configures that endpoint"
                + " (test.properties)",
            "webhook.cloudflare-signature: is set but webhook.url is not; it configures that"
                + " endpoint (test.properties)");
  }

  @Test
  void shouldSignCallbacksWithTheCallbackSecretWhenSet() {
    WebhookConfig hook =
        TestConfigs.load(withDefaultEndpoint("webhook.callback-secret", OTHER_SECRET)).webhook();

    assertThat(hook.callbackSecret()).contains(Secret.of(OTHER_SECRET));
  }

  @Test
  void shouldSignCallbacksWithWebhookSecretAloneAsBefore() {
    WebhookConfig hook = TestConfigs.load(minimalWith("webhook.secret", SECRET)).webhook();

    assertThat(hook.isEnabled()).isFalse();
    assertThat(hook.callbackSecret()).contains(Secret.of(SECRET));
  }

  @Test
  void shouldRejectAMalformedCallbackSecretWithoutShowingIt() {
    assertThat(problems(minimalWith("webhook.callback-secret", "whsec_!!not-base64")))
        .containsExactly(
            "webhook.callback-secret: must be whsec_ followed by base64 (value hidden)"
                + " (test.properties)")
        .allSatisfy(p -> assertThat(p).doesNotContain("not-base64"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "65"})
  void shouldRejectAMaxConcurrencyOutsideItsRange(String value) {
    assertThat(problems(minimalWith("webhook.max-concurrency", value)))
        .containsExactly(
            "webhook.max-concurrency: must be between 1 and 64, was "
                + value
                + " (test.properties)");
  }

  @Test
  void shouldReadTheMaxConcurrency() {
    assertThat(TestConfigs.load(minimalWith("webhook.max-concurrency", "64")).webhook())
        .extracting(WebhookConfig::maxConcurrency)
        .isEqualTo(64);
  }

  @Test
  void shouldReadEndpointAndCallbackSecretsFromTheirFileTwins() throws Exception {
    Files.writeString(dir.resolve("crm"), OTHER_SECRET + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("crm-old"), OLD_SECRET + "\n", StandardCharsets.UTF_8);
    Files.writeString(dir.resolve("callback"), SECRET + "\n", StandardCharsets.UTF_8);
    Path file = dir.resolve("poller.properties");
    Files.writeString(
        file,
        String.join(
            "\n",
            "cloudflare.account-id=abc",
            "cloudflare.api-token=t",
            "database.url=jdbc:postgresql:db",
            "webhook.endpoints.crm.url=" + CRM,
            "webhook.endpoints.crm.secret-file=crm",
            "webhook.endpoints.crm.previous-secret-file=crm-old",
            "webhook.callback-secret-file=callback"),
        StandardCharsets.UTF_8);

    WebhookConfig hook = ConfigLoader.load(file, Map.of()).webhook();

    assertThat(hook.endpoint("crm").orElseThrow().signingSecrets())
        .containsExactly(Secret.of(OTHER_SECRET), Secret.of(OLD_SECRET));
    assertThat(hook.callbackSecret()).contains(Secret.of(SECRET));
  }

  @Test
  void shouldRejectAnEndpointSecretAndItsFileTwin() throws Exception {
    Path secretFile = Files.writeString(dir.resolve("crm"), OTHER_SECRET + "\n");

    assertThat(problems(withCrm("webhook.endpoints.crm.secret-file", secretFile.toString())))
        .containsExactly(
            "webhook.endpoints.crm.secret: set either webhook.endpoints.crm.secret or"
                + " webhook.endpoints.crm.secret-file, not both (test.properties)");
  }

  @Test
  void shouldReportATypoAfterTheEndpointNameWithTheRightSuggestion() {
    assertThat(problems(withCrm("webhook.endpoints.crm.event", "download.ready")))
        .containsExactly(
            "webhook.endpoints.crm.event: unknown key; did you mean"
                + " webhook.endpoints.crm.events? (test.properties)");
  }

  @Test
  void shouldNotInventAnEndpointFromALoneTypo() {
    assertThat(problems(minimalWith("webhook.endpoints.crm.ulr", CRM.toString())))
        .containsExactly(
            "webhook.endpoints.crm.ulr: unknown key; did you mean webhook.endpoints.crm.url?"
                + " (test.properties)");
  }

  @Test
  void shouldRejectAMalformedEndpointName() {
    assertThat(problems(minimalWith("webhook.endpoints.CRM_1.url", CRM.toString())))
        .containsExactly(
            "webhook.endpoints.CRM_1.url: endpoint name must be 1 to 32 characters a-z, 0-9 or"
                + " -, was 'CRM_1' (test.properties)");
  }

  @Test
  void shouldAllowTwoEndpointsWithOneUrl() {
    Properties props = withCrm("webhook.url", CRM.toString(), "webhook.secret", SECRET);

    assertThat(TestConfigs.load(props).webhook().endpoints())
        .extracting(WebhookEndpointConfig::url)
        .containsExactly(CRM, CRM);
  }
}
