package dev.streampoller.discovery;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.config.AccountConfig;
import dev.streampoller.config.CloudflareCredential;
import dev.streampoller.config.Secret;
import dev.streampoller.db.Database;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.SimulatorOptions;
import dev.streampoller.simulator.StreamSimulator;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import dev.streampoller.webhook.WebhookRoutes;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * One account with auto-track on the simulator and the test database, sharing a settable clock;
 * each {@link #round} is a fresh instance (as after a restart) with its own owner name.
 */
final class DiscoveryFixture implements AutoCloseable {
  static final String ACCOUNT = "acc1";
  static final String TOKEN = "cfut_test-token-value";
  static final Duration INTERVAL = Duration.ofMinutes(1);

  final MutableClock clock = MutableClock.at("2026-03-01T10:00:00Z");
  final Database database = new Database(PostgresExtension.dataSource());
  final StreamSimulator simulator;
  final CloudflareClient client;
  final SimpleMeterRegistry metrics = new SimpleMeterRegistry();
  private final int budget;

  DiscoveryFixture(int budgetPerFiveMinutes) {
    this.budget = budgetPerFiveMinutes;
    simulator =
        StreamSimulator.start(
            SimulatorOptions.builder()
                .clock(clock)
                .apiToken(TOKEN)
                .account(ACCOUNT)
                .rateLimitPerFiveMinutes(100_000)
                .build());
    client =
        new CloudflareClient(
            simulator.baseUrl(),
            new CloudflareCredential.ApiToken(Secret.of(TOKEN)),
            Duration.ofSeconds(2),
            Duration.ofSeconds(5),
            "test",
            clock);
  }

  DiscoveryFixture() {
    this(1200);
  }

  static AccountConfig.AutoTrack autoTrack(List<String> downloads, Optional<Instant> since) {
    return new AccountConfig.AutoTrack(
        true, downloads, INTERVAL, since, Duration.ofHours(1), Optional.empty(), Optional.empty());
  }

  AccountConfig account(AccountConfig.AutoTrack autoTrack) {
    return new AccountConfig(
        "default", ACCOUNT, new CloudflareCredential.ApiToken(Secret.of(TOKEN)), budget, autoTrack);
  }

  DiscoveryRound round(String owner, AccountConfig.AutoTrack autoTrack) {
    return new DiscoveryRound(
        database,
        List.of(new DiscoveredAccount(account(autoTrack), client, List.of(ACCOUNT))),
        new WebhookRoutes(List.of(), Optional.empty()),
        owner,
        clock,
        metrics);
  }

  /** Uploads {@code count} videos ready at once, named {@code prefix0...}. */
  void upload(String prefix, int count) {
    for (int i = 0; i < count; i++) {
      simulator.upload(ACCOUNT, prefix + i, "", "", Duration.ZERO);
    }
  }

  long count(String sql) {
    return database.inTransaction(
        c -> {
          try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
          }
        });
  }

  String text(String sql) {
    return database.inTransaction(
        c -> {
          try (var rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return String.valueOf(rs.getString(1));
          }
        });
  }

  /** List requests the simulator received. */
  long listRequests() {
    return simulator.requestLog().entries().stream()
        .map(RequestLog.Entry::path)
        .filter(path -> path.endsWith("/stream"))
        .count();
  }

  @Override
  public void close() {
    client.close();
    simulator.close();
  }
}
