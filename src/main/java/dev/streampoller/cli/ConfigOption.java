package dev.streampoller.cli;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The {@code --config FILE} option shared by every command that needs the configuration, and the
 * way such a command opens its {@link OperatorSession}.
 */
final class ConfigOption {
  static final String DEFAULT_PATH = "/etc/stream-poller/stream-poller.properties";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Properties file (default: $STREAM_POLLER_CONFIG, else " + DEFAULT_PATH + ").")
  Path config;

  /** The command this option is mixed into (its root holds the clock). */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  Path path() {
    if (config != null) {
      return config;
    }
    String fromEnvironment = System.getenv("STREAM_POLLER_CONFIG");
    return Path.of(
        fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_PATH : fromEnvironment);
  }

  /** Loads and validates the whole file; a problem surfaces as ConfigException (exit 78). */
  AppConfig load() {
    return ConfigLoader.load(path(), System.getenv());
  }

  /**
   * Loads the configuration and opens the command's one session over it ({@code name} names its
   * pool); a configuration problem surfaces as ConfigException (exit 78), before any pool exists.
   */
  OperatorSession open(String name) {
    return OperatorSession.open(load(), clock(), name);
  }

  /** The clock of this command line ({@link Main#clock}). */
  java.time.Clock clock() {
    return ((Main) command.root().userObject()).clock;
  }
}
