package dev.streampoller.config;

import java.util.List;

/**
 * The configuration is unusable. {@link #problems()} lists every problem found, each as {@code
 * <key>: <what is wrong> (<file>)}, so an operator can fix them all in one go. Messages never
 * contain a secret value.
 */
public final class ConfigException extends IllegalArgumentException {
  private final List<String> problems;

  /** A configuration error made of one or more problems; {@code problems} must not be empty. */
  public ConfigException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order found. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
    return problems.size() == 1
        ? "invalid configuration: " + problems.get(0)
        : "invalid configuration (%d problems):\n  - %s"
            .formatted(problems.size(), String.join("\n  - ", problems));
  }
}
