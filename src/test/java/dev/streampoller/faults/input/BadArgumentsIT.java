package dev.streampoller.faults.input;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Malformed command lines, for every command, run as an operator runs them: a child JVM, whose exit
 * code must be 64 and whose output must name the bad argument, without a stack trace. The
 * configuration is valid but its database unreachable, so an argument that slips through to the
 * work shows up as 69 (or 65, 0) instead of 64. CliIT covers the in-process basics (a bad uid, an
 * unknown option of track, --state); this is the whole matrix.
 */
class BadArgumentsIT {
  private static final String OK_UID = "5d5bc37ffcf54c9b82e996823bffbb81";
  @TempDir static Path dir;
  private static CliProcess cli;
  private static String config;

  @BeforeAll
  static void writeConfig() throws IOException {
    cli = new CliProcess(dir.resolve("out"));
    Path file = dir.resolve("stream-poller.properties");
    Files.write(
        file,
        FaultSecrets.validConfig(
            "jdbc:postgresql://127.0.0.1:1/nowhere?connectTimeout=1",
            "http://127.0.0.1:9/client/v4"));
    config = file.toString();
  }

  @AfterAll
  static void nothingSecretWasPrinted() {
    assertThat(FaultSecrets.scanner().assertClean(List.of(dir.resolve("out")))).isPositive();
  }

  /** Every command that reads the configuration. */
  private static final List<List<String>> CONFIG_COMMANDS =
      List.of(
          List.of("run"),
          List.of("migrate"),
          List.of("track"),
          List.of("untrack"),
          List.of("status"),
          List.of("check"),
          List.of("history"),
          List.of("stats"),
          List.of("deliveries"),
          List.of("deliveries", "redeliver"),
          List.of("deliveries", "enable"));

  /** Every command and subcommand. */
  private static final List<List<String>> ALL_COMMANDS =
      Stream.concat(
              CONFIG_COMMANDS.stream(),
              Stream.of(
                  List.of("demo"),
                  List.of("bench"),
                  List.of("bench", "policy"),
                  List.of("bench", "realtime")))
          .toList();

  static Stream<Arguments> unknownOptionOfEachCommand() {
    return ALL_COMMANDS.stream().map(command -> Arguments.of(join(command, "--bogus"), "--bogus"));
  }

