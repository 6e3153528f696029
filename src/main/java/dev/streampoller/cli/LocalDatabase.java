package dev.streampoller.cli;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import org.jspecify.annotations.Nullable;

/** An embedded PostgreSQL (zonky), or an external one given by URL; for demo and bench. */
final class LocalDatabase implements AutoCloseable {
  private final @Nullable EmbeddedPostgres embedded;
  private final String jdbcUrl;

  private LocalDatabase(@Nullable EmbeddedPostgres embedded, String jdbcUrl) {
    this.embedded = embedded;
    this.jdbcUrl = jdbcUrl;
  }

  /**
   * {@code databaseUrl} as it is, or else an embedded PostgreSQL on binaries from {@link
   * EmbeddedPostgresBinaries}. Exit 69 when there are none for this platform or it does not start.
   */
  static LocalDatabase startUnless(@Nullable String databaseUrl) {
    if (databaseUrl != null) {
      return new LocalDatabase(null, databaseUrl);
    }
    EmbeddedPostgresBinaries.Found binaries =
        EmbeddedPostgresBinaries.fromBuild().find(EmbeddedPostgresBinaries.Platform.current());
    System.out.println("Starting embedded PostgreSQL (binaries from " + binaries.source() + ")...");
    try {
      EmbeddedPostgres embedded =
          EmbeddedPostgres.builder()
              .setPgBinaryResolver((system, machine) -> new ByteArrayInputStream(binaries.txz()))
              .start();
      return new LocalDatabase(embedded, embedded.getJdbcUrl("postgres", "postgres"));
    } catch (IOException | RuntimeException e) {
      boolean root = "root".equals(System.getProperty("user.name"));
      throw new CliException(
          ExitCodes.UNAVAILABLE,
          "Embedded PostgreSQL did not start ("
              + e.getMessage()
              + ")."
              + (root
                  ? " PostgreSQL refuses to run as root, so as root it runs in a user namespace"
                      + " (unshare -U); where that is not allowed, run the demo as a normal user"
                      + " or pass --database-url jdbc:postgresql://HOST:5432/DB?user=USER"
                  : " Pass --database-url to use an existing PostgreSQL instead."));
    }
  }

  String jdbcUrl() {
    return jdbcUrl;
  }

  boolean isEmbedded() {
    return embedded != null;
  }

  @Override
  public void close() throws IOException {
    if (embedded != null) {
      embedded.close();
    }
  }
}
