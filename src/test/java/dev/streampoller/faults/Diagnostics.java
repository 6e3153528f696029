package dev.streampoller.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * What a run that did not settle leaves behind for whoever investigates it: the scheduler's trigger
 * rows, the work still open in the tables, and a thread dump of every live daemon, written to
 * {@code diagnostics.txt} in the run's directory. Best effort: a failure to collect one part is
 * written down instead of thrown, so the test still reports what it found.
 */
final class Diagnostics {
  private static final List<String> QUERIES =
      List.of(
          "SELECT now() AS database_now",
          "SELECT trigger_name, trigger_state, to_timestamp(next_fire_time / 1000.0) AS next_fire,"
              + " to_timestamp(prev_fire_time / 1000.0) AS prev_fire FROM qrtz_triggers",
          "SELECT trigger_name, instance_name, state, to_timestamp(fired_time / 1000.0) AS fired"
              + " FROM qrtz_fired_triggers",
          "SELECT instance_name, to_timestamp(last_checkin_time / 1000.0) AS last_checkin"
              + " FROM qrtz_scheduler_state",
          "SELECT id, endpoint, state, attempts, next_attempt_at, claimed_by, claimed_until,"
              + " created_at FROM webhook_delivery WHERE state = 'pending' ORDER BY id",
          "SELECT video_uid, next_poll_at, claimed_by, claimed_until, consecutive_failures,"
              + " last_error FROM tracked_video WHERE ended_at IS NULL ORDER BY next_poll_at");

  private Diagnostics() {}

  static void write(Path dir, DataSource dataSource, List<DaemonProcess> daemons) {
    StringBuilder out = new StringBuilder();
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      for (String query : QUERIES) {
        out.append("## ").append(query).append('\n');
        try (ResultSet rs = s.executeQuery(query)) {
          appendRows(out, rs);
        } catch (SQLException e) {
          out.append("(failed: ").append(e.getMessage()).append(")\n");
        }
      }
    } catch (SQLException e) {
      out.append("(no database connection: ").append(e.getMessage()).append(")\n");
    }
    for (DaemonProcess daemon : daemons) {
      out.append("## thread dump of ").append(daemon.name()).append('\n');
      out.append(threadDump(daemon.pid()));
    }
    try {
      Files.writeString(dir.resolve("diagnostics.txt"), out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.err.println("could not write diagnostics to " + dir + ": " + e);
    }
  }

  private static void appendRows(StringBuilder out, ResultSet rs) throws SQLException {
    ResultSetMetaData meta = rs.getMetaData();
    while (rs.next()) {
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        out.append(i == 1 ? "" : " ").append(meta.getColumnLabel(i)).append('=');
        out.append(rs.getString(i));
      }
      out.append('\n');
    }
  }

  private static String threadDump(long pid) {
    Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    try {
      Process p =
          new ProcessBuilder(jcmd.toString(), Long.toString(pid), "Thread.print")
              .redirectErrorStream(true)
              .start();
      String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      return p.waitFor(30, TimeUnit.SECONDS) ? text : text + "(jcmd did not finish)\n";
    } catch (IOException e) {
      return "(jcmd failed: " + e + ")\n";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "(interrupted)\n";
    }
  }
}
