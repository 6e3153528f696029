package dev.streampoller.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One real daemon ({@code Main run --config FILE}) as a separate OS process, started with this
 * JVM's class path (so it works during {@code mvn test}, before the jar exists), with its stdout
 * and stderr in {@code NAME.out} and {@code NAME.err} of the scenario's directory.
 *
 * <p>{@link #kill9()} is {@code kill -9}; {@link #terminate(Duration)} is SIGTERM and returns the
 * exit code, or throws when the process outlives the bound (it is then killed). Not thread-safe:
 * one scenario thread drives it.
 */
public final class DaemonProcess implements AutoCloseable {
  private static final Duration KILL_BOUND = Duration.ofSeconds(30);

  private final String name;
  private final Process process;
  private final Path stdout;
  private final Path stderr;

  private DaemonProcess(String name, Process process, Path stdout, Path stderr) {
    this.name = name;
    this.process = process;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** Starts {@code run --config config}; output goes to {@code dir/name.out} and {@code .err}. */
  public static DaemonProcess start(String name, Path config, Path dir) {
    Path out = dir.resolve(name + ".out");
    Path err = dir.resolve(name + ".err");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> command =
        List.of(
            java,
            "-Xmx256m",
            // A small, quick-starting JVM: several of them share two cores with the test.
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            "dev.streampoller.cli.Main",
            "run",
            "--config",
            config.toString());
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()))
              .redirectError(ProcessBuilder.Redirect.appendTo(err.toFile()))
              .start();
      return new DaemonProcess(name, process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start daemon " + name, e);
    }
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  /**
   * The prefix of every claim token this process writes ({@code host:pid:}), as the daemon builds
   * its owner id; {@code claimed_by LIKE prefix || '%'} finds its claims.
   */
  public String claimPrefix() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      host = "unknown-host";
    }
    return host + ":" + pid() + ":";
  }

  /** Whether the daemon logged that it runs (its start-up finished). */
  public boolean isRunning() {
    try {
      return Files.exists(stdout) && Files.readString(stdout).contains("stream-poller running as");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + stdout, e);
    }
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path stdout() {
    return stdout;
  }

  public Path stderr() {
    return stderr;
  }

  /** {@code kill -9}; returns the exit code, 137 (128 + SIGKILL). */
  public int kill9() {
    process.destroyForcibly();
    return awaitExit(KILL_BOUND);
  }

  /**
   * SIGTERM, then waits up to {@code bound}; returns the exit code. When the process is still
   * running after the bound it is killed and {@link IllegalStateException} names the bound.
   */
  public int terminate(Duration bound) {
    sigterm();
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        awaitExit(KILL_BOUND);
        throw new IllegalStateException(
            "daemon " + name + " (pid " + pid() + ") did not exit within " + bound + " of SIGTERM");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while stopping " + name, e);
    }
    return process.exitValue();
  }

  /** Sends SIGTERM without waiting, e.g. to stop several daemons at once. */
  public void sigterm() {
    process.destroy();
  }

  private int awaitExit(Duration bound) {
    try {
      if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new IllegalStateException("daemon " + name + " did not die within " + bound);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while killing " + name, e);
    }
    return process.exitValue();
  }

  /** Kills the process if it still runs; for clean-up after a failed scenario. */
  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
  }
}
