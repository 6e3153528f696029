package dev.streampoller.config;

import dev.streampoller.config.ConfigKeys.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads every key through its row of the table: environment substitution, stripping, empty values,
 * secrets' {@code -file} twins, the type and the rule of the value. Problems are reported, never
 * thrown, so that all of them are found in one pass. A value that was read is kept (or the default
 * when the key is absent), even if it breaks its rule, so that rules across keys can still compare
 * with it; a value that could not be read is absent.
 */
final class PropertyReader {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Properties props;
  private final Map<String, String> env;
  private final Path baseDir;
  private final Problems problems;
  private final Map<String, Object> values = new HashMap<>();

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

  /** The value of {@code key} as read (or its default); null when unset or unreadable. */
  @SuppressWarnings("unchecked")
  <T> @Nullable T value(String key) {
    return (T) values.get(key);
  }

  /** The value of a setting that has a default or is required, once no problem was found. */
  <T> T get(Setting setting, String scopeName) {
    T value = value(setting.name(scopeName));
    if (value == null) {
      throw new IllegalStateException(setting.name(scopeName) + " should have been reported");
    }
    return value;
  }

  <T> Optional<T> optional(Setting setting, String scopeName) {
    return Optional.ofNullable(value(setting.name(scopeName)));
  }

  /** Reads the setting for the account or endpoint {@code scopeName} (any name for a global). */
  void read(Setting setting, String scopeName) {
    String key = setting.name(scopeName);
    if (setting.secret()) {
      readSecret(setting, key);
      return;
    }
    if (!isSet(key) && setting.required()) {
      problems.add(key, "is required");
    }
    // Absent: the default, if any; set but unreadable (already reported): nothing to parse.
    String text = isSet(key) ? text(key) : setting.defaultText();
    if (text != null) {
      keep(setting, key, setting.type().parse(text, m -> problems.add(key, m)));
    }
  }

  /**
   * A secret given inline or, through its {@code -file} twin, in a file (systemd {@code
   * LoadCredential=}). Setting both is a problem; each is then still read and checked under its own
   * key, so that whichever one the operator keeps, its own problems are already listed.
   */
  private void readSecret(Setting setting, String key) {
    String fileKey = key + ConfigKeys.FILE_SUFFIX;
    if (isSet(key) && isSet(fileKey)) {
      problems.add(key, "set either " + key + " or " + fileKey + ", not both");
      check(setting, key, secretAt(key, false));
      check(setting, fileKey, secretAt(fileKey, true));
    } else if (isSet(fileKey)) {
      keep(setting, key, secretAt(fileKey, true));
    } else if (isSet(key)) {
      keep(setting, key, secretAt(key, false));
    }
  }

  private void keep(Setting setting, String key, @Nullable Object value) {
    check(setting, key, value);
    // A list with an unreadable item cannot be used, though its other items were checked.
    if (value != null && !(value instanceof List<?> list && list.contains(null))) {
      values.put(key, value);
    }
  }

  @SuppressWarnings("unchecked")
  private void check(Setting setting, String key, @Nullable Object value) {
    if (value != null) {
      ((Rule<Object>) setting.rule()).check(value, m -> problems.add(key, m));
    }
  }

  private @Nullable Secret secretAt(String key, boolean file) {
    String text = text(key);
    if (text == null) {
      return null;
    }
    String content = file ? readSecretFile(key, text) : text;
    return content == null ? null : Secret.of(content);
  }

  /** The value after substitution and stripping; null when absent or unreadable (reported). */
  @Nullable String text(String key) {
    String raw = props.getProperty(key);
    if (raw == null) {
      return null;
    }
    String value = substitute(raw, m -> problems.add(key, m));
    if (value == null) {
      return null;
    }
    value = value.strip();
    if (value.isEmpty()) {
      problems.add(key, "is empty; comment the line out to leave the key unset");
      return null;
    }
    return value;
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

  /**
   * Replaces each {@code ${NAME}} by the environment variable NAME; <code>$${</code> stands for a
   * literal <code>${</code>. Reports every missing variable; never quotes the value, which may be a
   * secret.
   */
  private @Nullable String substitute(String raw, Consumer<String> problem) {
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
          problem.accept("has a ${ without a closing } (write $${ for a literal ${)");
          return null;
        }
        String name = raw.substring(i + 2, end);
        String value = ENV_NAME.matcher(name).matches() ? env.get(name) : null;
        if (!ENV_NAME.matcher(name).matches()) {
          problem.accept("has a ${...} that is not an environment variable name");
          ok = false;
        } else if (value == null) {
          problem.accept("environment variable " + name + " is not set");
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
