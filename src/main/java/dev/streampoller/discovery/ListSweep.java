package dev.streampoller.discovery;

import dev.streampoller.cloudflare.CloudflareClient;
import dev.streampoller.cloudflare.Download;
import dev.streampoller.cloudflare.ListDownloadsResult;
import dev.streampoller.cloudflare.ListVideosResult;
import dev.streampoller.cloudflare.ListedVideo;
import dev.streampoller.cloudflare.RateLimitInfo;
import dev.streampoller.cloudflare.VideoListQuery;
import dev.streampoller.tracking.DownloadSnapshot;
import dev.streampoller.tracking.VideoKey;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One list request of a round and its answer, video by video, oldest first: a video not known yet
 * gets its downloads created (each request through the budget) and is tracked, and the position
 * (the cursor, or the look-back sweep's) moves past each video handled, in the transaction that
 * tracks it. A failure stops the sweep where it is, so the next round starts at the first video not
 * handled.
 */
final class ListSweep {
  /** What the sweep did: the round's end if it must stop, else the answer's size and its last. */
  record Result(@Nullable RoundEnd end, int size, @Nullable Instant last) {}

  private final RoundContext round;
  private final boolean forward;

  /** {@code forward}: the cursor moves; else the look-back position does. */
  ListSweep(RoundContext round, boolean forward) {
    this.round = round;
    this.forward = forward;
  }

  /**
   * Sends {@code query}, which lists from a little before {@code from} (see {@link
   * DiscoveryRound#listFrom}), and handles the videos created after {@code since}.
   */
  Result run(VideoListQuery query, Instant from, Instant since) {
    Optional<RoundEnd> held =
        round
            .budgetTooSmall()
            .or(() -> round.takeTokens(1, 1 + round.settings().downloads().size(), 1));
    if (held.isPresent()) {
      return new Result(held.get(), 0, null);
    }
    ListVideosResult answer = round.client().listVideos(round.accountId(), query);
    if (answer instanceof ListVideosResult.Refused refused) {
      return new Result(round.failure(refused.failure(), "list"), 0, null);
    }
    round.answered();
    ListVideosResult.Videos listed = (ListVideosResult.Videos) answer;
    List<ListedVideo> videos = listed.videos();
    Set<String> known =
        round.inTransaction(
            c ->
                round
                    .videos()
                    .known(c, round.accountId(), videos.stream().map(ListedVideo::uid).toList()));
    Instant position = null;
    for (ListedVideo video : videos) {
      if (round.stopping()) {
        return new Result(RoundEnd.at(round.now()), videos.size(), position);
      }
      if (!known.contains(video.uid()) && video.readyToStream() && video.created().isAfter(since)) {
        Optional<RoundEnd> stop = track(video);
        if (stop.isPresent()) {
          return new Result(stop.get(), videos.size(), position);
        }
      }
      position = video.created();
    }
    boolean full = videos.size() >= CloudflareClient.LIST_CAP;
    Instant last = position;
    if (full && (last == null || !last.isAfter(from))) {
      // A whole answer at or before where it started: the next one would be the same.
      return new Result(
          round.failure(
              new ListDownloadsResult.Failed(
                  videos.size()
                      + " videos share created times up to "
                      + from
                      + ": the list call cannot get past them",
                  java.util.OptionalInt.empty(),
                  listed.rateLimit()),
              "list"),
          videos.size(),
          last);
    }
    boolean kept =
        round.inTransaction(
            c ->
                forward
                    ? round
                        .rows()
                        .progress(c, round.accountId(), round.owner(), last, false, null, 0)
                    : round
                        .rows()
                        .progress(
                            c,
                            round.accountId(),
                            round.owner(),
                            null,
                            true,
                            full ? last : null,
                            0));
    return new Result(kept ? null : RoundEnd.leaseLost(), videos.size(), position);
  }

  /** Creates the video's downloads and tracks it; the round's end when it must stop. */
  private Optional<RoundEnd> track(ListedVideo video) {
    List<String> types = round.settings().downloads();
    List<DownloadSnapshot> created = new ArrayList<>();
    if (!types.isEmpty()) {
      Optional<RoundEnd> held = round.takeTokens(types.size(), types.size(), 0);
      if (held.isPresent()) {
        return held;
      }
      for (String type : types) {
        ListDownloadsResult result =
            round.client().createDownload(round.accountId(), video.uid(), type);
        if (result instanceof ListDownloadsResult.VideoNotFound) {
          // Deleted since it was listed: nothing to track; the position moves past it.
          return record(video, false, List.of());
        }
        if (result instanceof ListDownloadsResult.CredentialRejected refused) {
          // The list call has just answered to this credential: it reads, so a refused create
          // is the write permission, discovery's alone. Polls (Stream Read) go on unpaused.
          return Optional.of(
              round.failure(
                  new ListDownloadsResult.Failed(
                      "refused, is the token without Stream Write? (" + refused.detail() + ")",
                      java.util.OptionalInt.of(refused.httpStatus()),
                      RateLimitInfo.none()),
                  "create " + type + " of " + video.uid()));
        }
        if (result instanceof ListDownloadsResult.Failed failed
            && failed.httpStatus().orElse(0) / 100 == 4) {
          // Refused for this video (a 4xx about the request): stopping here would hold every
          // later video back for good. It is passed; the look-back lists it again while it is in
          // the window, so a passing refusal heals.
          round.skipped("create " + type + " of " + video.uid(), failed.detail());
          return record(video, false, List.of());
        }
        if (!(result instanceof ListDownloadsResult.Downloads downloads)) {
          return Optional.of(round.failure(result, "create " + type + " of " + video.uid()));
        }
        try {
          for (Download d : downloads.downloads()) {
            created.removeIf(s -> s.type().equals(d.type()));
            created.add(new DownloadSnapshot(d.type(), d.status(), d.percentComplete(), d.url()));
          }
        } catch (IllegalArgumentException invalid) {
          return Optional.of(
              round.failure(
                  new ListDownloadsResult.Failed(
                      "invalid created download: " + invalid.getMessage(),
                      java.util.OptionalInt.empty(),
                      downloads.rateLimit()),
                  "create " + type + " of " + video.uid()));
        }
      }
    }
    return record(video, true, created);
  }

  /** Tracks the video (when {@code track}) and moves the position past it, in one transaction. */
  private Optional<RoundEnd> record(
      ListedVideo video, boolean track, List<DownloadSnapshot> created) {
    VideoKey key = new VideoKey(round.accountId(), video.uid());
    Instant now = round.now();
    Optional<Boolean> inserted =
        round.inTransaction(
            c -> {
              if (!round
                  .rows()
                  .renew(c, round.accountId(), round.owner(), round.leaseEnd(now), 0)) {
                return Optional.<Boolean>empty();
              }
              boolean started = track && round.videos().discover(c, key, now);
              if (started && !created.isEmpty()) {
                round.createdDownloads().record(c, key, created, now);
              }
              int found = started ? 1 : 0;
              round
                  .rows()
                  .progress(
                      c,
                      round.accountId(),
                      round.owner(),
                      forward ? video.created() : null,
                      !forward,
                      forward ? null : video.created(),
                      found);
              return Optional.of(started);
            });
    if (inserted.isEmpty()) {
      return Optional.of(RoundEnd.leaseLost());
    }
    if (inserted.get()) {
      round.discovered();
    }
    return Optional.empty();
  }
}
