package dev.streampoller.simulator;

/**
 * Settings shared by the simulator's local HTTP servers. The JDK server writes headers and body in
 * separate packets; with Nagle's algorithm on, each small answer then waits for the client's
 * delayed ACK (about 40 ms), which would make the simulator, not the daemon, the bottleneck of
 * every demo, test and benchmark.
 */
final class LoopbackServers {
  private LoopbackServers() {}

  /** Must run before the first {@code HttpServer} is created in this JVM. */
  static void disableNagle() {
    System.setProperty("sun.net.httpserver.nodelay", "true");
  }
}
