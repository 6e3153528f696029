package dev.streampoller.ops;

import dev.streampoller.testing.ForwardingDataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/** The real test database, counting the connections taken: one per round of queries. */
final class CountingDataSource extends ForwardingDataSource {
  private final AtomicInteger connections = new AtomicInteger();

  CountingDataSource(DataSource target) {
    super(target);
  }

  int connections() {
    return connections.get();
  }

  @Override
  public Connection getConnection() throws SQLException {
    connections.incrementAndGet();
    return target.getConnection();
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    connections.incrementAndGet();
    return target.getConnection(user, password);
  }
}
