package dev.streampoller.config;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads typed values out of the properties, reporting every problem to {@link Problems} instead of
 * throwing. Each reader returns null when the value could not be read (the problem is already
 * reported), so the caller can go on and find the remaining problems. Messages name the key and,
 * for non-secret keys, the bad value; never a secret.
 */
final class PropertyReader {
  /** How to turn text into a value, and how to describe what was expected. */
  record Type<T>(String expected, Function<String, T> parse, Function<String, String> display) {}

  static final Type<Duration> DURATION =
      new Type<>("an ISO-8601 duration such as PT5S", Duration::parse, Function.identity());
  static final Type<Integer> INTEGER =
      new Type<>("an integer", Integer::valueOf, Function.identity());
  static final Type<URI> URL = new Type<>("a URL", URI::create, Rules::redactUrl);
  static final Type<String> TEXT = new Type<>("text", Function.identity(), Function.identity());
  // Boolean.parseBoolean would read any typo as false.
  static final Type<Boolean> BOOLEAN =
      new Type<>("true or false", PropertyReader::parseBoolean, Function.identity());

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Properties props;
  private final Map<String, String> env;
  private final Path baseDir;
  private final Problems problems;

  PropertyReader(Properties props, Map<String, String> env, Path baseDir, Problems problems) {
    this.props = props;
    this.env = env;
    this.baseDir = baseDir;
    this.problems = problems;
  }

  boolean isSet(String key) {
    return props.getProperty(key) != null;
  }

  /** Every key set in the file, sorted. */
  Set<String> keys() {
    return new TreeSet<>(props.stringPropertyNames());
  }

  void reportUnknownKeys() {
    for (String name : keys()) {
      Optional<String> badAccountName =
          AccountReader.badName(name).or(() -> WebhookReader.badName(name));
      if (badAccountName.isPresent()) {
        problems.add(name, badAccountName.get());
      } else if (ConfigKeys.find(name).isEmpty()) {
        String hint = ConfigKeys.closest(name).map(k -> "; did you mean " + k + "?").orElse("");
        problems.add(name, "unknown key" + hint);
      }
    }
  }

  /** The value after substitution and stripping; empty when absent; null when unreadable. */
  @Nullable Optional<String> text(String key) {
    String raw = props.getProperty(key);
    if (raw == null) {
      return Optional.empty();
    }
    String value = substitute(key, raw);
    if (value == null) {
      return null;
    }
    value = value.strip();
    if (value.isEmpty()) {
      problems.add(key, "is empty; comment the line out to leave the key unset");
      return null;
    }
    return Optional.of(value);
  }

  @Nullable String required(String key) {
    Optional<String> value = text(key);
    if (value != null && value.isEmpty()) {
      problems.add(key, "is required");
    }
    return value == null ? null : value.orElse(null);
  }

  <T> @Nullable T withDefault(String key, T defaultValue, Type<T> type) {
    Optional<T> value = optional(key, type);
    return value == null ? null : value.orElse(defaultValue);
  }

  <T> @Nullable Optional<T> optional(String key, Type<T> type) {
    Optional<String> text = text(key);
    if (text == null || text.isEmpty()) {
      return text == null ? null : Optional.empty();
    }
    T value = parse(key, text.get(), type, "");
    return value == null ? null : Optional.of(value);
  }

  /**
   * A comma-separated list; absent means {@code defaultValue}; null when any item is unreadable.
   */
  <T> @Nullable List<T> list(String key, List<T> defaultValue, Type<T> type) {
    return allRead(items(key, defaultValue, type));
  }

  /** The items of {@link #items} once every one was read; null when one was not. */
  static <T> @Nullable List<T> allRead(@Nullable List<@Nullable T> items) {
    if (items == null) {
      return null;
    }
    List<T> values = new ArrayList<>(items.size());
    for (T item : items) {
      if (item == null) {
        return null;
      }
      values.add(item);
    }
    return values;
  }

  /**
   * A comma-separated list read item by item: every item that does not parse is reported (by its
   * 1-based position) and is null in the result, so the caller can still check the rules of the
   * others. Absent means {@code defaultValue}; null when the text itself is unreadable.
   */
  <T> @Nullable List<@Nullable T> items(String key, List<T> defaultValue, Type<T> type) {
    Optional<String> text = text(key);
    if (text == null || text.isEmpty()) {
      return text == null ? null : new ArrayList<>(defaultValue);
    }
    String[] parts = text.get().split(",", -1);
    List<@Nullable T> values = new ArrayList<>(parts.length);
    for (int i = 0; i < parts.length; i++) {
      values.add(parse(key, parts[i].strip(), type, "item " + (i + 1) + " "));
    }
    return values;
  }

