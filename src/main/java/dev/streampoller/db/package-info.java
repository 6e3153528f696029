/**
 * JDBC plumbing shared by every feature: the pooled {@code DataSource}, Flyway migrations from
 * {@code db/migration}, the one transaction helper ({@link dev.streampoller.db.Database}) and the
 * one SQL runner ({@link dev.streampoller.db.Sql}: named parameters, row mappers, failures that
 * name the statement's purpose). Repositories receive a {@link java.sql.Connection} inside a
 * transaction and never open their own; every SQL statement is an {@code Sql} constant of one.
 */
@NullMarked
package dev.streampoller.db;

import org.jspecify.annotations.NullMarked;
