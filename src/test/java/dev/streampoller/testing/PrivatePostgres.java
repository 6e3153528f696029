package dev.streampoller.testing;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A PostgreSQL cluster of a test's own, to stop and start at will: never the machine's service,
 * never the shared test database. zonky's embedded binaries create and first start it; {@link
 * #stopImmediately()} is {@code pg_ctl stop -m immediate} (a crash: no checkpoint, every connection
 * cut) and {@link #startAgain()} restarts it on the same port and data.
 *
 * <p>PostgreSQL refuses to run as root. zonky copes by running {@code initdb}, {@code pg_ctl} and
 * so the server inside {@code unshare -U} (a user namespace where the process is not uid 0); this
 * class does the same for its own {@code pg_ctl} calls when the JVM runs as root.
 */
public final class PrivatePostgres implements AutoCloseable {
  private static final Duration PG_CTL_BOUND = Duration.ofSeconds(60);

  private final EmbeddedPostgres embedded;
  private final Path dataDir;
  private final Path pgCtl;
  private final int port;
  private final HikariDataSource dataSource;

  private PrivatePostgres(EmbeddedPostgres embedded, Path dataDir, Path pgCtl, int port) {
    this.embedded = embedded;
    this.dataDir = dataDir;
    this.pgCtl = pgCtl;
    this.port = port;
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl());
    config.setMaximumPoolSize(4);
    config.setConnectionTimeout(2_000);
    config.setPoolName("private-postgres");
    this.dataSource = new HikariDataSource(config);
  }

  /** Creates and starts a new cluster on a free loopback port. */
  public static PrivatePostgres start() {
    try {
      Path dataDir = Files.createTempDirectory("private-pg");
      int port = freePort();
      EmbeddedPostgres embedded =
          EmbeddedPostgres.builder()
              .setDataDirectory(dataDir)
              .setCleanDataDirectory(true)
              .setPort(port)
              .start();
      // The server zonky started runs its own binaries: pg_ctl lies beside it.
      long pid =
          Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
      Path postgres =
          Path.of(
              ProcessHandle.of(pid)
                  .flatMap(h -> h.info().command())
                  .orElseThrow(() -> new IllegalStateException("cannot see postgres pid " + pid)));
      return new PrivatePostgres(embedded, dataDir, postgres.resolveSibling("pg_ctl"), port);
    } catch (IOException e) {
      throw new UncheckedIOException("the private PostgreSQL did not start", e);
    }
  }

  /** {@code jdbc:postgresql://127.0.0.1:PORT/postgres?user=postgres}. */
  public String jdbcUrl() {
    return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?user=postgres";
  }

  /** A small pool on this cluster (2 s connection timeout), for the test's own queries. */
  public HikariDataSource dataSource() {
    return dataSource;
  }

  /** {@code pg_ctl stop -m immediate}: the server dies at once, as in a crash. */
  public void stopImmediately() {
    pgCtl(List.of("-D", dataDir.toString(), "-m", "immediate", "-w", "stop"));
  }

  /** Starts the stopped cluster again on the same port; returns once it accepts connections. */
  public void startAgain() {
    pgCtl(
        List.of(
            "-D",
            dataDir.toString(),
            "-o",
            "-p " + port + " -F -c listen_addresses=127.0.0.1 -c max_connections=300",
            "-l",
            dataDir.resolve("restart.log").toString(),
            "-w",
            "start"));
  }

  private void pgCtl(List<String> arguments) {
    List<String> command = new ArrayList<>();
    if ("root".equals(System.getProperty("user.name"))) {
      command.addAll(List.of("unshare", "-U"));
    }
    command.add(pgCtl.toString());
    command.addAll(arguments);
    try {
      Process process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.DISCARD)
              .start();
      if (!process.waitFor(PG_CTL_BOUND.toSeconds(), TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("pg_ctl " + arguments + " took over " + PG_CTL_BOUND);
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException("pg_ctl " + arguments + " exited " + process.exitValue());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + pgCtl, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running pg_ctl", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Closes the pool and stops and deletes the cluster. */
  @Override
  public void close() throws IOException {
    dataSource.close();
    embedded.close();
  }
}
