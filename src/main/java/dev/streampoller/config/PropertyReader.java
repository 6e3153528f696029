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
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Reads every key through its row of the table: {@code ${ENV}} substitution, stripping, secrets'
 * {@code -file} twins, the type and its rules. Problems are reported, never thrown. A value that
 * was read is kept (or the default) even if it breaks a rule, so cross-key rules can still compare
 * with it; a value that could not be read is absent.
 */
final class PropertyReader {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // A literal $${, a reference ${...}, or a ${ without a closing } (the rest of the value).
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}|(\\$\\{.*)", Pattern.DOTALL);

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

  Set<String> keys() {
    return new TreeSet<>(props.stringPropertyNames());
  }

  /** Whether a secret is set, inline or through its {@code -file} twin. */
  boolean isSecretSet(String key) {
    return isSet(key) || isSet(key + ConfigKeys.FILE_SUFFIX);
  }

  /** The value read for {@code scopeName}, or the default; null when unset or unreadable. */
  @SuppressWarnings("unchecked")
  <T> @Nullable T value(Setting setting, String scopeName) {
    return (T) values.get(setting.name(scopeName));
  }

  <T> @Nullable T value(Setting global) {
    return value(global, ConfigKeys.DEFAULT);
  }

  /** The value of a setting that has a default or is required, once no problem was found. */
  <T> T get(Setting setting, String scopeName) {
    return Objects.requireNonNull(
        value(setting, scopeName), () -> setting.name(scopeName) + " should have been reported");
  }

  <T> Optional<T> optional(Setting setting, String scopeName) {
    return Optional.ofNullable(value(setting, scopeName));
  }

  /**
   * Reads the setting for the account or endpoint {@code scopeName}; a secret inline or from the
   * file its {@code -file} twin names (both set: each still checked, neither kept).
   */
  void read(Setting setting, String scopeName) {
    String key = setting.name(scopeName);
    String fileKey = key + ConfigKeys.FILE_SUFFIX;
    boolean inFile = setting.secret() && isSet(fileKey);
    if (inFile && isSet(key)) {
      problems.add(key, "set either " + key + " or " + fileKey + ", not both");
      parse(setting, key, text(key));
      parse(setting, fileKey, fileText(fileKey));
      return;
    }
    if (!isSet(key) && setting.required()) {
      problems.add(key, "is required");
    }
    // Absent: the default, if any; set but unreadable (already reported): nothing to parse.
    String text = inFile ? fileText(fileKey) : isSet(key) ? text(key) : setting.defaultText();
    Object value = parse(setting, key, text);
    // A list with an unreadable item cannot be used, though its other items were checked.
    if (value != null && !(value instanceof List<?> list && list.contains(null))) {
      values.put(key, value);
    }
  }

  private @Nullable Object parse(Setting setting, String key, @Nullable String text) {
    return text == null ? null : setting.type().parse(text, m -> problems.add(key, m));
  }

  /** The value after substitution and stripping; null when absent or unreadable (reported). */
  private @Nullable String text(String key) {
    String raw = props.getProperty(key);
    String value = raw == null ? null : substitute(raw, m -> problems.add(key, m));
    if (value != null && value.isBlank()) {
      problems.add(key, "is empty; comment the line out to leave the key unset");
      return null;
    }
    return value == null ? null : value.strip();
  }

  /** The content of the file {@code fileKey} names; null when unreadable (reported). */
  private @Nullable String fileText(String fileKey) {
    String pathText = text(fileKey);
    if (pathText == null) {
      return null;
    }
    Path path;
    try {
      path = baseDir.resolve(pathText);
    } catch (InvalidPathException e) {
      problems.add(fileKey, "is not a valid path, was '" + pathText + "'");
      return null;
    }
    try {
      String content =
          Files.readString(path, StandardCharsets.UTF_8).replaceFirst("\\r?\\n\\z", "");
      if (!content.isBlank()) {
        return content;
      }
      problems.add(fileKey, "file " + path + " is empty");
    } catch (IOException e) {
      // The exception type says enough (missing, denied, not UTF-8); its message could quote bytes.
      problems.add(fileKey, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
    }
    return null;
  }

  /** Replaces each {@code ${NAME}} by its variable, <code>$${</code> by <code>${</code>. */
  private @Nullable String substitute(String raw, Consumer<String> problem) {
    boolean[] ok = {true};
    String out =
        REFERENCE
            .matcher(raw)
            .replaceAll(
                m -> {
                  String name = m.group(1);
                  String value = name == null ? null : env.get(name);
                  if (m.group().equals("$${")) {
                    return Matcher.quoteReplacement("${");
                  } else if (m.group(2) != null) {
                    problem.accept("has a ${ without a closing } (write $${ for a literal ${)");
                  } else if (!ENV_NAME.matcher(name).matches()) {
                    problem.accept("has a ${...} that is not an environment variable name");
                  } else if (value == null) {
                    problem.accept("environment variable " + name + " is not set");
                  } else {
                    return Matcher.quoteReplacement(value);
                  }
                  ok[0] = false;
                  return "";
                });
    return ok[0] ? out : null;
  }
}