  /**
   * A secret given inline or, through the {@code -file} twin, in a file (systemd {@code
   * LoadCredential=}); one trailing newline of the file is dropped. Empty when neither is set; null
   * when it cannot be read or both are set (see {@link #secret(String, BiConsumer)}).
   */
  @Nullable Optional<Secret> secret(String key) {
    return secret(key, (from, value) -> {});
  }

  /**
   * As {@link #secret(String)}. Setting both {@code key} and its {@code -file} twin is a problem,
   * and then each of them is still read, so that a missing file or variable is reported in the same
   * pass, and each value read is given to {@code checkEachOfBoth} with the key it came from:
   * whichever one the operator keeps, its own problems are already listed. The result is then null.
   */
  @Nullable Optional<Secret> secret(String key, BiConsumer<String, Secret> checkEachOfBoth) {
    String fileKey = key + ConfigKeys.FILE_SUFFIX;
    if (!isSet(key) || !isSet(fileKey)) {
      return isSet(fileKey) ? fromFile(fileKey) : inline(key);
    }
    problems.add(key, "set either " + key + " or " + fileKey + ", not both");
    Optional<Secret> inline = inline(key);
    Optional<Secret> fromFile = fromFile(fileKey);
    if (inline != null) {
      inline.ifPresent(value -> checkEachOfBoth.accept(key, value));
    }
    if (fromFile != null) {
      fromFile.ifPresent(value -> checkEachOfBoth.accept(fileKey, value));
    }
    return null;
  }

  private @Nullable Optional<Secret> inline(String key) {
    Optional<String> text = text(key);
    return text == null ? null : text.map(Secret::of);
  }

  private @Nullable Optional<Secret> fromFile(String fileKey) {
    Optional<String> path = text(fileKey);
    if (path == null || path.isEmpty()) {
      return path == null ? null : Optional.empty();
    }
    String content = readSecretFile(fileKey, path.get());
    return content == null ? null : Optional.of(Secret.of(content));
  }

  private @Nullable String readSecretFile(String fileKey, String pathText) {
    Path path;
    String content;
    try {
      path = baseDir.resolve(pathText);
    } catch (InvalidPathException e) {
      problems.add(fileKey, "is not a valid path, was '" + pathText + "'");
      return null;
    }
    try {
      content = Files.readString(path, StandardCharsets.UTF_8);
    } catch (IOException e) {
      // The exception type says enough (missing, denied, not UTF-8); its message could quote bytes.
      problems.add(fileKey, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
      return null;
    }
    if (content.endsWith("\r\n")) {
      content = content.substring(0, content.length() - 2);
    } else if (content.endsWith("\n")) {
      content = content.substring(0, content.length() - 1);
    }
    if (content.isBlank()) {
      problems.add(fileKey, "file " + path + " is empty");
      return null;
    }
    return content;
  }

  private static Boolean parseBoolean(String text) {
    if (text.equalsIgnoreCase("true")) {
      return true;
    }
    if (text.equalsIgnoreCase("false")) {
      return false;
    }
    throw new IllegalArgumentException("not a boolean");
  }

  private <T> @Nullable T parse(String key, String text, Type<T> type, String item) {
    try {
      return type.parse().apply(text);
    } catch (RuntimeException e) {
      String shown = type.display().apply(text);
      problems.add(key, item + "must be " + type.expected() + ", was '" + shown + "'");
      return null;
    }
  }

  /**
   * Replaces each {@code ${NAME}} by the environment variable NAME; <code>$${</code> stands for a
   * literal <code>${</code>. Reports every missing variable; never quotes the value, which may be a
   * secret.
   */
  private @Nullable String substitute(String key, String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    boolean ok = true;
    int i = 0;
    while (i < raw.length()) {
      if (raw.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (raw.startsWith("${", i)) {
        int end = raw.indexOf('}', i + 2);
        if (end < 0) {
          problems.add(key, "has a ${ without a closing } (write $${ for a literal ${)");
          return null;
        }
        String name = raw.substring(i + 2, end);
        String value = ENV_NAME.matcher(name).matches() ? env.get(name) : null;
        if (!ENV_NAME.matcher(name).matches()) {
          problems.add(key, "has a ${...} that is not an environment variable name");
          ok = false;
        } else if (value == null) {
          problems.add(key, "environment variable " + name + " is not set");
          ok = false;
        } else {
          out.append(value);
        }
        i = end + 1;
      } else {
        out.append(raw.charAt(i));
        i++;
      }
    }
    return ok ? out.toString() : null;
  }
}
