package dev.streampoller.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.config.AppConfig;
import dev.streampoller.config.ConfigLoader;
import dev.streampoller.testing.PostgresExtension;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** One session, one pool: created on first use, shared by every call, closed with the session. */
@ExtendWith(PostgresExtension.class)
class OperatorSessionIT {
  private static AppConfig config() {
    return ConfigLoader.builder("OperatorSessionIT")
        .set("cloudflare.account-id", "acc1")
        .set("cloudflare.api-token", "cfut_session-test")
        .set("database.url", PostgresExtension.jdbcUrl())
        .set("database.pool-size", 2)
        .build();
  }

  @Test
  void shouldShareOnePoolNamedAfterTheCommandAndCloseItWithTheSession() {
    Clock clock = Clock.systemUTC();
    HikariDataSource pool;
    try (OperatorSession session = OperatorSession.open(config(), clock, "history")) {
      pool = session.dataSource();

      assertThat(session.dataSource()).isSameAs(pool);
      assertThat(session.database()).isSameAs(session.database());
      boolean valid = session.database().inTransaction(c -> c.isValid(1));
      assertThat(valid).isTrue();
      assertThat(pool.getPoolName()).isEqualTo("history");
      assertThat(session.clock()).isSameAs(clock);
      assertThat(pool.isClosed()).isFalse();
    }

    assertThat(pool.isClosed()).isTrue();
  }
}
