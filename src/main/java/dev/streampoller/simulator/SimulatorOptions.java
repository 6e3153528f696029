package dev.streampoller.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * How a {@link StreamSimulator} behaves. Build one with {@link #builder()}.
 *
 * @param clock the time source; download progress and rate-limit windows are computed from it at
 *     request time, so a settable clock makes tests deterministic
 * @param apiTokens accepted {@code Authorization: Bearer} tokens
 * @param apiKeys accepted {@code X-Auth-Email} to {@code X-Auth-Key} pairs
 * @param accountIds known account ids (accounts of added videos become known too)
 * @param rateLimitPerFiveMinutes requests allowed per credential per five minutes, 0 for no limit
 * @param rateLimitHeaders whether responses carry {@code X-RateLimit-Limit/Remaining}
 * @param extraFields whether responses carry fields a client does not know, to prove it ignores
 *     them
 * @param port the loopback port, 0 for an ephemeral one
 * @param defaultBuildDuration how long a download created by {@code POST} takes to become ready
 * @param randomFaultRate probability (0 to 1) that a request fails with a random fault, for the
 *     demo
 * @param randomSeed seed of the random faults
 * @param threads size of the server's thread pool
 * @param tokensWithoutStream accepted {@code Authorization: Bearer} tokens that lack the Stream
 *     permissions: {@code tokens/verify} accepts them, every Stream route answers 403 with code
 *     10000, as Cloudflare does for a token without <i>Stream Read</i>
 */
public record SimulatorOptions(
    Clock clock,
    Set<String> apiTokens,
    Map<String, String> apiKeys,
    Set<String> accountIds,
    int rateLimitPerFiveMinutes,
    boolean rateLimitHeaders,
    boolean extraFields,
    int port,
    Duration defaultBuildDuration,
    double randomFaultRate,
    long randomSeed,
    int threads,
    Set<String> tokensWithoutStream) {

  /** Cloudflare's own limit, used for the headers when no artificial limit is set. */
  public static final int CLOUDFLARE_LIMIT_PER_FIVE_MINUTES = 1200;

  public static final Duration DEFAULT_BUILD_DURATION = Duration.ofSeconds(30);
  public static final int DEFAULT_THREADS = 8;

  public SimulatorOptions {
    Objects.requireNonNull(clock, "clock");
    apiTokens = Set.copyOf(apiTokens);
    tokensWithoutStream = Set.copyOf(tokensWithoutStream);
    apiKeys = Map.copyOf(apiKeys);
    accountIds = Set.copyOf(accountIds);
    Objects.requireNonNull(defaultBuildDuration, "defaultBuildDuration");
    if (rateLimitPerFiveMinutes < 0) {
      throw new IllegalArgumentException(
          "rateLimitPerFiveMinutes must be >= 0, was " + rateLimitPerFiveMinutes);
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0-65535, was " + port);
    }
    if (defaultBuildDuration.isNegative()) {
      throw new IllegalArgumentException("defaultBuildDuration must not be negative");
    }
    if (!(randomFaultRate >= 0.0 && randomFaultRate <= 1.0)) {
      throw new IllegalArgumentException("randomFaultRate must be 0-1, was " + randomFaultRate);
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be >= 1, was " + threads);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder; defaults: system UTC clock, no credentials, no limit, ephemeral port. */
  public static final class Builder {
    private Clock clock = Clock.systemUTC();
    private final Set<String> apiTokens = new LinkedHashSet<>();
    private final Map<String, String> apiKeys = new LinkedHashMap<>();
    private final Set<String> accountIds = new LinkedHashSet<>();
    private int rateLimitPerFiveMinutes;
    private boolean rateLimitHeaders;
    private boolean extraFields;
    private int port;
    private Duration defaultBuildDuration = DEFAULT_BUILD_DURATION;
    private double randomFaultRate;
    private long randomSeed = 42L;
    private int threads = DEFAULT_THREADS;
    private final Set<String> tokensWithoutStream = new LinkedHashSet<>();

    private Builder() {}

    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    public Builder apiToken(String token) {
      apiTokens.add(token);
      return this;
    }

    /**
     * A token that is valid but lacks the Stream permissions (see {@link #tokensWithoutStream}).
     */
    public Builder apiTokenWithoutStream(String token) {
      tokensWithoutStream.add(token);
      return this;
    }

    public Builder apiKey(String email, String key) {
      apiKeys.put(email, key);
      return this;
    }

    public Builder account(String accountId) {
      accountIds.add(accountId);
      return this;
    }

    public Builder rateLimitPerFiveMinutes(int limit) {
      this.rateLimitPerFiveMinutes = limit;
      return this;
    }

    public Builder rateLimitHeaders(boolean enabled) {
      this.rateLimitHeaders = enabled;
      return this;
    }

    public Builder extraFields(boolean enabled) {
      this.extraFields = enabled;
      return this;
    }

    public Builder port(int port) {
      this.port = port;
      return this;
    }

    public Builder defaultBuildDuration(Duration duration) {
      this.defaultBuildDuration = duration;
      return this;
    }

    public Builder randomFaults(double rate, long seed) {
      this.randomFaultRate = rate;
      this.randomSeed = seed;
      return this;
    }

    public Builder threads(int threads) {
      this.threads = threads;
      return this;
    }

    public SimulatorOptions build() {
      return new SimulatorOptions(
          clock,
          apiTokens,
          apiKeys,
          accountIds,
          rateLimitPerFiveMinutes,
          rateLimitHeaders,
          extraFields,
          port,
          defaultBuildDuration,
          randomFaultRate,
          randomSeed,
          threads,
          tokensWithoutStream);
    }
  }
}
