package dev.streampoller.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The daemon of a {@code bench throughput} run: {@code stream-poller run} in a process of its own,
 * started with the JVM options given (the systemd unit's by default), so that its RSS and CPU time
 * are its own and not the simulator's or the receiver's. Reads both from {@code /proc} (Linux).
 */
final class ThroughputDaemon implements AutoCloseable {
  /** The JVM options of {@code systemd/stream-poller.service}. */
  static final String SYSTEMD_JVM_OPTIONS = "-Xms64m -Xmx512m -XX:+ExitOnOutOfMemoryError";

  private final Process process;
  private final Path log;
  private long peakRssKib;

  private ThroughputDaemon(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  static ThroughputDaemon start(String jvmOptions, Path config, Path dir) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command = new ArrayList<>();
    command.add(java);
    for (String option : jvmOptions.trim().split("\\s+")) {
      if (!option.isEmpty()) {
        command.add(option);
      }
    }
    command.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "run",
            "--config",
            config.toString()));
    Path log = dir.resolve("daemon.log");
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
              .start();
      return new ThroughputDaemon(process, log);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the daemon", e);
    }
  }

  /** Waits until {@code /health} answers 200, or fails when the daemon exits or takes too long. */
  void awaitHealthy(URI health, Duration within) {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new CliException(
            ExitCodes.SOFTWARE, "The daemon exited with " + process.exitValue() + "; see " + log);
      }
      try {
        HttpResponse<Void> answer =
            client.send(
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(2)).build(),
                HttpResponse.BodyHandlers.discarding());
        if (answer.statusCode() == 200) {
          return;
        }
      } catch (IOException e) {
        // Not listening yet.
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(ExitCodes.SOFTWARE, "interrupted");
      }
      LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
    }
    throw new CliException(ExitCodes.SOFTWARE, "The daemon was not healthy within " + within);
  }

  long pid() {
    return process.pid();
  }

  /** Resident set size now, KiB; also kept as the peak of every sample. */
  long sampleRssKib() {
    long rss = statusField("VmRSS:");
    peakRssKib = Math.max(peakRssKib, rss);
    return rss;
  }

  long peakRssKib() {
    return Math.max(peakRssKib, statusField("VmHWM:"));
  }

  /** User plus system CPU time the daemon used so far, seconds. */
  double cpuSeconds() {
    return CpuUse.process(process.pid(), false);
  }

  private long statusField(String name) {
    try {
      for (String line :
          Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).trim().split("\\s+")[0]);
        }
      }
    } catch (IOException | RuntimeException e) {
      // Gone, or not Linux: no figure.
    }
    return 0;
  }

  boolean isAlive() {
    return process.isAlive();
  }

  Path log() {
    return log;
  }

  /** Stops it as systemd would (SIGTERM), and kills it if it has not ended after 30 seconds. */
  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
