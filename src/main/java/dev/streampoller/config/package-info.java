/**
 * Configuration: one properties file turned into an immutable, completely validated record tree.
 * Secrets come from the file, from {@code ${ENV}} references or from {@code -file} twins, and are
 * held in {@link dev.streampoller.config.Secret} so they never print.
 */
@NullMarked
package dev.streampoller.config;

import org.jspecify.annotations.NullMarked;
