package dev.streampoller.cloudflare;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import dev.streampoller.simulator.ScriptedDownload;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract: the simulator answers, and the client asks, as Cloudflare's official OpenAPI
 * description of the Stream downloads operations says, checked with Atlassian's
 * swagger-request-validator. The description is Cloudflare's text, not ours: it is read at test
 * time from {@code ../shared/reference/cloudflare-stream-downloads.openapi.json} beside the project
 * (or the file named by {@code -Dstreampoller.openapi} / {@code STREAM_POLLER_OPENAPI}); without it
 * the test is skipped with a message naming the file, and {@code .ci/run} fails on that skip.
 *
 * <p>Two parts of the description are not checked by the validator, each for a reason given where
 * its level is set: the downloads operations list {@code api_email}, {@code api_key} and {@code
 * api_token} as one requirement (all three at once, which no client sends; the description's own
 * prose and Cloudflare's docs say a token or an email and key), so the schemes are checked here by
 * hand; and {@code POST} declares no body, while the client sends {@code {}} as JSON on purpose
 * (earlier versions of the API required it), which is checked here by hand too.
 */
class CloudflareContractTest {
  static final String FILE = "cloudflare-stream-downloads.openapi.json";
  static final String PROPERTY = "streampoller.openapi";
  static final String ENVIRONMENT = "STREAM_POLLER_OPENAPI";

  private static final String TOKEN = "cfut_contract-token";
  private static final String NO_STREAM_TOKEN = "cfut_contract-dns-only";
  private static final String EMAIL = "ops@example.com";
  private static final String KEY = "144c9defac04969c7bfad8efaa8ea194";
  private static final String ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
  private static final String UID = "ea95132c15732412d22c1476fa83f27a";
  private static final String EMPTY_UID = "5d5bc37ffcf54c9b82e996823bffbb81";
  private static final String BASE_PATH = "/client/v4";

  private static OpenApiInteractionValidator validator;

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final HttpClient http = HttpClient.newHttpClient();
  private StreamSimulator simulator;

  /** The description's path: the property, else the environment, else ../shared/reference. */
  static Path specification() {
    String configured = System.getProperty(PROPERTY, System.getenv(ENVIRONMENT));
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    return Path.of("..", "shared", "reference", FILE);
  }

  /**
   * Loads the description once; each test is skipped (and so reported, with this message) when it
   * is absent.
   */
  private static synchronized void loadTheDescription() throws IOException {
    if (validator != null) {
      return;
    }
    Path spec = specification();
    Assumptions.assumeTrue(
        Files.isRegularFile(spec),
        () ->
            "SKIPPED: Cloudflare's OpenAPI description "
                + FILE
                + " is absent at "
                + spec.toAbsolutePath().normalize()
                + "; put shared/reference/ beside the project or set -D"
                + PROPERTY
                + " / "
                + ENVIRONMENT);
    validator =
        OpenApiInteractionValidator.createForInlineApiSpecification(Files.readString(spec, UTF_8))
            .withBasePathOverride(BASE_PATH)
            .withLevelResolver(
                LevelResolver.create()
                    // All three schemes as one requirement: checked by hand (authenticatedBy...).
                    .withLevel("validation.request.security.missing", ValidationReport.Level.IGNORE)
                    .withLevel("validation.request.security.invalid", ValidationReport.Level.IGNORE)
                    // POST's {} body: sent on purpose, checked by hand (see the class comment).
                    .withLevel("validation.request.body.unexpected", ValidationReport.Level.IGNORE)
                    // The description never forbids unknown fields (no additionalProperties:
                    // false), and Cloudflare sends some (error_chain): the validator's own
                    // injection of additionalProperties: false would be stricter than the text.
                    .withLevel(
                        "validation.schema.additionalProperties", ValidationReport.Level.IGNORE)
                    .build())
            .build();
  }

  @BeforeEach
  void start() throws IOException {
    loadTheDescription();
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder()
                .clock(clock)
                .apiToken(TOKEN)
                .apiTokenWithoutStream(NO_STREAM_TOKEN)
                .apiKey(EMAIL, KEY)
                .account(ACCOUNT)
                .rateLimitHeaders(true)
                .build());
    simulator.addVideo(
        ACCOUNT,
        UID,
        List.of(
            ScriptedDownload.ready("default", Duration.ofMinutes(2)),
            ScriptedDownload.error("audio", Duration.ZERO, 40.0)));
    simulator.addVideo(ACCOUNT, EMPTY_UID, List.of());
  }

  @AfterEach
  void stop() {
    if (simulator != null) {
      simulator.close();
    }
  }

  // ---- the simulator's answers --------------------------------------------------------------

  private static String downloads(String uid) {
    return "/accounts/" + ACCOUNT + "/stream/" + uid + "/downloads";
  }

  /** Sends a raw request to the simulator and validates its answer; returns the status. */
  private int answerOf(String method, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(simulator.baseUrl() + path))
            .method(
                method,
                method.equals("POST")
                    ? HttpRequest.BodyPublishers.ofString("{}")
                    : HttpRequest.BodyPublishers.noBody());
    headers.forEach(request::header);
    HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    SimpleResponse.Builder response =
        SimpleResponse.Builder.status(answer.statusCode()).withBody(answer.body());
    answer.headers().map().forEach((name, values) -> response.withHeader(name, values));
    ValidationReport report =
        validator.validateResponse(
            BASE_PATH + path, Request.Method.valueOf(method), response.build());
    List<ValidationReport.Message> problems = problems(report);
    if (answer.statusCode() == 429) {
      // The one place where Cloudflare itself answers outside its description: its rate
      // limiter's 429 carries code 971 ("Please wait and consider throttling your request
      // speed", seen in the wild), below the description's minimum of 1000. The simulator keeps
      // the real code; nothing else may differ.
      problems =
          problems.stream()
              .filter(m -> !m.toString().contains("minimum: 1000, found: 971"))
              .toList();
    }
    assertThat(problems)
        .as("%s %s answered %d: %s", method, path, answer.statusCode(), answer.body())
        .isEmpty();
    return answer.statusCode();
  }

  /** The report's errors and warnings (the levels set to IGNORE above are still listed). */
  private static List<ValidationReport.Message> problems(ValidationReport report) {
    return report.getMessages().stream()
        .filter(
            m ->
                m.getLevel() == ValidationReport.Level.ERROR
                    || m.getLevel() == ValidationReport.Level.WARN)
        .toList();
  }

  private static Map<String, String> token(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }

  @Test
  void shouldAnswerListCreateAndDeleteAsTheDescriptionSays() throws Exception {
    assertThat(answerOf("GET", downloads(UID), token(TOKEN))).isEqualTo(200);
    assertThat(answerOf("GET", downloads(EMPTY_UID), token(TOKEN))).isEqualTo(200);
    assertThat(answerOf("POST", downloads(EMPTY_UID), token(TOKEN))).isEqualTo(200);
    assertThat(answerOf("POST", downloads(EMPTY_UID) + "/audio", token(TOKEN))).isEqualTo(200);
    assertThat(answerOf("POST", downloads(UID) + "/default", token(TOKEN))).isEqualTo(200);
    assertThat(answerOf("GET", downloads(EMPTY_UID), token(TOKEN))).isEqualTo(200);
    assertThat(answerOf("DELETE", downloads(EMPTY_UID) + "/audio", token(TOKEN))).isEqualTo(200);
    assertThat(answerOf("DELETE", downloads(EMPTY_UID), token(TOKEN))).isEqualTo(200);
    Map<String, String> key = Map.of("X-Auth-Email", EMAIL, "X-Auth-Key", KEY);
    assertThat(answerOf("GET", downloads(UID), key)).isEqualTo(200);
  }

  @Test
  void shouldAnswerEveryErrorOfTheDownloadsRoutesWithTheFailureEnvelope() throws Exception {
    String unknown = downloads("ffffffffffffffffffffffffffffffff");
    assertThat(answerOf("GET", unknown, token(TOKEN))).isEqualTo(404);
    assertThat(answerOf("POST", unknown, token(TOKEN))).isEqualTo(404);
    assertThat(answerOf("POST", unknown + "/audio", token(TOKEN))).isEqualTo(404);
    assertThat(answerOf("DELETE", unknown, token(TOKEN))).isEqualTo(404);
    assertThat(answerOf("DELETE", downloads(EMPTY_UID) + "/audio", token(TOKEN))).isEqualTo(404);
    assertThat(answerOf("GET", downloads(UID), token("cfut_revoked"))).isEqualTo(403);
    assertThat(answerOf("GET", downloads(UID), Map.of("Authorization", "Bearer"))).isEqualTo(400);
    assertThat(answerOf("GET", downloads(UID), Map.of())).isEqualTo(400);
    assertThat(answerOf("GET", downloads(UID), Map.of("X-Auth-Email", EMAIL, "X-Auth-Key", "x")))
        .isEqualTo(403);
    assertThat(answerOf("GET", downloads(UID), token(NO_STREAM_TOKEN))).isEqualTo(403);
    String otherAccount = "/accounts/0000000000000000000000000000000a/stream/" + UID + "/downloads";
    assertThat(answerOf("GET", otherAccount, token(TOKEN))).isEqualTo(403);
  }

  @Test
  void shouldAnswerA429WithTheFailureEnvelope() throws Exception {
    simulator.enqueueFault(dev.streampoller.simulator.Fault.rateLimited(Duration.ofSeconds(30)));
    assertThat(answerOf("GET", downloads(UID), token(TOKEN))).isEqualTo(429);
  }

  @Test
  void shouldAnswerTheCredentialChecksAsTheDescriptionSays() throws Exception {
    assertThat(answerOf("GET", "/user/tokens/verify", token(TOKEN))).isEqualTo(200);
    assertThat(answerOf("GET", "/accounts/" + ACCOUNT + "/tokens/verify", token(TOKEN)))
        .isEqualTo(200);
    assertThat(answerOf("GET", "/user", Map.of("X-Auth-Email", EMAIL, "X-Auth-Key", KEY)))
        .isEqualTo(200);
    assertThat(answerOf("GET", "/user/tokens/verify", token("cfut_revoked"))).isEqualTo(403);
  }

  // ---- the client's requests ----------------------------------------------------------------

  private static final String CREATED =
      "{\"success\":true,\"errors\":[],\"messages\":[],\"result\":{\"default\":"
          + "{\"status\":\"inprogress\",\"percentComplete\":0,\"url\":\"https://x/default.mp4\"}}}";

  /** Runs {@code calls} against a capturing server and validates every request it received. */
  private List<CapturingServer.Captured> requestsOf(
      CloudflareCredential credential, Consumer<CloudflareClient> calls) {
    try (CapturingServer server = new CapturingServer(200, CREATED);
        CloudflareClient client =
            new CloudflareClient(
                server.baseUrl(),
                credential,
                Duration.ofSeconds(5),
                Duration.ofSeconds(10),
                "stream-poller-contract")) {
      calls.accept(client);
      for (CapturingServer.Captured captured : server.requests()) {
        SimpleRequest.Builder request =
            new SimpleRequest.Builder(captured.method(), captured.path());
        captured.headers().forEach(request::withHeader);
        if (!captured.body().isEmpty()) {
          request.withBody(captured.body());
        }
        ValidationReport report = validator.validateRequest(request.build());
        assertThat(problems(report))
            .as("%s %s %s", captured.method(), captured.path(), captured.headers())
            .isEmpty();
      }
      return server.requests();
    }
  }

  @Test
  void shouldSendListAndCreateRequestsAsTheDescriptionSaysWithAToken() {
    List<CapturingServer.Captured> sent =
        requestsOf(
            new CloudflareCredential.ApiToken(Secret.of(TOKEN)),
            client -> {
              client.listDownloads(ACCOUNT, UID);
              client.createDownload(ACCOUNT, UID, "default");
              client.createDownload(ACCOUNT, UID, "audio");
              client.checkStreamAccess(ACCOUNT);
            });

    assertThat(sent)
        .extracting(c -> c.method() + " " + c.path())
        .containsExactly(
            "GET " + BASE_PATH + downloads(UID),
            "POST " + BASE_PATH + downloads(UID) + "/default",
            "POST " + BASE_PATH + downloads(UID) + "/audio",
            "GET " + BASE_PATH + downloads(CloudflareClient.PROBE_VIDEO_UID));
    assertThat(sent)
        .allSatisfy(
            c -> {
              assertThat(c.headers()).containsEntry("authorization", "Bearer " + TOKEN);
              assertThat(c.headers()).doesNotContainKeys("x-auth-email", "x-auth-key");
              assertThat(c.headers().get("accept")).isEqualTo("application/json");
            });
    assertThat(sent)
        .filteredOn(c -> c.method().equals("POST"))
        .allSatisfy(
            c -> {
              assertThat(c.headers().get("content-type")).startsWith("application/json");
              assertThat(c.body()).isEqualTo("{}");
            });
    assertThat(sent)
        .filteredOn(c -> c.method().equals("GET"))
        .allSatisfy(c -> assertThat(c.body()).isEmpty());
  }

  @Test
  void shouldSendListAndCreateRequestsAsTheDescriptionSaysWithAnEmailAndKey() {
    List<CapturingServer.Captured> sent =
        requestsOf(
            new CloudflareCredential.ApiKey(EMAIL, Secret.of(KEY)),
            client -> {
              client.listDownloads(ACCOUNT, UID);
              client.createDownload(ACCOUNT, UID, "audio");
            });

    assertThat(sent)
        .hasSize(2)
        .allSatisfy(
            c -> {
              assertThat(c.headers()).containsEntry("x-auth-email", EMAIL);
              assertThat(c.headers()).containsEntry("x-auth-key", KEY);
              assertThat(c.headers()).doesNotContainKey("authorization");
            });
  }
}
