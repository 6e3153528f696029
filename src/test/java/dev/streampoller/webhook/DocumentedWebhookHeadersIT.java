package dev.streampoller.webhook;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.VideoKey;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the docs say a receiver gets is what a real delivery carries: the header set of a Standard
 * Webhooks endpoint and of a {@code cloudflare-signature=true} endpoint, as listed in the {@code
 * http} examples of docs/webhooks.md, and the configuration reference's word for the Cloudflare
 * style ("instead of", since both signatures share one header name).
 */
@ExtendWith(PostgresExtension.class)
class DocumentedWebhookHeadersIT {
  private static final Path WEBHOOKS_DOC = Path.of("docs", "webhooks.md");
  private static final Path CONFIGURATION_DOC = Path.of("docs", "configuration.md");
  private static final Path EXAMPLE_PROPERTIES = Path.of("config", "stream-poller.properties");
  private static final VideoKey KEY = new VideoKey("acc1", "vid1");

  /** Added by the HTTP client and server themselves, not chosen by the sender. */
  private static final Set<String> TRANSPORT_HEADERS =
      Set.of("host", "content-length", "connection", "transfer-encoding", "accept-encoding");

  private static final Pattern HTTP_BLOCK = Pattern.compile("```http\\n(.*?)```", Pattern.DOTALL);
  private static final Pattern HEADER_LINE = Pattern.compile("^([A-Za-z0-9-]+): (\\S+).*$");

  private final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final WebhookSender sender =
      new WebhookSender(Duration.ofSeconds(10), "stream-poller", clock);
  private final List<Map<String, String>> received = new CopyOnWriteArrayList<>();
  private Database database;
  private URI url;

