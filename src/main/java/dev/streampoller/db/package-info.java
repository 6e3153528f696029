/**
 * JDBC plumbing shared by every feature: the pooled {@code DataSource}, Flyway migrations from
 * {@code db/migration}, and the one transaction helper ({@link dev.streampoller.db.Database}).
 * Repositories receive a {@link java.sql.Connection} inside a transaction and never open their own.
 */
@NullMarked
package dev.streampoller.db;

import org.jspecify.annotations.NullMarked;
