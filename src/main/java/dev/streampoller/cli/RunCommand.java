package dev.streampoller.cli;

import ch.qos.logback.classic.LoggerContext;
import dev.streampoller.config.AppConfig;
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
 * pool closed, and the process exits 0.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Run the daemon: poll tracked videos and deliver webhooks until stopped.")
final class RunCommand implements Callable<Integer> {
  private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

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
                  LOG.info("Shutdown requested; finishing in-flight work");
                  daemon.close();
                  LOG.info("Stopped cleanly");
                  stopped.countDown();
                  // A signal-initiated JVM exit reports 143; a clean drain is a success, so say so
                  // (after flushing the logs, which halt would otherwise cut off).
                  if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logback) {
                    logback.stop();
                  }
                  Runtime.getRuntime().halt(ExitCodes.OK);
                },
                "shutdown"));
    stopped.await();
    return ExitCodes.OK;
  }
}
