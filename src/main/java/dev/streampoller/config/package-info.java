/**
 * Configuration: the key table {@code ConfigKeys}; {@code ConfigLoader} reads every key through it,
 * reports every problem at once and builds plain records. Adding a key: a table row, a record field
 * and its line in the loader's build step.
 */
@NullMarked
package dev.streampoller.config;

import org.jspecify.annotations.NullMarked;
