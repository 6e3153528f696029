package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_ACCOUNT_ID;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_API_BASE_URL;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_CONNECT_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_REQUESTS_PER_5_MINUTES;
import static dev.streampoller.config.ConfigKeys.CLOUDFLARE_RESPONSE_TIMEOUT;
import static dev.streampoller.config.ConfigKeys.DATABASE_PASSWORD;
import static dev.streampoller.config.ConfigKeys.DATABASE_POOL_SIZE;
import static dev.streampoller.config.ConfigKeys.DATABASE_URL;
import static dev.streampoller.config.ConfigKeys.DATABASE_USER;
import static dev.streampoller.config.ConfigKeys.OPS_LISTEN_ADDRESS;
import static dev.streampoller.config.ConfigKeys.POLL_BATCH_SIZE;
import static dev.streampoller.config.ConfigKeys.POLL_CHECK_INTERVAL;
import static dev.streampoller.config.ConfigKeys.POLL_GIVE_UP_AFTER;
import static dev.streampoller.config.ConfigKeys.POLL_LEASE;
import static dev.streampoller.config.ConfigKeys.POLL_MAX_INTERVAL;
import static dev.streampoller.config.ConfigKeys.POLL_MIN_INTERVAL;
import static dev.streampoller.config.ConfigKeys.SCHEDULER_INSTANCE_ID;
import static dev.streampoller.config.ConfigKeys.SCHEDULER_THREADS;
import static dev.streampoller.config.PropertyReader.DURATION;
import static dev.streampoller.config.PropertyReader.INTEGER;
import static dev.streampoller.config.PropertyReader.TEXT;
import static dev.streampoller.config.PropertyReader.URL;

