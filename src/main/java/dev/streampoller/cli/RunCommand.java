package dev.streampoller.cli;

import ch.qos.logback.classic.LoggerContext;
import dev.streampoller.config.AppConfig;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/**
 * {@code run}: the daemon, until SIGTERM or SIGINT. Stopping is staged: no new claims, unstarted
 * claimed work given back, running polls and webhook sends finished within their timeouts, then the
 * pool closed, and the process exits 0. Whatever the database and the peers do, it exits 0 within
 * {@link #STOP_DEADLINE}: past it, a watchdog logs the work it abandons and exits (the claims that
 * work holds come back after their lease), well before systemd's {@code TimeoutStopSec=90s}.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the daemon: poll tracked videos and deliver webhooks until stopped.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

  /**
   * The longest a stop may take before the watchdog ends it: the unit's 90 s stop timeout less a
   * margin for the JVM to exit (the orderly stages take at most about 65 s: running jobs 40 s,
   * sends in flight {@code webhook.timeout} + 5 s, then the pool).
   */
  static final Duration STOP_DEADLINE = Duration.ofSeconds(75);

  @ParentCommand Main main;
  @Mixin ConfigOption config;

  @Override
  public Integer call() throws InterruptedException {
    AppConfig loaded = config.load();
    Daemon daemon = Daemon.start(loaded, main.clock);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  LOG.info(
                      "Shutdown requested; finishing in-flight work (at most {})", STOP_DEADLINE);
                  StopWatchdog watchdog =
                      StopWatchdog.arm(
                          STOP_DEADLINE, Thread::getAllStackTraces, RunCommand::exitOk);
                  daemon.close();
                  watchdog.disarm();
                  LOG.info("Stopped cleanly");
                  stopped.countDown();
                  exitOk();
                },
                "shutdown"));
    stopped.await();
    return ExitCodes.OK;
  }

  /**
   * A signal-initiated JVM exit reports 143; a clean (or deadline-bounded) stop is a success, so
   * say so, after flushing the logs, which halt would otherwise cut off.
   */
  private static synchronized void exitOk() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
      logback.stop();
    }
    Runtime.getRuntime().halt(ExitCodes.OK);
  }
}
