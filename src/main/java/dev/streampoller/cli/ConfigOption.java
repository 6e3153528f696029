package dev.streampoller.cli;

import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by every command that needs the configuration. */
final class ConfigOption {
  static final String DEFAULT_PATH = "/etc/stream-poller/stream-poller.properties";

  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description = "Properties file (default: $STREAM_POLLER_CONFIG, else " + DEFAULT_PATH + ").")
  Path config;

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
}
