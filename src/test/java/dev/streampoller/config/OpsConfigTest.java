package dev.streampoller.config;

import static dev.streampoller.config.TestConfigs.minimal;
import static dev.streampoller.config.TestConfigs.minimalWith;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code ops.listen-address}: the metrics and health listener. */
class OpsConfigTest {

  private static Optional<InetSocketAddress> listenAddressOf(String value) {
    return TestConfigs.load(minimalWith("ops.listen-address", value)).ops().listenAddress();
  }

  @Test
  void shouldListenOnLoopbackPort9464ByDefault() {
    InetSocketAddress address = TestConfigs.load(minimal()).ops().listenAddress().orElseThrow();

    assertThat(address.getHostString()).isEqualTo("127.0.0.1");
    assertThat(address.getPort()).isEqualTo(9464);
  }

  @Test
  void shouldTurnTheListenerOffWithOff() {
    assertThat(listenAddressOf("off")).isEmpty();
    assertThat(listenAddressOf("OFF")).isEmpty();
  }

  @Test
  void shouldReadAHostAndAPortWithoutResolvingTheHost() {
    InetSocketAddress address = listenAddressOf("metrics.invalid:65535").orElseThrow();

    assertThat(address.isUnresolved()).isTrue();
    assertThat(address.getHostString()).isEqualTo("metrics.invalid");
    assertThat(address.getPort()).isEqualTo(65535);
  }

  @Test
  void shouldReadABracketedIpv6Address() {
    InetSocketAddress address = listenAddressOf("[::1]:1").orElseThrow();

    assertThat(address.getHostString()).isEqualTo("::1");
    assertThat(address.getPort()).isEqualTo(1);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1:0|port must be between 1 and 65535, was 0",
        "127.0.0.1:65536|port must be between 1 and 65535, was 65536",
        ":9464|host must not be empty",
        "localhost|must be host:port or off, was 'localhost'",
        "localhost:metrics|port must be an integer, was 'localhost:metrics'",
        "::1:9464|an IPv6 address must be in brackets, was '::1:9464'",
        "my host:9464|host must not contain blanks, was 'my host'"
      })
  void shouldReportABadListenAddressNamingKeyAndFile(String value, String problem) {
    assertThat(TestConfigs.problemsOf(minimalWith("ops.listen-address", value)))
        .containsExactly("ops.listen-address: " + problem + " (test.properties)");
  }

  @Test
  void shouldDescribeTheListenAddressOrOff() {
    assertThat(TestConfigs.load(minimal()).describe())
        .endsWith("\nops.listen-address=127.0.0.1:9464");
    assertThat(TestConfigs.load(minimalWith("ops.listen-address", "off")).describe())
        .endsWith("\nops.listen-address=off");
    assertThat(TestConfigs.load(minimalWith("ops.listen-address", "[::]:80")).describe())
        .endsWith("\nops.listen-address=[::]:80");
  }
}
