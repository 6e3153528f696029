package dev.streampoller.cli;

import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;

/** One {@code bench throughput} run: the world around the daemon, and what it measured. */
final class ThroughputRun {
  /** Videos per INSERT when tracking all at once. */
  static final int INSERT_BATCH = 1000;

  /** How long to wait for the last webhooks once every video ended. */
  static final Duration DELIVERY_GRACE = Duration.ofSeconds(60);

  record Plan(
      int accounts,
      int videos,
      int pollsToReady,
      int budget,
      int trackRate,
      Duration duration,
      Duration receiverDelay,
      int backlog) {
    /** The sum of the budgets, requests per second. */
    double budgetPerSecond() {
      return accounts * (budget / 300.0);
    }
  }

  /**
   * What a run measured; the times are the simulator's (requests) and the receiver's (webhooks).
   */
  record Measured(
      List<Instant> polls,
      Instant pollingStart,
      Duration pollingWall,
      List<Duration> trackToFirstRequest,
      List<Instant> deliveries,
      List<Duration> observeToDelivered,
      int webhooksReceived,
      int duplicates,
      int badSignatures,
      long videosLeft,
      List<Instant> backlogDeliveries,
      double cpuSeconds,
      Instant cpuFrom,
      CpuUse pollingCpu,
      long peakRssKib,
      long lastRssKib) {}

  private final Plan plan;
  private final Clock clock;
  private final StreamSimulator simulator;
  private final WebhookReceiver receiver;
  private final String run;
  private final List<String> accountIds = new ArrayList<>();
  private int opsPort;

  ThroughputRun(
      String run, Plan plan, Clock clock, StreamSimulator simulator, WebhookReceiver receiver) {
    this.run = run;
    this.plan = plan;
    this.clock = clock;
    this.simulator = simulator;
    this.receiver = receiver;
    for (int i = 0; i < plan.accounts(); i++) {
      accountIds.add(run + "a" + i);
    }
  }

  static WebhookReceiver receiver(Secret secret, Clock clock, Duration delay) {
    WebhookReceiver receiver =
        WebhookReceiver.builder(secret, clock).tolerance(Duration.ofMinutes(5)).start();
    receiver.respondAfter(delay);
    return receiver;
  }

  static String newWebhookSecret() {
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    return "whsec_" + Base64.getEncoder().encodeToString(bytes);
  }

  static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The daemon's configuration: the defaults a user gets, but for what the run sets. */
  Map<String, String> daemonProperties(
      String jdbcUrl, Secret webhookSecret, int opsPort, Map<String, String> overrides) {
    this.opsPort = opsPort;
    Map<String, String> p = new LinkedHashMap<>();
    p.put("cloudflare.api-base-url", simulator.baseUrl().toString());
    for (int i = 0; i < plan.accounts(); i++) {
      String prefix = i == 0 ? "cloudflare." : "cloudflare.accounts.a" + i + ".";
      p.put(prefix + "account-id", accountIds.get(i));
      p.put(prefix + "api-token", token(i));
      p.put(prefix + "rate-limit.requests-per-5-minutes", Integer.toString(plan.budget()));
    }
    p.put("database.url", jdbcUrl);
    p.put("webhook.url", receiver.url().toString());
    p.put("webhook.secret", webhookSecret.reveal());
    p.put("ops.listen-address", "127.0.0.1:" + opsPort);
    p.putAll(overrides);
    return p;
  }

  Path writeProperties(Path dir, Map<String, String> properties) throws IOException {
    StringBuilder text = new StringBuilder("# bench throughput run " + run + "\n");
    properties.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    Path file = dir.resolve("stream-poller.properties");
    Files.writeString(file, text);
    return file;
  }

  private String token(int account) {
    return token(run, account);
  }

  /** A run id: a letter and 7 hex digits, the prefix of its account ids and video uids. */
  static String newRunId() {
    return "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 7);
  }

  /** Each account's own token, so each is its own Cloudflare user with its own limit. */
  static String token(String run, int account) {
    return "bench-token-" + run + "-" + account;
  }

  /** Video uids of the backlog's deliveries (no such videos are tracked). */
  private String backlogPrefix() {
    return run + "b";
  }

