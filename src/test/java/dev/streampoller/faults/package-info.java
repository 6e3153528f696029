/**
 * The fault suite (issue 8): real daemons as OS processes against the Cloudflare simulator,
 * verifying webhook receivers and PostgreSQL, with faults injected and a checker that counts what
 * was lost.
 *
 * <p>The harness API, for scenarios in this package:
 *
 * <ul>
 *   <li>{@link dev.streampoller.faults.FaultSettings}: {@code seed(scenario)} (from {@code
 *       -Dfaults.seed}, printed), {@code full()} and {@code pick(fast, full)} for the two scales;
 *   <li>{@link dev.streampoller.faults.FaultWorld}: simulator, receivers, base {@link
 *       dev.streampoller.faults.DaemonConfig}, {@code startDaemon()}, {@code addVideos(n)}, {@code
 *       awaitSettled(bound)}, {@code check(figures)}, {@code stopDaemons(bound)}, {@code secrets()}
 *       and {@code outputFiles()} for secret scans;
 *   <li>{@link dev.streampoller.faults.DaemonProcess}: one {@code run} process ({@code kill9()},
 *       {@code terminate(bound)} with its exit code, {@code stdout()}/{@code stderr()}); usable
 *       alone with any properties file, e.g. for bad-configuration runs;
 *   <li>{@link dev.streampoller.faults.CheckResult}: the counts, {@code missedTargets()} to assert
 *       on, one summary line per run and one row of {@code target/faults/report.md}.
 * </ul>
 *
 * Each run writes under {@code target/faults/<scenario>/}. The normal build runs a fast subset;
 * {@code mvn -B verify -Pfaults} (which sets {@code faults.full=true}) runs the whole suite.
 */
package dev.streampoller.faults;
