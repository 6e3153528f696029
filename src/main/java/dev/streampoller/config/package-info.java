/**
 * Configuration: one properties file turned into immutable plain records. {@link
 * dev.streampoller.config.ConfigKeys} is the key table, each key declared once (name, type,
 * default, rule, secrecy, doc); {@link dev.streampoller.config.ConfigLoader} reads every key
 * through it, runs the rules that span keys, reports every problem at once and builds the records,
 * which do not validate again. Configs made in code use {@link
 * dev.streampoller.config.ConfigLoader#builder}. Secrets are held in {@link
 * dev.streampoller.config.Secret} so they never print. Adding a key: one row in the table, one
 * record field and its line in the loader's build step.
 */
@NullMarked
package dev.streampoller.config;

import org.jspecify.annotations.NullMarked;
