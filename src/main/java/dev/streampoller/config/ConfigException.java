package dev.streampoller.config;

import java.util.List;

/** The configuration is unusable: every problem, as {@code <key>: <what is wrong> (<file>)}. */
public final class ConfigException extends IllegalArgumentException {
  private final List<String> problems;

  public ConfigException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

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
