package dev.streampoller.testing;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The real test database, stamping every commit with a global order: a tick taken just before the
 * commit is sent and one taken once the database acknowledged it. Transaction {@code a} certainly
 * committed before {@code b} when {@code a.finished() < b.started()}; tests use that to say which
 * of two racing transactions came first without any timing. Stamps are per thread: {@link
 * #lastCommit()} is the latest commit made by the calling thread.
 */
public final class CommitOrder extends ForwardingDataSource {
  /** When one commit was sent and when it was acknowledged, in ticks of one shared counter. */
  public record Stamp(long started, long finished) {
    /** Whether this commit was acknowledged before {@code later} was even sent. */
    public boolean before(Stamp later) {
      return finished < later.started;
    }
  }

  private final AtomicLong ticks = new AtomicLong();
  private final ThreadLocal<Stamp> last = new ThreadLocal<>();

  public CommitOrder(DataSource target) {
    super(target);
  }

  /** The calling thread's latest commit, if it made one. */
  public Optional<Stamp> lastCommit() {
    return Optional.ofNullable(last.get());
  }

  @Override
  public Connection getConnection() throws SQLException {
    return stamping(target.getConnection());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return stamping(target.getConnection(user, password));
  }

  private Connection stamping(Connection connection) {
    return (Connection)
        Proxy.newProxyInstance(
            Connection.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              boolean commit = method.getName().equals("commit") && method.getParameterCount() == 0;
              long started = commit ? ticks.incrementAndGet() : 0;
              Object result;
              try {
                result = method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
              if (commit) {
                last.set(new Stamp(started, ticks.incrementAndGet()));
              }
              return result;
            });
  }
}
