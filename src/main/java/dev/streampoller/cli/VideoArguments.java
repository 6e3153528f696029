package dev.streampoller.cli;

import dev.streampoller.config.AppConfig;
import dev.streampoller.tracking.VideoKey;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** The {@code [--account ID] UID...} arguments of track, untrack and status. */
final class VideoArguments {
  @Option(
      names = "--account",
      paramLabel = "ID",
      description = "Cloudflare account id (default: cloudflare.account-id).")
  String account;

  @Parameters(arity = "1..*", paramLabel = "UID", description = "Stream video uid(s).")
  List<String> uids = new ArrayList<>();

  /** The command these arguments are mixed into. */
  @Spec(Spec.Target.MIXEE)
  CommandSpec command;

  /** What a command does with one video: whether it found it (tracked, with a history, ...). */
  @FunctionalInterface
  interface VideoWork {
    boolean apply(VideoKey key);
  }

  /**
   * Checks every argument before anything else happens, so a typo exits 64 without touching the
   * database, and names each bad value.
   */
  void validate() {
    List<String> problems = new ArrayList<>();
    if (account != null && !VideoKey.isValidId(account)) {
      problems.add("--account must be 1 to 32 letters or digits, was '" + account + "'");
    }
    for (String uid : uids) {
      if (!VideoKey.isValidId(uid)) {
        problems.add("video uid must be 1 to 32 letters or digits, was '" + uid + "'");
      }
    }
    if (!problems.isEmpty()) {
      throw new CommandLine.ParameterException(command.commandLine(), String.join("\n", problems));
    }
  }

  List<VideoKey> keys(AppConfig config) {
    String accountId = account != null ? account : config.cloudflare().defaultAccount().accountId();
    return uids.stream().map(uid -> new VideoKey(accountId, uid)).toList();
  }

  /**
   * Runs {@code work} for each video, in the order given; exit 0 when it found every one, else 65
   * (data), after trying them all.
   */
  int forEach(AppConfig config, VideoWork work) {
    int missing = 0;
    for (VideoKey key : keys(config)) {
      missing += work.apply(key) ? 0 : 1;
    }
    return missing == 0 ? ExitCodes.OK : ExitCodes.DATA;
  }
}
