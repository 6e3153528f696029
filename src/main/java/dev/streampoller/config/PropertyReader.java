package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.DEFAULT;

import dev.streampoller.config.ConfigKeys.Scope;
import dev.streampoller.config.ConfigKeys.Scoped;
import dev.streampoller.config.ConfigKeys.Setting;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
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
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One pass over the properties through the key table: unknown keys, the accounts' and endpoints'
 * names, every value ({@code ${ENV}} substitution, stripping, secrets' {@code -file} twins, the
 * type and its rules), then {@link CrossRules}. Problems are collected until {@link #throwIfAny}. A
 * value that was read is kept (or the default) even if it breaks a rule, so cross-key rules can
 * still compare with it; a value that could not be read is absent.
 */
final class PropertyReader {
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  // A literal $${, a reference ${...}, or a ${ without a closing } (the rest of the value).
  private static final Pattern REFERENCE =
      Pattern.compile("\\$\\$\\{|\\$\\{([^}]*)}|(\\$\\{.*)", Pattern.DOTALL);

  private final Properties props;
  private final Map<String, String> env;
  private final Path baseDir;
  private final List<String> problems = new ArrayList<>();
  private final Map<String, Object> values = new HashMap<>();
  // The additional accounts' and endpoints' names, in order.
  private final Map<Scope, Set<String>> named =
      new EnumMap<>(Map.of(Scope.ACCOUNT, new TreeSet<>(), Scope.ENDPOINT, new TreeSet<>()));

  /** Reads everything; {@code repeated} lists each key the file set again, as it did. */
  PropertyReader(Properties props, List<String> repeated, Map<String, String> env, Path baseDir) {
    this.props = props;
    this.env = env;
    this.baseDir = baseDir;
    repeated.forEach(key -> problem(key, "is set more than once"));
    readKeys();
    named.keySet().forEach(this::reportNamedDefault);
    ConfigKeys.walk(this::names, this::read);
    CrossRules.check(this);
  }

  /** A problem of {@code key} (a setting: its global key); with {@code args}, a format. */
  void problem(Object key, String message, Object... args) {
    problems.add(key + ": " + (args.length == 0 ? message : message.formatted(args)));
  }

  /** Throws every problem found, each as {@code key: message (source)}. */
  void throwIfAny(String source) {
    if (!problems.isEmpty()) {
      throw new ConfigException(problems.stream().map(p -> p + " (" + source + ")").toList());
    }
  }

  /**
   * The accounts or endpoints, {@value ConfigKeys#DEFAULT} (the one of the flat keys) first, then
   * by name.
   */
  List<String> names(Scope scope) {
    return Stream.concat(Stream.of(DEFAULT), named.get(scope).stream()).toList();
  }

  boolean isSet(String key) {
    return props.getProperty(key) != null;
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
    return value(global, DEFAULT);
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
   * Reports unknown keys and bad names; only known keys make an additional account or endpoint, so
   * a lone typo is reported as an unknown key.
   */
  private void readKeys() {
    for (String key : new TreeSet<>(props.stringPropertyNames())) {
      Optional<Scoped> scoped = ConfigKeys.scoped(key).filter(Scoped::knownSuffix);
      if (scoped.isPresent() && !scoped.get().validName()) {
        problem(
            key,
            "%s name must be 1 to 32 characters a-z, 0-9 or -, was '%s'",
            scoped.get().scope().noun,
            scoped.get().name());
      } else if (scoped.isPresent() && !scoped.get().name().equals(DEFAULT)) {
        named.get(scoped.get().scope()).add(scoped.get().name());
      } else if (ConfigKeys.find(key).isEmpty()) {
        String hint = ConfigKeys.closest(key).map(k -> "; did you mean " + k + "?").orElse("");
        problem(key, "unknown key" + hint);
      }
    }
  }

  private void reportNamedDefault(Scope scope) {
    for (String suffix : ConfigKeys.suffixes(scope)) {
      if (isSet(scope.namedKey(DEFAULT, suffix))) {
        problem(
            scope.namedKey(DEFAULT, suffix),
            "the %1$s named default is the one of the %2$s keys; set %3$s instead, or give this"
                + " %1$s another name",
            scope.noun,
            scope.key(DEFAULT, "*"),
            scope.key(DEFAULT, suffix));
      }
    }
  }

  /**
   * Reads the setting for the account or endpoint {@code scopeName}; a secret inline or from the
   * file its {@code -file} twin names (both set: each still checked, neither kept).
   */
  private void read(Setting setting, String scopeName) {
    String key = setting.name(scopeName);
    String fileKey = key + ConfigKeys.FILE_SUFFIX;
    boolean inFile = setting.secret() && isSet(fileKey);
    if (inFile && isSet(key)) {
      problem(key, "set either " + key + " or " + fileKey + ", not both");
      parse(setting, key, text(key));
      parse(setting, fileKey, fileText(fileKey));
      return;
    }
    if (!isSet(key) && setting.required()) {
      problem(key, "is required");
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
    return text == null ? null : setting.type().parse(text, m -> problem(key, m));
  }

  /** The value after substitution and stripping; null when absent or unreadable (reported). */
  private @Nullable String text(String key) {
    String raw = props.getProperty(key);
    String value = raw == null ? null : substitute(raw, m -> problem(key, m));
    if (value != null && value.isBlank()) {
      problem(key, "is empty; comment the line out to leave the key unset");
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
      problem(fileKey, "is not a valid path, was '" + pathText + "'");
      return null;
    }
    try {
      String content =
          Files.readString(path, StandardCharsets.UTF_8).replaceFirst("\\r?\\n\\z", "");
      if (!content.isBlank()) {
        return content;
      }
      problem(fileKey, "file " + path + " is empty");
    } catch (IOException e) {
      // The exception type says enough (missing, denied, not UTF-8); its message could quote bytes.
      problem(fileKey, "cannot read " + path + " (" + e.getClass().getSimpleName() + ")");
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