  @BeforeEach
  void setUp(Database database) throws IOException {
    this.database = database;
    database.run(c -> new TrackedVideoRepository().track(c, KEY, clock.instant()));
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/hook",
        exchange -> {
          Map<String, String> headers = new TreeMap<>();
          exchange
              .getRequestHeaders()
              .forEach(
                  (name, values) ->
                      headers.put(name.toLowerCase(Locale.ROOT), String.join(" ", values)));
          exchange.getRequestBody().readAllBytes();
          received.add(headers);
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
        });
    server.start();
    closeables.add(() -> server.stop(0));
    url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
  }

  @AfterEach
  void close() throws Exception {
    sender.close();
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
  }

  @Test
  void shouldSendAStandardEndpointExactlyTheDocumentedHeaders() throws IOException {
    Map<String, String> headers = deliverOne(false);

    Map<String, String> documented = documentedHeaders("v1,");
    assertThat(senderChosen(headers).keySet())
        .as("headers of a delivery to a Standard Webhooks endpoint vs docs/webhooks.md")
        .containsExactlyInAnyOrderElementsOf(documented.keySet());
    assertThat(headers.get("webhook-signature")).startsWith("v1,");
  }

  @Test
  void shouldSendACloudflareStyleEndpointExactlyTheDocumentedHeadersAndNoStandardSignature()
      throws IOException {
    Map<String, String> headers = deliverOne(true);

    Map<String, String> documented = documentedHeaders("time=");
    assertThat(senderChosen(headers).keySet())
        .as("headers of a delivery to a cloudflare-signature=true endpoint vs docs/webhooks.md")
        .containsExactlyInAnyOrderElementsOf(documented.keySet());
    assertThat(headers.get("webhook-signature"))
        .matches("time=\\d+,sig1=[0-9a-f]{64}")
        .doesNotContain("v1,");
  }

  @Test
  void shouldDescribeTheCloudflareStyleAsReplacingTheStandardSignatureInTheReferences()
      throws IOException {
    // A delivery carries one webhook-signature: the Cloudflare one replaces the Standard one.
    Map<String, String> headers = deliverOne(true);
    assertThat(headers.get("webhook-signature")).doesNotContain("v1,");

    List<String> rows =
        Files.readAllLines(CONFIGURATION_DOC, UTF_8).stream()
            .filter(line -> line.contains("cloudflare-signature` |"))
            .toList();
    assertThat(rows).hasSize(2).allSatisfy(row -> assertThat(row).contains("*instead of*"));
    String properties = Files.readString(EXAMPLE_PROPERTIES, UTF_8);
    String comment = properties.substring(0, properties.indexOf("#webhook.cloudflare-signature="));
    assertThat(comment.substring(comment.lastIndexOf("\n\n"))).contains("INSTEAD of");
    assertThat(Files.readString(WEBHOOKS_DOC, UTF_8))
        .doesNotContainIgnoringCase("also a Cloudflare-style")
        .doesNotContainIgnoringCase("in addition to");
  }

  /** Delivers one ready event to one endpoint and returns the headers the receiver saw. */
  private Map<String, String> deliverOne(boolean cloudflareStyle) {
    Secret secret = WebhookSigner.generateSecret();
    WebhookRoutes routes =
        new WebhookRoutes(
            List.of(
                new WebhookEndpoint(
                    "hook",
                    url,
                    List.of(secret),
                    Set.of(WebhookEvents.DOWNLOAD_READY),
                    Set.of(),
                    cloudflareStyle)),
            Optional.empty());
    database.run(c -> new EndpointRepository().sync(c, routes.endpoints(), clock.instant()));
    Transition ready =
        new Transition(
            "default",
            2,
            new DownloadSnapshot("default", "inprogress", 80.0, "https://x"),
            new DownloadSnapshot("default", "ready", 100.0, "https://x"),
            clock.instant());
    String payload = WebhookEvents.payload(WebhookEvents.DOWNLOAD_READY, KEY, ready).toString();
    database.run(
        c -> {
          WebhookRoutes.Route route =
              routes.routesFor(WebhookEvents.DOWNLOAD_READY, KEY.accountId(), null).get(0);
          new DeliveryRepository()
              .enqueue(
                  c,
                  WebhookEvents.newEventId(),
                  WebhookEvents.DOWNLOAD_READY,
                  KEY,
                  "default",
                  payload,
                  route.endpoint(),
                  route.target(),
                  clock.instant());
        });
    WebhookDispatcher dispatcher =
        new WebhookDispatcher(
            database,
            routes,
            sender,
            Runnable::run,
            clock,
            new WebhookDispatcher.Settings(
                "dispatcher",
                10,
                Duration.ofMinutes(1),
                new RetrySchedule(List.of(Duration.ofSeconds(5)), () -> 0.5),
                SenderLimits.UNLIMITED),
            new SimpleMeterRegistry());

    assertThat(dispatcher.dispatchBatch()).isEqualTo(1);

    assertThat(received).hasSize(1);
    return received.get(0);
  }

  private static Map<String, String> senderChosen(Map<String, String> headers) {
    Map<String, String> chosen = new TreeMap<>(headers);
    chosen.keySet().removeAll(TRANSPORT_HEADERS);
    return chosen;
  }

  /**
   * The headers of the first {@code http} example in docs/webhooks.md whose {@code
   * webhook-signature} starts with {@code signaturePrefix}, by lower-case name.
   */
  private static Map<String, String> documentedHeaders(String signaturePrefix) throws IOException {
    Matcher block = HTTP_BLOCK.matcher(Files.readString(WEBHOOKS_DOC, UTF_8));
    while (block.find()) {
      Map<String, String> headers = new TreeMap<>();
      for (String line : block.group(1).split("\n", -1)) {
        if (line.isBlank()) {
          break;
        }
        Matcher header = HEADER_LINE.matcher(line);
        if (header.matches()) {
          headers.put(header.group(1).toLowerCase(Locale.ROOT), header.group(2));
        }
      }
      if (headers.getOrDefault("webhook-signature", "").startsWith(signaturePrefix)) {
        return headers;
      }
    }
    throw new AssertionError(
        "docs/webhooks.md has no http example whose webhook-signature starts with "
            + signaturePrefix);
  }
}
