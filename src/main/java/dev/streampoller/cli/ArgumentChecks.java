package dev.streampoller.cli;

import dev.streampoller.webhook.WebhookEndpoint;
import java.time.Duration;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks of option values that picocli's types cannot express. Each runs before anything is started
 * or the database is touched, and a failure exits 64 with a message that names the option and the
 * value, like picocli's own conversion errors.
 */
final class ArgumentChecks {
  private static final Pattern ENDPOINT = Pattern.compile("[a-z0-9-]{1,32}");

  private ArgumentChecks() {}

  static void atLeast(CommandSpec spec, String option, long minimum, long value) {
    if (value < minimum) {
      throw usage(spec, option + " must be at least " + minimum + ", was '" + value + "'");
    }
  }

  static void positive(CommandSpec spec, String option, Duration value) {
    if (value.isNegative() || value.isZero()) {
      throw usage(spec, option + " must be a positive duration such as PT2M, was '" + value + "'");
    }
  }

  static void jdbcUrl(CommandSpec spec, String option, @Nullable String url) {
    if (url != null && !url.startsWith("jdbc:postgresql:")) {
      throw usage(
          spec,
          option + " must be a PostgreSQL JDBC URL (jdbc:postgresql://...), was '" + url + "'");
    }
  }

  /** A configured endpoint's name, or {@code @callback} for the videos' own callback URLs. */
  static void endpointName(CommandSpec spec, String option, @Nullable String name) {
    if (name != null
        && !ENDPOINT.matcher(name).matches()
        && !WebhookEndpoint.CALLBACK.equals(name)) {
      throw usage(
          spec,
          option
              + " must be an endpoint name (1 to 32 of a-z, 0-9, -) or "
              + WebhookEndpoint.CALLBACK
              + ", was '"
              + name
              + "'");
    }
  }

  private static CommandLine.ParameterException usage(CommandSpec spec, String message) {
    return new CommandLine.ParameterException(spec.commandLine(), message);
  }
}
