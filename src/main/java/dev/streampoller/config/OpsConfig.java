package dev.streampoller.config;

import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The operations listener ({@code /metrics}, {@code /health}) of {@code ops.listen-address}: empty
 * when off, else kept unresolved so that loading never waits on DNS; it is resolved when bound.
 */
public record OpsConfig(Optional<InetSocketAddress> listenAddress) {
  /** The value of {@code ops.listen-address} that turns the listener off. */
  public static final String OFF = "off";

  /** The address as written in the properties file: {@code host:port} or {@code off}. */
  public String describe() {
    return listenAddress.map(OpsConfig::format).orElse(OFF);
  }

  private static String format(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
