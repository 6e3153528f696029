package dev.streampoller.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Cloudflare Stream API on 127.0.0.1: the downloads endpoints ({@code GET}, {@code POST},
 * {@code DELETE} on {@code /accounts/{id}/stream/{uid}/downloads[/{type}]}), {@code GET
 * /user/tokens/verify}, {@code GET /accounts/{id}/tokens/verify} and {@code GET /user}, answering
 * with Cloudflare's envelope and error codes.
 *
 * <p>Progress is computed from the options' clock at request time. All methods are thread-safe; the
 * server owns a fixed pool of daemon threads named {@code stream-simulator-N}. {@link #close()} is
 * idempotent and interrupts answers delayed by a latency fault.
 *
 * <pre>{@code
 * try (StreamSimulator sim = StreamSimulator.start(
 *     SimulatorOptions.builder().apiToken("t").account("acc").build())) {
 *   sim.addVideo("acc", "uid1", List.of(ScriptedDownload.ready("default", Duration.ofMinutes(1))));
 *   URI base = sim.baseUrl(); // http://127.0.0.1:PORT/client/v4
 * }
 * }</pre>
 */
public final class StreamSimulator implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSimulator.class);
  private static final AtomicInteger INSTANCES = new AtomicInteger();

  private final SimulatorOptions options;
  private final HttpServer server;
  private final ExecutorService executor;
  private final VideoStore videos = new VideoStore();
  private final RequestLog log = new RequestLog();
  private final FaultQueue faults;
  private final RateLimiter limiter;
  private final AtomicBoolean closed = new AtomicBoolean();

  private StreamSimulator(SimulatorOptions options) throws IOException {
    this.options = options;
    this.faults = new FaultQueue(options.randomFaultRate(), options.randomSeed());
    this.limiter = new RateLimiter(options.rateLimitPerFiveMinutes());
    options.accountIds().forEach(videos::addAccount);
    int instance = INSTANCES.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    this.executor =
        Executors.newFixedThreadPool(
            options.threads(),
            runnable -> {
              Thread thread =
                  new Thread(
                      runnable, "stream-simulator-" + instance + "-" + threads.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    InetSocketAddress address =
        new InetSocketAddress(InetAddress.getLoopbackAddress(), options.port());
    LoopbackServers.disableNagle();
    this.server = HttpServer.create(address, 64);
    server.createContext("/", new SimulatorHandler(options, videos, log, faults, limiter));
    server.setExecutor(executor);
  }

  /** Binds and starts a simulator; throws {@link UncheckedIOException} if the port is taken. */
  public static StreamSimulator start(SimulatorOptions options) {
    Objects.requireNonNull(options, "options");
    StreamSimulator simulator;
    try {
      simulator = new StreamSimulator(options);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot bind the simulator on port " + options.port(), e);
    }
    simulator.server.start();
    LOG.info("Stream simulator listening on {}", simulator.baseUrl());
    return simulator;
  }

  /** The API base, e.g. {@code http://127.0.0.1:PORT/client/v4}. */
  public URI baseUrl() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + Route.BASE_PATH);
  }

  public SimulatorOptions options() {
    return options;
  }

  /**
   * Adds (or replaces) a video whose downloads follow {@code downloads}, timed from now on the
   * simulator's clock; an empty list answers {@code result: {}}. The account becomes known.
   */
  public void addVideo(String accountId, String uid, List<ScriptedDownload> downloads) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(uid, "uid");
    videos.add(accountId, uid, List.copyOf(downloads), options.clock().instant());
  }

  /**
   * Uploads a video now: the list call shows it from now on, created now (or a microsecond after
   * the account's newest video), {@code inprogress} for {@code encoding} and then {@code ready}; it
   * has no downloads until they are created. {@code creator} and {@code name} may be empty.
   */
  public void upload(String accountId, String uid, String creator, String name, Duration encoding) {
    Objects.requireNonNull(accountId, "accountId");
    videos.upload(
        accountId,
        new VideoStore.Upload(uid, creator, name, encoding),
        List.of(),
        options.clock().instant());
  }

  /**
   * Uploads a video now whose created time is {@code created}, as given: several videos may share
   * one, as Cloudflare does not promise distinct created times (a bulk copy, or coarse clocks), so
   * tests can put ties where a list answer's cap falls.
   */
  public void upload(String accountId, String uid, Instant created, Duration encoding) {
    Objects.requireNonNull(accountId, "accountId");
    Objects.requireNonNull(created, "created");
    videos.upload(
        accountId,
        new VideoStore.Upload(uid, "", "", encoding),
        created,
        options.clock().instant());
  }

  /**
   * Makes the list call's {@code after}/{@code before} include a video created at their time
   * (false, the default: strictly after or before). Cloudflare calls them aliases of {@code
   * start}/{@code end} without saying which they are, so a client is tested against both.
   */
  public void listBoundsInclusive(boolean inclusive) {
    videos.boundsInclusive(inclusive);
  }

  /**
   * Adds a video with one download of {@code type} that is in progress until its {@code polls}-th
   * GET answers {@code ready} (a stand-in whose pace is set by the poller, for throughput runs).
   */
  public void addVideoReadyAfterPolls(String accountId, String uid, String type, int polls) {
    if (polls < 1) {
      throw new IllegalArgumentException("polls must be at least 1: " + polls);
    }
    videos.addReadyAfterPolls(accountId, uid, type, polls, options.clock().instant());
  }

  /** Removes a video, which then answers 404; false when it did not exist. */
  public boolean removeVideo(String accountId, String uid) {
    return videos.remove(accountId, uid);
  }

  /** Makes the account known without adding a video. */
  public void addAccount(String accountId) {
    videos.addAccount(accountId);
  }

  /**
   * Reports {@code status} (any string, e.g. {@code "queued"}) for a download instead of its
   * scripted status, while it exists; null restores the script.
   */
  public void overrideStatus(String accountId, String uid, String type, @Nullable String status) {
    videos
        .find(accountId, uid)
        .orElseThrow(() -> new IllegalArgumentException("no video " + uid + " in " + accountId))
        .overrideStatus(type, status);
  }

  /** Queues a fault for the next matching request(s); see {@link Fault}. */
  public void enqueueFault(Fault fault) {
    faults.add(Objects.requireNonNull(fault, "fault"));
  }

  public void clearFaults() {
    faults.clear();
  }

  /** Forgets the rate-limit windows, e.g. between benchmark runs. */
  public void resetRateLimit() {
    limiter.reset();
  }

  public RequestLog requestLog() {
    return log;
  }

  public int totalRequests() {
    return log.total();
  }

  public int requestsForAccount(String accountId) {
    return log.forAccount(accountId);
  }

  public int requestsForVideo(String uid) {
    return log.forVideo(uid);
  }

  public List<Instant> requestTimes() {
    return log.requestTimes();
  }

  /** See {@link RequestLog#maxRequestsInAnyWindow(Duration)}. */
  public int maxRequestsInAnyWindow(Duration window) {
    return log.maxRequestsInAnyWindow(window);
  }

  public void resetRequestLog() {
    log.reset();
  }

  /** Stops the server and its threads; idempotent. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    server.stop(0);
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.warn("Stream simulator threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    LOG.info("Stream simulator stopped");
  }
}
