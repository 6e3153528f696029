package dev.streampoller.cli;

import dev.streampoller.tracking.TrackedVideoRepository;
import dev.streampoller.tracking.Transition;
import dev.streampoller.tracking.TransitionRepository;
import dev.streampoller.tracking.VideoKey;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code history UID}: a video's transition timeline, oldest first. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "Print every recorded transition of the videos' downloads, oldest first.")
final class HistoryCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin ConfigOption config;
  @Mixin VideoArguments videos;

  @Option(
      names = "--limit",
      defaultValue = "1000",
      description = "At most this many (default 1000).")
  int limit;

  @Override
  public Integer call() {
    videos.validate();
    ArgumentChecks.atLeast(spec, "--limit", 1, limit);
    try (OperatorSession session = config.open("history")) {
      return videos.forEach(
          session.config(),
          key -> {
            List<Transition> timeline =
                new ArrayList<>(
                    session
                        .database()
                        .inTransaction(c -> new TransitionRepository().recent(c, key, limit)));
            Collections.reverse(timeline);
            Optional<String> source =
                session.database().inTransaction(c -> new TrackedVideoRepository().source(c, key));
            print(key, source, timeline);
            return !timeline.isEmpty();
          });
    }
  }

  private static void print(VideoKey key, Optional<String> source, List<Transition> timeline) {
    System.out.println(
        "Video "
            + key
            + source
                .map(
                    s ->
                        s.equals("discovered")
                            ? " (discovered by auto-track)"
                            : " (tracked by hand)")
                .orElse("")
            + (timeline.isEmpty() ? ": no transitions recorded" : ""));
    timeline.forEach(
        t ->
            System.out.printf(
                "  %s  %-10s #%-3d %-11s -> %-10s %s%n",
                t.observedAt(),
                t.downloadType(),
                t.sequence(),
                t.before() == null ? "(first)" : t.before().status(),
                t.after().status(),
                t.after().percentComplete() == null ? "" : t.after().percentComplete() + "%"));
  }
}
