package dev.streampoller.config;

import java.net.InetSocketAddress;
import java.util.Optional;

/** {@code ops.listen-address} ({@code /metrics}, {@code /health}): empty when off, unresolved. */
public record OpsConfig(Optional<InetSocketAddress> listenAddress) {
  /** The value of {@code ops.listen-address} that turns the listener off. */
  public static final String OFF = "off";

  /** As written in the file: {@code host:port} or {@code off}. */
  @Override
  public String toString() {
    return listenAddress.map(OpsConfig::format).orElse(OFF);
  }

  private static String format(InetSocketAddress address) {
    String host = address.getHostString();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
  }
}