  static Stream<Arguments> missingConfigValueOfEachCommand() {
    return CONFIG_COMMANDS.stream()
        .map(command -> Arguments.of(join(command, "--config"), "--config"));
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
        // unknown command, none, unknown subcommand
        Arguments.of(List.of("bogus"), "'bogus'"),
        Arguments.of(List.of(), "a command is required"),
        Arguments.of(List.of("help", "nosuch"), "nosuch"),
        Arguments.of(List.of("bench", "nosuch"), "nosuch"),
        Arguments.of(List.of("deliveries", "nosuch"), "nosuch"),
        // uids and account ids
        Arguments.of(withConfig("track", "bad uid!"), "'bad uid!'"),
        Arguments.of(withConfig("track", OK_UID, ""), "''"),
        Arguments.of(withConfig("untrack", "a".repeat(33)), "a".repeat(33)),
        Arguments.of(withConfig("status", "vid/1"), "'vid/1'"),
        Arguments.of(withConfig("history", "vid-1"), "'vid-1'"),
        Arguments.of(withConfig("track", "--account", "acc 1", OK_UID), "'acc 1'"),
        Arguments.of(withConfig("deliveries", "--video", "bad!"), "'bad!'"),
        Arguments.of(withConfig("deliveries", "--account", "acc_1", "--video", OK_UID), "'acc_1'"),
        Arguments.of(withConfig("deliveries", "redeliver", "--video", "x.y"), "'x.y'"),
        Arguments.of(withConfig("track"), "UID"),
        Arguments.of(withConfig("status"), "UID"),
        // URLs
        Arguments.of(withConfig("track", "--callback-url", "http://[bad", OK_UID), "http://[bad"),
        Arguments.of(withConfig("track", "--callback-url", "ftp://x/y", OK_UID), "--callback-url"),
        Arguments.of(withConfig("track", "--callback-url", "", OK_UID), "--callback-url"),
        Arguments.of(List.of("demo", "--database-url", "not-a-url"), "--database-url"),
        Arguments.of(
            List.of("bench", "realtime", "--database-url", "mysql://x/y"), "--database-url"),
        // durations
        Arguments.of(List.of("demo", "--timeout", "banana"), "'banana'"),
        Arguments.of(List.of("demo", "--timeout", "PT-5S"), "--timeout"),
        Arguments.of(List.of("demo", "--timeout", "PT0S"), "--timeout"),
        Arguments.of(List.of("bench", "realtime", "--duration", "5m"), "'5m'"),
        Arguments.of(List.of("bench", "realtime", "--duration", "PT-1M"), "--duration"),
        // numbers
        Arguments.of(List.of("bench", "realtime", "--scale", "abc"), "'abc'"),
        Arguments.of(List.of("bench", "realtime", "--scale", "-1"), "--scale"),
        Arguments.of(List.of("bench", "realtime", "--scale", "2"), "--scale"),
        Arguments.of(withConfig("status", "--transitions", "ten", OK_UID), "'ten'"),
        Arguments.of(withConfig("status", "--transitions", "-5", OK_UID), "--transitions"),
        Arguments.of(withConfig("history", "--limit", "-1", OK_UID), "--limit"),
        Arguments.of(withConfig("history", "--limit", "0", OK_UID), "--limit"),
        Arguments.of(withConfig("deliveries", "--limit", "-3"), "--limit"),
        Arguments.of(withConfig("deliveries", "redeliver", "12x"), "12x"),
        Arguments.of(withConfig("deliveries", "redeliver", "--", "-5"), "-5"),
        // states, endpoints, download types, workloads
        Arguments.of(withConfig("deliveries", "--state", "sleeping"), "'sleeping'"),
        Arguments.of(withConfig("deliveries", "--endpoint", "BAD NAME!"), "'BAD NAME!'"),
        Arguments.of(withConfig("deliveries", "redeliver", "--endpoint", "Crm!"), "'Crm!'"),
        Arguments.of(withConfig("deliveries", "enable", "no such/endpoint"), "no such/endpoint"),
        Arguments.of(withConfig("deliveries", "redeliver"), "exactly one of"),
        Arguments.of(withConfig("deliveries", "redeliver", "1", "--endpoint", "crm"), "exactly"),
        Arguments.of(withConfig("track", "--create", "BAD TYPE", OK_UID), "'BAD TYPE'"),
        Arguments.of(List.of("bench", "policy", "--workload", "nosuch"), "nosuch"),
        Arguments.of(List.of("bench", "realtime", "--workload", "nosuch"), "nosuch"),
        Arguments.of(List.of("bench", "policy", "--workload", "w1", "--all"), "--all"),
        Arguments.of(List.of("bench", "policy", "--sweep", "0"), "--sweep"),
        Arguments.of(List.of("bench", "policy", "--sweep", "ten"), "'ten'"),
        Arguments.of(List.of("bench", "policy", "--sweep", "5", "--all"), "--all"),
        Arguments.of(
            List.of("bench", "policy", "--all", "--min-interval", "PT0S"), "--min-interval"),
        Arguments.of(List.of("bench", "policy", "--sweep", "3", "--seed", "x"), "'x'"),
        Arguments.of(List.of("bench", "policy", "--all", "--age-cap", "0.5"), "'0.5'"),
        Arguments.of(List.of("bench", "policy", "--sweep", "3", "--age-cap", "off"), "'off'"),
        // stray positional arguments
        Arguments.of(withConfig("run", "extra"), "'extra'"),
        Arguments.of(withConfig("stats", "extra"), "'extra'"),
        Arguments.of(withConfig("check", "extra"), "'extra'"));
  }

  /**
   * One case of each kind, for the normal build (each child JVM costs about a second); the whole
   * matrix runs in the full fault suite ({@code -Pfaults}, which sets {@code faults.full=true}).
   */
  static Stream<Arguments> representative() {
    List<String> fast =
        List.of(
            "bogus",
            "track --bogus",
            "check --config",
            "track --config _ bad uid!",
            "track --config _ --account acc 1 " + OK_UID,
            "track --config _ --callback-url http://[bad " + OK_UID,
            "demo --database-url not-a-url",
            "demo --timeout PT-5S",
            "bench realtime --scale 2",
            "bench realtime --workload nosuch",
            "history --config _ --limit -1 " + OK_UID,
            "deliveries --config _ --state sleeping",
            "deliveries --config _ --endpoint BAD NAME!",
            "deliveries enable --config _ no such/endpoint",
            "deliveries redeliver --config _ 12x",
            "run --config _ extra");
    List<Arguments> all = all().toList();
    List<Arguments> chosen = all.stream().filter(a -> fast.contains(describe(a))).toList();
    assertThat(chosen).as("every representative case exists").hasSize(fast.size());
    return chosen.stream();
  }

  static Stream<Arguments> all() {
    return Stream.of(unknownOptionOfEachCommand(), missingConfigValueOfEachCommand(), badValues())
        .flatMap(s -> s);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("representative")
  void shouldExit64NamingTheBadArgumentWithoutAStackTrace(List<String> args, String named) {
    assertUsageError(args, named);
  }

  @EnabledIfSystemProperty(named = "faults.full", matches = "true")
  @ParameterizedTest(name = "{0}")
  @MethodSource("all")
  void shouldExit64NamingTheBadArgumentOfEveryCommand(List<String> args, String named) {
    assertUsageError(args, named);
  }

  private static void assertUsageError(List<String> args, String named) {
    CliProcess.Result result = cli.run(String.join("_", args), args.toArray(String[]::new));

    assertThat(result.exitCode()).as(result.output()).isEqualTo(64);
    assertThat(result.err()).as(result.output()).contains(named);
    assertNoStackTrace(result);
  }

  /** The arguments as typed, with the configuration path shown as {@code _}. */
  private static String describe(Arguments arguments) {
    @SuppressWarnings("unchecked")
    List<String> args = (List<String>) arguments.get()[0];
    return String.join(" ", args).replace(config, "_");
  }

  @Test
  void shouldSayHowToGetHelpAfterAUsageError() {
    CliProcess.Result result = cli.run("usage-hint", "track", "--bogus");

    assertThat(result.err()).contains("See 'stream-poller track --help'.");
  }

  static void assertNoStackTrace(CliProcess.Result result) {
    assertThat(result.out() + result.err())
        .as(result.output())
        .doesNotContain("\tat ")
        .doesNotContain("Internal error")
        .doesNotContainPattern("(?m)^[\\w.$]+(Exception|Error): ");
  }

  private static List<String> withConfig(String... args) {
    List<String> all = new ArrayList<>();
    int commandWords = args.length > 1 && List.of("redeliver", "enable").contains(args[1]) ? 2 : 1;
    for (int i = 0; i < commandWords; i++) {
      all.add(args[i]);
    }
    all.add("--config");
    all.add(config == null ? "unset" : config);
    all.addAll(List.of(args).subList(commandWords, args.length));
    return all;
  }

  private static List<String> join(List<String> command, String... more) {
    List<String> all = new ArrayList<>(command);
    all.addAll(List.of(more));
    return all;
  }
}
