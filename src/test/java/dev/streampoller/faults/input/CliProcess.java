package dev.streampoller.faults.input;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs {@code dev.streampoller.cli.Main} as a child JVM on this JVM's class path, the way an
 * operator runs the jar: its stdout and stderr go to files in one output directory (so that a
 * {@link SecretScanner} can read every byte it printed) and its exit code is returned. Each run
 * gets its own numbered pair of files, named after a label.
 *
 * <p>The JVM options favour a fast start (C1 only, serial GC): most children live a second. The
 * child inherits this process's environment minus {@code STREAM_POLLER_CONFIG} (so a stray setting
 * never picks the configuration), plus what {@link #env} adds. Not thread-safe.
 */
final class CliProcess {
  private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(90);
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Path outputDir;
  private final Map<String, String> env = new LinkedHashMap<>();
  private final List<String> jvmOptions =
      new ArrayList<>(
          List.of(
              "-XX:TieredStopAtLevel=1",
              "-XX:+UseSerialGC",
              "-Xshare:auto",
              // The jar's logging (text on stderr), not the test class path's logback-test.xml.
              "-Dlogback.configurationFile=logback.xml"));

  CliProcess(Path outputDir) {
    this.outputDir = outputDir;
    try {
      Files.createDirectories(outputDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One finished run: its exit code and everything it printed. */
  record Result(
      String label, int exitCode, Path stdoutFile, Path stderrFile, String out, String err) {
    /** Both streams, for assertion messages. */
    String output() {
      return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
  }

  /** A child that keeps running (the daemon). */
  record Started(String label, Process process, Path stdoutFile, Path stderrFile) {
    String err() {
      return read(stderrFile);
    }

    /** SIGTERM, then the exit code; kills it (and fails) if it does not stop within the bound. */
    int stop(Duration bound) {
      process.destroy();
      try {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly();
          fail(label + " did not stop within " + bound + " of SIGTERM");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        process.destroyForcibly();
        throw new IllegalStateException(e);
      }
      return process.exitValue();
    }
  }

  CliProcess env(String name, String value) {
    env.put(name, value);
    return this;
  }

  CliProcess jvmOption(String option) {
    jvmOptions.add(option);
    return this;
  }

  Path outputDir() {
    return outputDir;
  }

  /** Runs to completion (killed and failed after 90 s). */
  Result run(String label, String... args) {
    Started started = start(label, args);
    try {
      if (!started.process().waitFor(DEFAULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        started.process().destroyForcibly();
        fail(label + " still running after " + DEFAULT_TIMEOUT + ": " + started.err());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      started.process().destroyForcibly();
      throw new IllegalStateException(e);
    }
    return new Result(
        label,
        started.process().exitValue(),
        started.stdoutFile(),
        started.stderrFile(),
        read(started.stdoutFile()),
        read(started.stderrFile()));
  }

  /** Starts without waiting. */
  Started start(String label, String... args) {
    String name = String.format("%03d-%s", RUNS.incrementAndGet(), label.replaceAll("\\W+", "_"));
    Path out = outputDir.resolve(name + ".stdout");
    Path err = outputDir.resolve(name + ".stderr");
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classPath());
    command.add("dev.streampoller.cli.Main");
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(outputDir.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullDevice()));
    builder.environment().remove("STREAM_POLLER_CONFIG");
    builder.environment().putAll(env);
    try {
      return new Started(label, builder.start(), out, err);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command.get(0), e);
    }
  }

  /**
   * This JVM's class path. Under surefire it may be a manifest-only jar, which works as well: the
   * JVM follows its {@code Class-Path} entries.
   */
  static String classPath() {
    String surefire = System.getProperty("surefire.test.class.path");
    return surefire != null && !surefire.isBlank()
        ? surefire
        : System.getProperty("java.class.path");
  }

  private static java.io.File nullDevice() {
    return new java.io.File(
        System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
  }

  static String read(Path file) {
    try {
      // new String(...) replaces malformed bytes instead of failing, whatever the child wrote.
      return Files.exists(file) ? new String(Files.readAllBytes(file), StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
