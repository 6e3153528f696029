package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.*;

import dev.streampoller.config.ConfigKeys.Scope;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Turns one properties file into an {@link AppConfig}, reporting every problem at once in a {@link
 * ConfigException} (every key as {@link PropertyReader} reads it), then builds plain records from
 * the known-good values. A relative {@code -file} path is resolved against the file's directory, or
 * the working directory for {@link #fromProperties}.
 */
public final class ConfigLoader {
  private ConfigLoader() {}

  /** Loads {@code file} (UTF-8); {@code env} resolves {@code ${NAME}}, normally the process's. */
  public static AppConfig load(Path file, Map<String, String> env) {
    String source = file.toString();
    List<String> repeated = new ArrayList<>();
    Properties props =
        new Properties() {
          @Override
          public synchronized @Nullable Object put(Object key, Object value) {
            Object previous = super.put(key, value);
            if (previous != null) {
              repeated.add(key.toString());
            }
            return previous;
          }
        };
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      props.load(reader);
    } catch (NoSuchFileException e) {
      throw fileProblem("not found", source);
    } catch (CharacterCodingException e) {
      throw fileProblem("is not UTF-8 text (save it as UTF-8; ASCII is UTF-8 too)", source);
    } catch (IOException | IllegalArgumentException e) {
      throw fileProblem("cannot read, " + e.getClass().getSimpleName(), source);
    }
    Path parent = file.toAbsolutePath().getParent();
    Path dir = parent == null ? Path.of("") : parent;
    return build(new PropertyReader(props, repeated, env, dir), source);
  }

  private static ConfigException fileProblem(String problem, String source) {
    return new ConfigException(List.of("configuration file: " + problem + " (" + source + ")"));
  }

  /** Validates properties already in memory; {@code sourceName} names them in messages. */
  public static AppConfig fromProperties(
      Properties props, String sourceName, Map<String, String> env) {
    Path dir = Path.of("").toAbsolutePath();
    return build(new PropertyReader(props, List.of(), env, dir), sourceName);
  }

  /** A configuration made in code (demo, bench, tests), loaded as a file would be. */
  public static Builder builder(String sourceName) {
    return new Builder(sourceName);
  }

  /** Key/value pairs for {@link ConfigLoader#builder}. */
  public static final class Builder {
    private final Properties props = new Properties();
    private final String source;

    private Builder(String source) {
      this.source = source;
    }

    /** Sets {@code key} to a value's text, a secret's value or items joined by commas. */
    public Builder set(String key, Object value) {
      String text =
          value instanceof Secret secret
              ? secret.reveal()
              : value instanceof Collection<?> items
                  ? items.stream().map(Object::toString).collect(Collectors.joining(","))
                  : value.toString();
      props.setProperty(key, text.replace("${", "$${"));
      return this;
    }

    public AppConfig build() {
      return fromProperties(props, source, Map.of());
    }
  }

  /** Throws every problem found; else builds the records from the known-good values. */
  private static AppConfig build(PropertyReader in, String source) {
    in.throwIfAny(source);
    return new AppConfig(
        new CloudflareConfig(
            in.get(API_BASE_URL, DEFAULT),
            in.get(CONNECT_TIMEOUT, DEFAULT),
            in.get(RESPONSE_TIMEOUT, DEFAULT),
            in.names(Scope.ACCOUNT).stream().map(name -> account(in, name)).toList()),
        new DatabaseConfig(
            in.get(DATABASE_URL, DEFAULT),
            in.optional(DATABASE_USER, DEFAULT),
            in.optional(DATABASE_PASSWORD, DEFAULT),
            in.get(DATABASE_POOL_SIZE, DEFAULT)),
        new PollConfig(
            in.get(POLL_MIN_INTERVAL, DEFAULT),
            in.get(POLL_MAX_INTERVAL, DEFAULT),
            in.get(POLL_GIVE_UP_AFTER, DEFAULT),
            in.get(POLL_LEASE, DEFAULT),
            in.get(POLL_BATCH_SIZE, DEFAULT),
            in.get(POLL_CHECK_INTERVAL, DEFAULT)),
        new WebhookConfig(
            in.names(Scope.ENDPOINT).stream()
                .filter(name -> CrossRules.hasEndpoint(in, name))
                .map(name -> endpoint(in, name))
                .toList(),
            in.<Secret>optional(WEBHOOK_CALLBACK_SECRET, DEFAULT)
                .or(() -> in.optional(ENDPOINT_SECRET, DEFAULT)),
            in.get(WEBHOOK_RETRY_SCHEDULE, DEFAULT),
            in.get(WEBHOOK_TIMEOUT, DEFAULT),
            in.get(WEBHOOK_MAX_CONCURRENCY, DEFAULT),
            in.get(WEBHOOK_ENDPOINT_CONCURRENCY, DEFAULT),
            in.get(WEBHOOK_BATCH_SIZE, DEFAULT),
            in.get(WEBHOOK_CHECK_INTERVAL, DEFAULT),
            in.get(WEBHOOK_LEASE, DEFAULT)),
        new SchedulerConfig(
            in.get(SCHEDULER_THREADS, DEFAULT), in.get(SCHEDULER_INSTANCE_ID, DEFAULT)),
        in.get(OPS_LISTEN_ADDRESS, DEFAULT),
        ConfigDescriber.describe(in));
  }

  private static AccountConfig account(PropertyReader in, String name) {
    return new AccountConfig(
        name,
        in.get(ACCOUNT_ID, name),
        Objects.requireNonNull(CrossRules.credential(in, name)),
        in.get(REQUESTS_PER_5_MINUTES, name),
        new AccountConfig.AutoTrack(
            in.get(AUTO_TRACK_ENABLED, name),
            in.<List<String>>get(AUTO_TRACK_DOWNLOADS, name).stream()
                .filter(t -> !t.equals("none"))
                .toList(),
            in.get(AUTO_TRACK_INTERVAL, name),
            in.optional(AUTO_TRACK_SINCE, name),
            in.get(AUTO_TRACK_LOOK_BACK, name),
            in.optional(AUTO_TRACK_CREATOR, name),
            in.optional(AUTO_TRACK_SEARCH, name)));
  }

  private static WebhookEndpointConfig endpoint(PropertyReader in, String name) {
    return new WebhookEndpointConfig(
        name,
        in.get(ENDPOINT_URL, name),
        in.get(ENDPOINT_SECRET, name),
        in.optional(ENDPOINT_PREVIOUS_SECRET, name),
        set(in.get(ENDPOINT_EVENTS, name)),
        set(in.<List<String>>optional(ENDPOINT_ACCOUNTS, name).orElse(List.of())),
        in.get(ENDPOINT_CLOUDFLARE_SIGNATURE, name));
  }

  private static Set<String> set(List<String> items) {
    return Collections.unmodifiableSet(new LinkedHashSet<>(items));
  }
}
