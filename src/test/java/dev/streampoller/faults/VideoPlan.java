package dev.streampoller.faults;

import dev.streampoller.simulator.ScriptedDownload;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The ground truth of a run: every video given to the simulator, when, and the fate of each of its
 * downloads. Random fates come from the scenario's seeded {@link Random}, so a seed replays the
 * same plan. Thread-safe.
 */
public final class VideoPlan {

  /** One planned video and the account it belongs to. */
  public record PlannedVideo(
      String accountId, String uid, Instant addedAt, List<ScriptedDownload> downloads) {
    public PlannedVideo {
      Objects.requireNonNull(accountId, "accountId");
      Objects.requireNonNull(uid, "uid");
      Objects.requireNonNull(addedAt, "addedAt");
      downloads = List.copyOf(downloads);
    }

    /** When the last download reaches its terminal status. */
    public Instant doneAt() {
      Instant last = addedAt;
      for (ScriptedDownload d : downloads) {
        Instant end = addedAt.plus(d.creationOffset()).plus(terminalAfter(d));
        last = end.isAfter(last) ? end : last;
      }
      return last;
    }

    private static Duration terminalAfter(ScriptedDownload d) {
      if (d.outcome() == ScriptedDownload.Outcome.READY) {
        return d.buildDuration();
      }
      return Duration.ofNanos((long) (d.buildDuration().toNanos() * d.errorAtPercent() / 100.0));
    }
  }

  /** A terminal transition the run owes: this download of this video into ready or error. */
  public record Terminal(String accountId, String uid, String type, String status) {}

  private final List<PlannedVideo> videos = new ArrayList<>();
  private final String prefix;
  private int next;

  /** Video uids start with {@code prefix} (letters and digits), unique per run. */
  public VideoPlan(String prefix) {
    this.prefix = Objects.requireNonNull(prefix, "prefix");
  }

  /**
   * Plans a random video: one or two downloads (default, audio), created together 0-2 s after the
   * video is tracked (as an application that tracks first and then creates its downloads), each
   * building 1-6 s, ready four times in five, otherwise failing part-way.
   *
   * <p>Together, because the daemon's contract is "done once every listed download is ready or
   * error": a download created after all earlier ones of its video finished is not watched unless
   * the video is tracked again (README, "When tracking ends"). With one offset per download the
   * plan owed events the daemon never promised (an audio download failing before the default one
   * was even created ended the video).
   */
  public synchronized PlannedVideo random(String accountId, Instant now, Random random) {
    List<ScriptedDownload> downloads = new ArrayList<>();
    Duration created = Duration.ofMillis(random.nextInt(2_000));
    for (String type : random.nextInt(3) == 0 ? List.of("default", "audio") : List.of("default")) {
      Duration build = Duration.ofMillis(1_000 + random.nextInt(5_000));
      ScriptedDownload d =
          random.nextInt(5) == 0
              ? ScriptedDownload.error(type, build, 10 + random.nextInt(80))
              : ScriptedDownload.ready(type, build);
      downloads.add(d.withCreationOffset(created));
    }
    PlannedVideo video = new PlannedVideo(accountId, prefix + "v" + next++, now, downloads);
    videos.add(video);
    return video;
  }

  public synchronized List<PlannedVideo> videos() {
    return List.copyOf(videos);
  }

  /** Every terminal transition owed by the videos planned so far. */
  public synchronized Set<Terminal> terminals() {
    return videos.stream()
        .flatMap(
            v ->
                v.downloads().stream()
                    .map(
                        d ->
                            new Terminal(
                                v.accountId(),
                                v.uid(),
                                d.type(),
                                d.outcome() == ScriptedDownload.Outcome.READY ? "ready" : "error")))
        .collect(Collectors.toUnmodifiableSet());
  }

  /** When the last planned download becomes terminal. */
  public synchronized Instant lastDoneAt() {
    return videos.stream().map(PlannedVideo::doneAt).max(Instant::compareTo).orElse(Instant.EPOCH);
  }
}
