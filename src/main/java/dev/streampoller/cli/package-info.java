/**
 * The command line and the composition root: {@link dev.streampoller.cli.Main} parses commands with
 * picocli and {@link dev.streampoller.cli.Daemon} wires the parts for {@code run} and {@code demo}.
 * Nothing else in the code base depends on this package. Exit codes follow sysexits: 0 success, 64
 * usage, 65 data, 69 unavailable, 70 internal error, 78 configuration.
 */
@NullMarked
package dev.streampoller.cli;

import org.jspecify.annotations.NullMarked;