import java.io.IOException;
import java.io.Reader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/**
 * Turns one properties file into an {@link AppConfig}, validating everything first and reporting
 * every problem at once in a {@link ConfigException}.
 *
 * <ul>
 *   <li>{@code ${NAME}} anywhere in a value is replaced by the environment variable NAME; a missing
 *       variable is a problem. <code>$${</code> is a literal <code>${</code>.
 *   <li>Values are stripped of surrounding blanks. An empty value is a problem: comment the line
 *       out to use the default.
 *   <li>A secret key's {@code -file} twin names a file holding the secret (one trailing newline is
 *       dropped); a relative path is resolved against the configuration file's directory (or the
 *       working directory for {@link #fromProperties}). Setting both is a problem.
 *   <li>Unknown keys are problems, with the nearest known key suggested.
 * </ul>
 *
 * <p>Stateless and thread-safe.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /**
   * Loads and validates {@code file} (UTF-8). {@code env} is the environment for {@code ${NAME}}
   * references, normally {@link System#getenv()}.
   *
   * @throws ConfigException listing every problem, including a missing or unreadable file
   */
  public static AppConfig load(Path file, Map<String, String> env) {
    @Nullable String source = file.toString();
    Problems problems = new Problems();
    Properties props =
        new Properties() {
          @Override
          public synchronized @Nullable Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null) {
              problems.add(key.toString(), "is set more than once");
            }
            return previous;
          }
        };
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (NoSuchFileException e) {
      throw new ConfigException(List.of("configuration file: not found (" + source + ")"));
    } catch (CharacterCodingException e) {
      throw new ConfigException(
          List.of(
              "configuration file: is not UTF-8 text (save it as UTF-8; ASCII is UTF-8 too) ("
                  + source
                  + ")"));
    } catch (IOException | IllegalArgumentException e) {
      throw new ConfigException(
          List.of(
              "configuration file: cannot read, "
                  + e.getClass().getSimpleName()
                  + " ("
                  + source
                  + ")"));
    }
    Path parent = file.toAbsolutePath().getParent();
    return parse(props, source, env, parent == null ? Path.of("") : parent, problems);
  }

  /**
   * Validates properties already in memory; {@code sourceName} names their origin in messages.
   *
   * @throws ConfigException listing every problem
   */
  public static AppConfig fromProperties(
      Properties props, String sourceName, Map<String, String> env) {
    return parse(props, sourceName, env, Path.of("").toAbsolutePath(), new Problems());
  }

  private static AppConfig parse(
      Properties props, String source, Map<String, String> env, Path baseDir, Problems problems) {
    PropertyReader in = new PropertyReader(props, env, baseDir, problems);
    in.reportUnknownKeys();

    @Nullable URI apiBaseUrl =
        in.withDefault(CLOUDFLARE_API_BASE_URL, CloudflareConfig.DEFAULT_API_BASE_URL, URL);
    @Nullable String accountId = in.required(CLOUDFLARE_ACCOUNT_ID);
    @Nullable CloudflareCredential credential =
        CredentialReader.read(in, problems, AccountKeys.primary());
    @Nullable Integer budget =
        in.withDefault(
            CLOUDFLARE_REQUESTS_PER_5_MINUTES,
            CloudflareConfig.DEFAULT_REQUESTS_PER_FIVE_MINUTES,
            INTEGER);
    @Nullable Duration connect =
        in.withDefault(
            CLOUDFLARE_CONNECT_TIMEOUT, CloudflareConfig.DEFAULT_CONNECT_TIMEOUT, DURATION);
    @Nullable Duration response =
        in.withDefault(
            CLOUDFLARE_RESPONSE_TIMEOUT, CloudflareConfig.DEFAULT_RESPONSE_TIMEOUT, DURATION);
    CloudflareConfig.validate(problems, apiBaseUrl, accountId, connect, response, budget);
    List<AccountRules.Entry> accounts = new ArrayList<>();
    accounts.add(new AccountRules.Entry(AccountKeys.primary(), accountId, credential, budget));
    List<AccountRules.Entry> additional = AccountReader.read(in, problems);
    accounts.addAll(additional);
    AccountRules.validate(problems, accounts);

    @Nullable String dbUrl = in.required(DATABASE_URL);
    @Nullable Optional<String> dbUser = in.text(DATABASE_USER);
    @Nullable Optional<Secret> dbPassword = in.secret(DATABASE_PASSWORD);
    @Nullable Integer poolSize =
        in.withDefault(DATABASE_POOL_SIZE, DatabaseConfig.DEFAULT_POOL_SIZE, INTEGER);
    DatabaseConfig.validate(problems, dbUrl, dbUser, poolSize);

    @Nullable Duration minInterval =
        in.withDefault(POLL_MIN_INTERVAL, PollConfig.DEFAULT_MIN_INTERVAL, DURATION);
    @Nullable Duration maxInterval =
        in.withDefault(POLL_MAX_INTERVAL, PollConfig.DEFAULT_MAX_INTERVAL, DURATION);
    @Nullable Duration giveUp =
        in.withDefault(POLL_GIVE_UP_AFTER, PollConfig.DEFAULT_GIVE_UP_AFTER, DURATION);
    @Nullable Duration pollLease = in.withDefault(POLL_LEASE, PollConfig.DEFAULT_LEASE, DURATION);
    @Nullable Integer pollBatch =
        in.withDefault(POLL_BATCH_SIZE, PollConfig.DEFAULT_BATCH_SIZE, INTEGER);
    @Nullable Duration pollCheck =
        in.withDefault(POLL_CHECK_INTERVAL, PollConfig.DEFAULT_CHECK_INTERVAL, DURATION);
    PollConfig.validate(
        problems, minInterval, maxInterval, giveUp, pollLease, pollBatch, pollCheck);

    WebhookReader.Read webhook = WebhookReader.read(in, problems);
    AppConfig.validateEndpointAccounts(
        problems,
        accounts.stream().map(AccountRules.Entry::accountId).toList(),
        webhook.endpoints().stream()
            .map(e -> new AppConfig.EndpointAccounts(e.keys(), e.accounts()))
            .toList());

    @Nullable Integer threads =
        in.withDefault(SCHEDULER_THREADS, SchedulerConfig.DEFAULT_THREADS, INTEGER);
    @Nullable String instanceId =
        in.withDefault(SCHEDULER_INSTANCE_ID, SchedulerConfig.DEFAULT_INSTANCE_ID, TEXT);
    SchedulerConfig.validate(problems, threads, instanceId);

    @Nullable Optional<InetSocketAddress> listenAddress =
        OpsConfig.parse(
            problems, in.withDefault(OPS_LISTEN_ADDRESS, OpsConfig.DEFAULT_LISTEN_ADDRESS, TEXT));

    AppConfig.validate(problems, pollLease, connect, response);
    problems.throwIfAny(source);

    // Every value below is non-null: a null was reported as a problem, and we threw above.
    return new AppConfig(
        new CloudflareConfig(
            ok(apiBaseUrl),
            ok(accountId),
            ok(credential),
            ok(connect),
            ok(response),
            ok(budget),
            AccountReader.toConfigs(additional)),
        new DatabaseConfig(ok(dbUrl), ok(dbUser), ok(dbPassword), ok(poolSize)),
        new PollConfig(
            ok(minInterval),
            ok(maxInterval),
            ok(giveUp),
            ok(pollLease),
            ok(pollBatch),
            ok(pollCheck)),
        webhook.toConfig(),
        new SchedulerConfig(ok(threads), ok(instanceId)),
        new OpsConfig(ok(listenAddress)));
  }

  private static <T> T ok(@Nullable T value) {
    return Objects.requireNonNull(value, "a missing value must have been reported as a problem");
  }
}
