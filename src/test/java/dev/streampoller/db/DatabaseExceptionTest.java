package dev.streampoller.db;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class DatabaseExceptionTest {
  @Test
  void shouldCallAPoolTimeoutUnavailable() {
    var e =
        new DatabaseException(
            "transaction failed",
            new SQLTransientConnectionException("pool - Connection is not available"));
    assertThat(e.isUnavailable()).isTrue();
  }

  @Test
  void shouldCallConnectionAndShutdownStatesUnavailable() {
    for (String state : new String[] {"08006", "08001", "57P01", "57P03"}) {
      assertThat(new DatabaseException("x", new SQLException("lost", state)).isUnavailable())
          .as(state)
          .isTrue();
    }
  }

  @Test
  void shouldNotCallARefusedStatementUnavailable() {
    // 23514: check_violation; 40P01: deadlock. The database answered: retrying may succeed.
    assertThat(new DatabaseException("x", new SQLException("check", "23514")).isUnavailable())
        .isFalse();
    assertThat(new DatabaseException("x", new SQLException("dead", "40P01")).isUnavailable())
        .isFalse();
    assertThat(new DatabaseException("no cause").isUnavailable()).isFalse();
  }

  @Test
  void shouldLookThroughWrappedCauses() {
    SQLException outer = new SQLException("wrapper", "XX000");
    outer.initCause(new SQLException("reset", "08006"));
    assertThat(new DatabaseException("x", outer).isUnavailable()).isTrue();
  }
}
