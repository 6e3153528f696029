package dev.streampoller.config;

import static dev.streampoller.config.ConfigKeys.OPS_LISTEN_ADDRESS;

import java.net.InetSocketAddress;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The operations listener: Prometheus {@code /metrics} and {@code /health}.
 *
 * @param listenAddress where the listener binds; empty when it is off. The address is kept
 *     unresolved, so loading the configuration never waits on DNS; it is resolved when bound.
 */
public record OpsConfig(Optional<InetSocketAddress> listenAddress) {
  /** Loopback only: metrics are not for the whole network unless the operator says so. */
  public static final String DEFAULT_LISTEN_ADDRESS = "127.0.0.1:9464";

  /** The value of {@code ops.listen-address} that turns the listener off. */
  public static final String OFF = "off";

  public static final int MIN_PORT = 1;
  public static final int MAX_PORT = 65535;

  /** Validates the address; throws {@link ConfigException} listing all problems. */
  public OpsConfig {
    Objects.requireNonNull(listenAddress, "listenAddress");
    Problems problems = new Problems();
    listenAddress.ifPresent(a -> validate(problems, a.getHostString(), a.getPort()));
    problems.throwIfAny(null);
  }

  /** The listener on {@value #DEFAULT_LISTEN_ADDRESS}. */
  public static OpsConfig defaults() {
    return new OpsConfig(Optional.of(InetSocketAddress.createUnresolved("127.0.0.1", 9464)));
  }

  /** No listener. */
  public static OpsConfig disabled() {
    return new OpsConfig(Optional.empty());
  }

  /** The address as written in the properties file: {@code host:port} or {@code off}. */
  public String describe() {
    return listenAddress.map(OpsConfig::format).orElse(OFF);
  }

  private static String format(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }

  /**
   * Parses {@code host:port} ({@code [v6-address]:port} for IPv6) or {@code off}; reports every
   * problem of the host and of the port (one does not hide the other) and returns null when the
   * text is not valid.
   */
  static @Nullable Optional<InetSocketAddress> parse(Problems p, @Nullable String text) {
    if (text == null) {
      return null;
    }
    if (text.toLowerCase(Locale.ROOT).equals(OFF)) {
      return Optional.empty();
    }
    int colon = text.lastIndexOf(':');
    if (colon < 0) {
      p.add(OPS_LISTEN_ADDRESS, "must be host:port or " + OFF + ", was '" + text + "'");
      return null;
    }
    String host = text.substring(0, colon).strip();
    boolean hostOk;
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
      hostOk = validateHost(p, host);
    } else if (host.contains(":")) {
      p.add(OPS_LISTEN_ADDRESS, "an IPv6 address must be in brackets, was '" + text + "'");
      hostOk = false;
    } else {
      hostOk = validateHost(p, host);
    }
    boolean portOk;
    int port = 0;
    try {
      port = Integer.parseInt(text.substring(colon + 1).strip());
      portOk = validatePort(p, port);
    } catch (NumberFormatException e) {
      p.add(OPS_LISTEN_ADDRESS, "port must be an integer, was '" + text + "'");
      portOk = false;
    }
    return hostOk && portOk ? Optional.of(InetSocketAddress.createUnresolved(host, port)) : null;
  }

  /** Reports what is wrong; true when nothing is. */
  private static boolean validate(Problems p, String host, int port) {
    boolean hostOk = validateHost(p, host);
    return validatePort(p, port) && hostOk;
  }

  private static boolean validateHost(Problems p, String host) {
    if (host.isBlank()) {
      p.add(OPS_LISTEN_ADDRESS, "host must not be empty");
      return false;
    }
    if (host.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
      p.add(OPS_LISTEN_ADDRESS, "host must not contain blanks, was '" + host + "'");
      return false;
    }
    return true;
  }

  private static boolean validatePort(Problems p, int port) {
    if (port < MIN_PORT || port > MAX_PORT) {
      p.add(
          OPS_LISTEN_ADDRESS,
          "port must be between " + MIN_PORT + " and " + MAX_PORT + ", was " + port);
      return false;
    }
    return true;
  }
}
