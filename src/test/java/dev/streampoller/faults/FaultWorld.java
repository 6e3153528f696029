package dev.streampoller.faults;

import dev.streampoller.config.Secret;
import dev.streampoller.faults.VideoPlan.PlannedVideo;
import dev.streampoller.faults.input.SecretScanner;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.simulator.WebhookReceiver;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import dev.streampoller.webhook.WebhookSigner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The fault suite's harness: a Cloudflare simulator and verifying webhook receivers in this JVM on
 * loopback, real daemons as OS processes on a given PostgreSQL, a seeded plan of videos whose fates
 * are known, and the {@link Checker}. Everything a run writes goes under {@code
 * target/faults/<scenario>/}: each daemon's properties, stdout and stderr.
 *
 * <p>Typical use, from one test thread:
 *
 * <pre>{@code
 * try (FaultWorld world = FaultWorld.start(FaultWorld.options("kill9", seed, dataSource, url))) {
 *   world.startDaemons(1);
 *   world.addVideos(10);
 *   ... inject faults: world.daemons().get(0).kill9(), world.simulator().enqueueFault(...) ...
 *   world.awaitSettled(Duration.ofSeconds(60));
 *   CheckResult result = world.check(figures); // while the daemons run
 *   world.stopDaemons(Duration.ofSeconds(30)); // SIGTERM, exit codes
 * }
 * }</pre>
 *
 * Timings are scaled (polls every 0.5-2 s, 8 s leases, webhook retries from 0.5 s) so a run takes
 * seconds; {@link #config()} is the base every daemon copies, to override before starting one. For
 * secret scans, {@link #secrets()} and {@link #outputFiles()} list what must never leak and where.
 */
public final class FaultWorld implements AutoCloseable {
  /** Where runs write: {@code target/faults}. */
  public static final Path ROOT = Path.of("target", "faults");

  /**
   * How a world is set up.
   *
   * @param scenario directory and report name, letters, digits and dashes
   * @param seed seeds every random choice of the run
   * @param dataSource the database the daemons use, already migrated and empty
   * @param jdbcUrl its JDBC URL (with user), for the daemons
   * @param accounts Cloudflare accounts (1-3), each with its own token and request budget
   * @param endpoints webhook receivers (1-4): {@code default}, then {@code e1}, {@code e2}, ...
   */
  public record Options(
      String scenario,
      long seed,
      DataSource dataSource,
      String jdbcUrl,
      int accounts,
      int endpoints) {
    public Options {
      if (!scenario.matches("[a-z0-9-]+")) {
        throw new IllegalArgumentException("scenario must be a-z, 0-9 or -, was " + scenario);
      }
      if (accounts < 1 || accounts > 3 || endpoints < 1 || endpoints > 4) {
        throw new IllegalArgumentException("1-3 accounts and 1-4 endpoints, was " + this);
      }
    }

    public Options withAccounts(int n) {
      return new Options(scenario, seed, dataSource, jdbcUrl, n, endpoints);
    }

    public Options withEndpoints(int n) {
      return new Options(scenario, seed, dataSource, jdbcUrl, accounts, n);
    }
  }

  /** Options with one account and one endpoint. */
  public static Options options(String scenario, long seed, DataSource dataSource, String url) {
    return new Options(scenario, seed, dataSource, url, 1, 1);
  }

  private final Options options;
  private final Path dir;
  private final Random random;
  private final StreamSimulator simulator;
  private final List<String> accountIds = new ArrayList<>();
  private final List<Secret> secrets = new ArrayList<>();
  private final Secret databasePassword;
  private final Map<String, WebhookReceiver> receivers = new LinkedHashMap<>();
  private final Map<String, Secret> receiverSecrets = new LinkedHashMap<>();
  private final Set<String> excluded = new HashSet<>();
  private final DaemonConfig config = new DaemonConfig();
  private final VideoPlan plan;
  private final List<DaemonProcess> daemons = new ArrayList<>();
  private int started;

  private FaultWorld(Options options) {
    this.options = options;
    this.dir = ROOT.resolve(options.scenario());
    this.random = new Random(options.seed());
    this.plan = new VideoPlan("s" + Long.toHexString(options.seed() & 0xffffffL));
    recreate(dir);
    this.databasePassword =
        Secret.of("pgpw_faults_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE));
    secrets.add(databasePassword);
    Clock clock = Clock.systemUTC();
    SimulatorOptions.Builder sim = SimulatorOptions.builder().clock(clock).threads(32);
    List<String> tokens = new ArrayList<>();
    for (int i = 1; i <= options.accounts(); i++) {
      String token = "cfut_faults_" + Long.toHexString(random.nextLong() & Long.MAX_VALUE);
      tokens.add(token);
      secrets.add(Secret.of(token));
      accountIds.add("acc" + i);
      sim.apiToken(token).account("acc" + i);
    }
    this.simulator = StreamSimulator.start(sim.build());
    for (int i = 0; i < options.endpoints(); i++) {
      Secret secret = WebhookSigner.generateSecret();
      secrets.add(secret);
      String name = i == 0 ? "default" : "e" + i;
      receiverSecrets.put(name, secret);
      receivers.put(name, WebhookReceiver.builder(secret, clock).path("/" + name).start());
    }
    baseConfig(tokens);
  }

  /** Starts the simulator and the receivers (no daemon yet). */
  public static FaultWorld start(Options options) {
    return new FaultWorld(options);
  }

  private void baseConfig(List<String> tokens) {
    config
        .set("cloudflare.api-base-url", simulator.baseUrl().toString())
        .set("cloudflare.account-id", accountIds.get(0))
        .set("cloudflare.api-token", tokens.get(0))
        .set("cloudflare.rate-limit.requests-per-5-minutes", "1200")
        .set("cloudflare.connect-timeout", "PT1S")
        .set("cloudflare.response-timeout", "PT3S")
        .set("database.url", options.jdbcUrl())
        // Trust authentication ignores it; it is here so that the secret scan looks for it too.
        .set("database.password", databasePassword.reveal())
        .set("database.pool-size", "4")
        .set("poll.min-interval", "PT0.5S")
        .set("poll.max-interval", "PT2S")
        .set("poll.give-up-after", "PT10M")
        .set("poll.lease", "PT8S")
        .set("poll.check-interval", "PT0.25S")
        .set("webhook.retry-schedule", "PT0.5S,PT1S,PT2S,PT3S" + ",PT5S".repeat(9))
        .set("webhook.timeout", "PT2S")
        .set("webhook.check-interval", "PT0.25S")
        .set("webhook.lease", "PT5S")
        .set("scheduler.threads", "4")
        .set("ops.listen-address", "off");
    for (int i = 1; i < accountIds.size(); i++) {
      String prefix = "cloudflare.accounts.a" + (i + 1) + ".";
      config
          .set(prefix + "account-id", accountIds.get(i))
          .set(prefix + "api-token", tokens.get(i))
          .set(prefix + "rate-limit.requests-per-5-minutes", "1200");
    }
    for (Map.Entry<String, WebhookReceiver> r : receivers.entrySet()) {
      String name = r.getKey();
      String prefix = "default".equals(name) ? "webhook." : "webhook.endpoints." + name + ".";
      config.set(prefix + "url", r.getValue().url().toString());
      config.set(prefix + "secret", receiverSecrets.get(name).reveal());
    }
  }

  public Path dir() {
    return dir;
  }

  public long seed() {
    return options.seed();
  }

  /** The run's seeded random source: every random timing of a scenario comes from it. */
  public Random random() {
    return random;
  }

  public StreamSimulator simulator() {
    return simulator;
  }

  /** Receivers by endpoint name ({@code default}, {@code e1}, ...). */
  public Map<String, WebhookReceiver> receivers() {
    return receivers;
  }

  public List<String> accountIds() {
    return List.copyOf(accountIds);
  }

  public VideoPlan plan() {
    return plan;
  }

  /** The base configuration: change it before {@link #startDaemon()} to affect later daemons. */
  public DaemonConfig config() {
    return config;
  }

  /**
   * Leaves this endpoint out of the lost-event count, e.g. after it answered 410 Gone and was
   * disabled by design; its webhooks are still checked for signatures and ids.
   */
  public void excludeEndpoint(String name) {
    excluded.add(name);
  }

  /** Writes {@code daemon-N.properties} from {@link #config()} and starts a daemon with it. */
  public DaemonProcess startDaemon() {
    String name = "daemon-" + ++started;
    Path file = config.copy().write(dir.resolve(name + ".properties"));
    DaemonProcess daemon = DaemonProcess.start(name, file, dir);
    daemons.add(daemon);
    return daemon;
  }

  public List<DaemonProcess> startDaemons(int n) {
    List<DaemonProcess> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(startDaemon());
    }
    return list;
  }

  /**
   * Waits until every live daemon finished starting (a daemon that cannot reach the database at
   * start-up exits, by design: inject database faults only after this).
   */
  public void awaitRunning(Duration bound) {
    Awaitility.await()
        .atMost(bound)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> liveDaemons().stream().allMatch(DaemonProcess::isRunning));
  }

  /** Every daemon started so far, dead ones included. */
  public List<DaemonProcess> daemons() {
    return List.copyOf(daemons);
  }

  public List<DaemonProcess> liveDaemons() {
    return daemons.stream().filter(DaemonProcess::isAlive).toList();
  }

  /**
   * Plans {@code n} random videos spread over the accounts, gives them to the simulator and tracks
   * them with a plain INSERT (the daemons are woken by NOTIFY).
   */
  public List<PlannedVideo> addVideos(int n) {
    List<PlannedVideo> added = new ArrayList<>();
    try (Connection c = options.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement("INSERT INTO tracked_video (account_id, video_uid) VALUES (?, ?)")) {
      for (int i = 0; i < n; i++) {
        String account = accountIds.get(random.nextInt(accountIds.size()));
        PlannedVideo video = plan.random(account, Clock.systemUTC().instant(), random);
        simulator.addVideo(account, video.uid(), video.downloads());
        ps.setString(1, account);
        ps.setString(2, video.uid());
        ps.executeUpdate();
        added.add(video);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not track videos", e);
    }
    return added;
  }

  /**
   * Waits until every owed transition is recorded and every counted endpoint received every owed
   * event, at most {@code bound}; false when the bound passed first (the check says what is
   * missing, and {@code diagnostics.txt} in {@link #dir()} what the scheduler and the tables held).
   */
  public boolean awaitSettled(Duration bound) {
    try {
      Awaitility.await()
          .atMost(bound)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> {
                CheckResult probe = check("probe", Map.of(), false);
                return probe.lostEvents() == 0 && probe.lostTransitions() == 0;
              });
      return true;
    } catch (ConditionTimeoutException e) {
      Diagnostics.write(dir(), options.dataSource(), liveDaemons());
      return false;
    }
  }

  /**
   * Runs the checker now (call it while the daemons run), prints its summary line and appends its
   * row to {@code target/faults/report.md}.
   */
  public CheckResult check(Map<String, String> figures) {
    Map<String, String> withScan = new LinkedHashMap<>(figures);
    withScan.put("secretLeaks", Integer.toString(secretLeaks().size()));
    return check(options.scenario(), withScan, true);
  }

  /** Every line of the daemons' output so far that holds a secret of this run, in any encoding. */
  public List<SecretScanner.Finding> secretLeaks() {
    return SecretScanner.of(secrets).scan(outputFiles());
  }

  private CheckResult check(String name, Map<String, String> figures, boolean report) {
    Map<String, List<ReceivedWebhook>> received = new LinkedHashMap<>();
    receivers.forEach((endpoint, receiver) -> received.put(endpoint, receiver.received()));
    // A claim may outlive its lease by one check interval before another instance looks again.
    Duration slack = Duration.parse(config.get("poll.lease")).plusSeconds(2);
    CheckResult result =
        Checker.check(
            name,
            options.seed(),
            options.dataSource(),
            plan,
            simulator.requestLog(),
            received,
            excluded,
            slack,
            figures);
    if (report) {
      FaultReport.append(result);
      writeRequestLog();
    }
    return result;
  }

  /**
   * Writes every request the simulator received to {@code requests.tsv} next to the daemons' logs:
   * arrival, end, how it ended, body bytes, method and path. With the checker's message (video and
   * times) it shows what a video's polls looked like around an overlap or a long gap.
   */
  private void writeRequestLog() {
    StringBuilder tsv = new StringBuilder("at\tendedAt\tending\tbodyBytes\tmethod\tpath\n");
    for (RequestLog.Entry e : simulator.requestLog().entries()) {
      tsv.append(e.at())
          .append('\t')
          .append(e.endedAt() == null ? "-" : e.endedAt().toString())
          .append('\t')
          .append(e.ending().description())
          .append('\t')
          .append(e.bodyBytes())
          .append('\t')
          .append(e.method())
          .append('\t')
          .append(e.path())
          .append('\n');
    }
    try {
      Files.writeString(dir.resolve("requests.tsv"), tsv);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the request log to " + dir, e);
    }
  }

  /**
   * SIGTERMs every live daemon and returns their exit codes in start order; a daemon that outlives
   * {@code bound} is killed and reported as {@code -1}.
   */
  public List<Integer> stopDaemons(Duration bound) {
    List<DaemonProcess> live = liveDaemons();
    live.forEach(DaemonProcess::sigterm);
    List<Integer> codes = new ArrayList<>();
    for (DaemonProcess d : live) {
      try {
        codes.add(d.terminate(bound));
      } catch (IllegalStateException e) {
        codes.add(-1);
      }
    }
    return codes;
  }

  /** The videos a daemon holds claims on now (its claim tokens start with its host and pid). */
  public Set<String> claimedBy(DaemonProcess daemon) {
    Set<String> uids = new HashSet<>();
    try (Connection c = options.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT video_uid FROM tracked_video WHERE starts_with(claimed_by, ?)")) {
      ps.setString(1, daemon.claimPrefix());
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          uids.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("could not read claims", e);
    }
    return uids;
  }

  /** When the simulator first received a request for this video at or after {@code since}. */
  public Optional<Instant> firstRequestAfter(String uid, Instant since) {
    return simulator.requestLog().entries().stream()
        .filter(e -> uid.equals(e.uid()) && !e.at().isBefore(since))
        .map(RequestLog.Entry::at)
        .min(Instant::compareTo);
  }

  /** The secrets of this run: API tokens, webhook secrets and the database password. */
  public List<Secret> secrets() {
    return List.copyOf(secrets);
  }

  /** Every file a daemon wrote its output to. */
  public List<Path> outputFiles() {
    return daemons.stream().flatMap(d -> Stream.of(d.stdout(), d.stderr())).toList();
  }

  /** Kills remaining daemons and stops the simulator and receivers. */
  @Override
  public void close() {
    daemons.forEach(DaemonProcess::close);
    receivers.values().forEach(WebhookReceiver::close);
    simulator.close();
    // Every scenario's whole output, read once the daemons are gone: nothing secret may be there.
    List<SecretScanner.Finding> leaks = secretLeaks();
    if (!leaks.isEmpty()) {
      throw new AssertionError("secrets in the daemons' output: " + leaks);
    }
  }

  private static void recreate(Path dir) {
    try {
      if (Files.exists(dir)) {
        try (Stream<Path> files = Files.walk(dir)) {
          for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
            Files.delete(p);
          }
        }
      }
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot prepare " + dir, e);
    }
  }
}
