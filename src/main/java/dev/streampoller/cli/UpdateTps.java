package dev.streampoller.cli;

import dev.streampoller.db.Database;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What this PostgreSQL does in single-row UPDATE transactions per second with a given number of
 * clients: pgbench when it is on the PATH, else a JDBC loop with the same clients doing the same
 * (one autocommitted {@code UPDATE ... WHERE id = random} each). The yardstick the daemon's polls/s
 * is compared with, since each poll is a few such transactions.
 */
final class UpdateTps {
  /** Rows of the scratch table: enough that clients rarely wait on one another's row lock. */
  static final int ROWS = 100_000;

  private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
  private static final Pattern PROCESSED =
      Pattern.compile("number of transactions actually processed: ([0-9]+)");

  /**
   * The rate, and the transactions done with the CPU they took on this box (PostgreSQL's, and the
   * machine's with the clients'), so that a transaction's cost can be set against a poll's.
   */
  record Result(double tps, String tool, int clients, long transactions, CpuUse cpu) {
    Result withCpu(CpuUse used) {
      return new Result(tps, tool, clients, transactions, used);
    }
  }

  private UpdateTps() {}

  static Result measure(Database database, String jdbcUrl, int clients, Duration length, Path dir) {
    database.run(c -> ThroughputQueries.createScratch(c, ROWS));
    try {
      CpuUse before = CpuUse.now(0);
      Result pgbench = pgbench(jdbcUrl, clients, length, dir);
      if (pgbench == null) {
        before = CpuUse.now(0);
      }
      Result result = pgbench != null ? pgbench : jdbcLoop(jdbcUrl, clients, length);
      return result.withCpu(CpuUse.now(0).since(before));
    } finally {
      database.run(ThroughputQueries::dropScratch);
    }
  }

  /** Null when pgbench is not installed or cannot reach the database. */
  private static Result pgbench(String jdbcUrl, int clients, Duration length, Path dir) {
    URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
    String user = parameter(uri, "user");
    String password = parameter(uri, "password");
    try {
      Path script = dir.resolve("update.sql");
      Files.writeString(
          script,
          "\\set id random(1, " + ROWS + ")\n" + ThroughputQueries.SCRATCH_UPDATE.text() + ";\n");
      List<String> command = new ArrayList<>();
      command.addAll(
          List.of(
              "pgbench",
              "-n",
              "-c",
              Integer.toString(clients),
              "-j",
              Integer.toString(Math.min(clients, 2)),
              "-T",
              Long.toString(Math.max(1, length.toSeconds())),
              "-f",
              script.toString(),
              "-h",
              uri.getHost(),
              "-p",
              Integer.toString(uri.getPort() < 0 ? 5432 : uri.getPort())));
      if (user != null) {
        command.addAll(List.of("-U", user));
      }
      command.add(uri.getPath().substring(1));
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      if (password != null) {
        builder.environment().put("PGPASSWORD", password);
      }
      Process process = builder.start();
      String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!process.waitFor(length.toSeconds() + 30, TimeUnit.SECONDS) || process.exitValue() != 0) {
        System.out.println("pgbench failed, measuring with JDBC instead: " + out.strip());
        return null;
      }
      Matcher m = TPS.matcher(out);
      Matcher processed = PROCESSED.matcher(out);
      return m.find() && processed.find()
          ? new Result(
              Double.parseDouble(m.group(1)),
              "pgbench",
              clients,
              Long.parseLong(processed.group(1)),
              null)
          : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static Result jdbcLoop(String jdbcUrl, int clients, Duration length) {
    AtomicLong done = new AtomicLong();
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      Thread t =
          new Thread(
              () -> {
                try (Connection c = DriverManager.getConnection(jdbcUrl)) {
                  c.setAutoCommit(true);
                  while (System.nanoTime() < end) {
                    ThroughputQueries.SCRATCH_UPDATE
                        .on(c)
                        .bind("id", ThreadLocalRandom.current().nextInt(1, ROWS + 1))
                        .update();
                    done.incrementAndGet();
                  }
                } catch (SQLException e) {
                  throw new IllegalStateException("JDBC UPDATE loop failed", e);
                }
              },
              "update-tps-" + i);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return new Result(
        done.get() / (length.toNanos() / 1e9), "JDBC loop", clients, done.get(), null);
  }

  private static String parameter(URI uri, String name) {
    String query = uri.getRawQuery();
    if (query == null) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }
}