  /** Starts the daemon, tracks the videos, and measures until they ended or time is up. */
  Measured drive(Database database, String jvmOptions, Path config, Path dir) {
    List<String> uids = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    for (int i = 0; i < plan.videos(); i++) {
      String uid = run + "v" + i;
      String account = accountIds.get(i % plan.accounts());
      uids.add(uid);
      owners.add(account);
      simulator.addVideoReadyAfterPolls(account, uid, "default", plan.pollsToReady());
    }
    Map<String, Instant> trackedAt = new HashMap<>();
    if (plan.backlog() > 0) {
      String at = clock.instant().toString();
      database.run(
          c ->
              ThroughputQueries.backlog(
                  c,
                  backlogPrefix(),
                  accountIds.get(0),
                  receiver.url().toString(),
                  at,
                  plan.backlog()));
    }
    try (ThroughputDaemon daemon = ThroughputDaemon.start(jvmOptions, config, dir)) {
      System.out.printf(
          "bench throughput %s: %d accounts, %d videos ready after %d polls; daemon pid %d,"
              + " log %s%n",
          run, plan.accounts(), plan.videos(), plan.pollsToReady(), daemon.pid(), daemon.log());
      daemon.awaitHealthy(
          URI.create("http://127.0.0.1:" + opsPort + "/health"), Duration.ofSeconds(90));
      double cpuBefore = daemon.cpuSeconds();
      // Read each second, so that the CPU split can leave out the start (JIT, full buckets).
      TreeMap<Instant, CpuUse> cpuSamples = new TreeMap<>();
      Instant start = clock.instant();
      Instant end = start.plus(plan.duration());
      int tracked = 0;
      long active = plan.videos();
      Instant nextSample = start;
      Instant nextReport = start.plus(Duration.ofSeconds(10));
      while (clock.instant().isBefore(end) && (tracked < plan.videos() || active > 0)) {
        Instant now = clock.instant();
        int due =
            plan.trackRate() == 0
                ? plan.videos()
                : (int)
                    Math.min(
                        plan.videos(),
                        Duration.between(start, now).toMillis() * plan.trackRate() / 1000 + 1);
        while (tracked < due) {
          int to = Math.min(due, tracked + INSERT_BATCH);
          List<String> batchUids = uids.subList(tracked, to);
          List<String> batchOwners = owners.subList(tracked, to);
          database.run(c -> ThroughputQueries.track(c, batchOwners, batchUids));
          Instant committed = clock.instant();
          batchUids.forEach(uid -> trackedAt.put(uid, committed));
          tracked = to;
        }
        if (!now.isBefore(nextSample)) {
          daemon.sampleRssKib();
          cpuSamples.put(now, CpuUse.now(daemon.pid()));
          active = database.inTransaction(c -> ThroughputQueries.active(c, run));
          nextSample = now.plus(Duration.ofSeconds(1));
          if (!now.isBefore(nextReport)) {
            System.out.printf(
                "  %3ds: %d tracked, %d still polled, %d requests, %d webhooks, RSS %d MiB%n",
                Duration.between(start, now).toSeconds(),
                tracked,
                active,
                simulator.totalRequests(),
                receiver.received().size(),
                daemon.sampleRssKib() / 1024);
            nextReport = now.plus(Duration.ofSeconds(10));
          }
          if (!daemon.isAlive()) {
            throw new CliException(ExitCodes.SOFTWARE, "The daemon died; see " + daemon.log());
          }
        }
        LockSupport.parkNanos(Duration.ofMillis(plan.trackRate() == 0 ? 100 : 20).toNanos());
      }
      Instant pollingEnd = clock.instant();
      Map.Entry<Instant, CpuUse> half =
          cpuSamples.floorEntry(start.plus(Duration.between(start, pollingEnd).dividedBy(2)));
      CpuUse pollingCpu = CpuUse.now(daemon.pid()).since(half.getValue());
      long expected = plan.videos() - active + plan.backlog();
      Instant deliveryDeadline = pollingEnd.plus(DELIVERY_GRACE);
      while (receiver.received().size() < expected && clock.instant().isBefore(deliveryDeadline)) {
        daemon.sampleRssKib();
        LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
      }
      double cpu = daemon.cpuSeconds() - cpuBefore;
      long lastRss = daemon.sampleRssKib();
      long peak = daemon.peakRssKib();
      daemon.close();
      database.run(c -> ThroughputQueries.endLeftovers(c, run));
      return measured(
          start, pollingEnd, trackedAt, active, cpu, half.getKey(), pollingCpu, peak, lastRss);
    }
  }

  private Measured measured(
      Instant start,
      Instant pollingEnd,
      Map<String, Instant> trackedAt,
      long active,
      double cpu,
      Instant cpuFrom,
      CpuUse pollingCpu,
      long peak,
      long lastRss) {
    List<Instant> polls = new ArrayList<>();
    Map<String, Instant> firstRequest = new HashMap<>();
    for (RequestLog.Entry e : simulator.requestLog().entries()) {
      if (e.uid() != null && e.method().equals("GET") && e.uid().startsWith(run)) {
        if (!e.at().isAfter(pollingEnd)) {
          polls.add(e.at());
        }
        firstRequest.merge(e.uid(), e.at(), (a, b) -> a.isBefore(b) ? a : b);
      }
    }
    List<Duration> trackToFirst = new ArrayList<>();
    trackedAt.forEach(
        (uid, at) -> {
          Instant first = firstRequest.get(uid);
          if (first != null) {
            trackToFirst.add(Duration.between(at, first));
          }
        });
    List<Instant> deliveries = new ArrayList<>();
    List<Instant> backlog = new ArrayList<>();
    List<Duration> latencies = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int duplicates = 0;
    int bad = 0;
    for (WebhookReceiver.ReceivedWebhook w : receiver.received()) {
      if (!w.signatureValid()) {
        bad++;
        continue;
      }
      if (!seen.add(w.msgId())) {
        duplicates++;
        continue;
      }
      if (w.json().path("data").path("videoId").asText().startsWith(backlogPrefix())) {
        backlog.add(w.receivedAt());
        continue;
      }
      deliveries.add(w.receivedAt());
      Instant observed = Instant.parse(w.json().path("data").path("observedAt").asText());
      latencies.add(Duration.between(observed, w.receivedAt()));
    }
    return new Measured(
        polls,
        start,
        Duration.between(start, pollingEnd),
        trackToFirst,
        deliveries,
        latencies,
        seen.size(),
        duplicates,
        bad,
        active,
        backlog,
        cpu,
        cpuFrom,
        pollingCpu,
        peak,
        lastRss);
  }
}
