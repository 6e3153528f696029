package dev.streampoller.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The simulated videos and their scripted downloads. Thread-safe. */
final class VideoStore {

  private record Key(String accountId, String uid) {}

  private final Map<Key, Video> videos = new ConcurrentHashMap<>();
  private final Map<String, Boolean> accounts = new ConcurrentHashMap<>();
  // The last created time handed out per account: each upload() gets a later one; a test that
  // wants ties (which Cloudflare does not rule out) gives the created time itself.
  private final Map<String, Instant> lastCreated = new HashMap<>();

  private volatile boolean boundsInclusive;

  /** Whether the list call's after/before include a video created at their time. */
  boolean boundsInclusive() {
    return boundsInclusive;
  }

  void boundsInclusive(boolean inclusive) {
    boundsInclusive = inclusive;
  }

  void addAccount(String accountId) {
    accounts.put(accountId, Boolean.TRUE);
  }

  boolean hasAccount(String accountId) {
    return accounts.containsKey(accountId);
  }

  void add(String accountId, String uid, List<ScriptedDownload> downloads, Instant now) {
    upload(accountId, new Upload(uid, "", "", Duration.ZERO), downloads, now);
  }

  /**
   * Adds a video created now (or just after the account's last one) that is ready after encoding.
   */
  void upload(String accountId, Upload upload, List<ScriptedDownload> downloads, Instant now) {
    addAccount(accountId);
    Instant created;
    synchronized (lastCreated) {
      Instant last = lastCreated.get(accountId);
      created = last != null && !now.isAfter(last) ? last.plusNanos(1000) : now;
      lastCreated.put(accountId, created);
    }
    videos.put(new Key(accountId, upload.uid()), new Video(upload, now, created, downloads, 0));
  }

  /** Adds a video created at {@code created}, which other videos may share. */
  void upload(String accountId, Upload upload, Instant created, Instant now) {
    addAccount(accountId);
    synchronized (lastCreated) {
      lastCreated.merge(accountId, created, (a, b) -> a.isAfter(b) ? a : b);
    }
    videos.put(new Key(accountId, upload.uid()), new Video(upload, now, created, List.of(), 0));
  }

  /** A video whose downloads are ready at the {@code polls}-th GET, in progress before it. */
  void addReadyAfterPolls(String accountId, String uid, String type, int polls, Instant now) {
    addAccount(accountId);
    Upload upload = new Upload(uid, "", "", Duration.ZERO);
    List<ScriptedDownload> downloads = List.of(ScriptedDownload.ready(type, Duration.ZERO));
    videos.put(new Key(accountId, uid), new Video(upload, now, now, downloads, polls));
  }

  /** The account's videos, in created order, oldest first (ties by uid). */
  List<Video> ofAccount(String accountId) {
    return videos.entrySet().stream()
        .filter(e -> e.getKey().accountId().equals(accountId))
        .map(Map.Entry::getValue)
        .sorted(java.util.Comparator.comparing(Video::created).thenComparing(v -> v.upload().uid()))
        .toList();
  }

  /**
   * What an upload is: its uid, the uploader's {@code creator} id and the video's name (empty for
   * none), and how long it encodes before it is ready to stream.
   */
  record Upload(String uid, String creator, String name, Duration encoding) {}

  boolean remove(String accountId, String uid) {
    return videos.remove(new Key(accountId, uid)) != null;
  }

  Optional<Video> find(String accountId, String uid) {
    return Optional.ofNullable(videos.get(new Key(accountId, uid)));
  }

  /** One video: when it was added, its scripts and any status overrides. */
  static final class Video {
    private final Upload upload;
    private final String uid;
    private final Instant addedAt;
    private final Instant created;
    private final List<ScriptedDownload> downloads;
    private final Map<String, String> statusOverrides = new HashMap<>();
    private final int readyAfterPolls;
    private int polls;

    Video(
        Upload upload,
        Instant addedAt,
        Instant created,
        List<ScriptedDownload> downloads,
        int readyAfterPolls) {
      this.upload = upload;
      this.uid = upload.uid();
      this.addedAt = addedAt;
      this.created = created;
      this.downloads = new ArrayList<>(downloads);
      this.readyAfterPolls = readyAfterPolls;
    }

    /**
     * What a GET at {@code now} lists: by time, or for a video scripted by polls, ready from its
     * {@code readyAfterPolls}-th GET on and in progress (a share of the polls) before.
     */
    synchronized Map<String, ScriptedDownload.Snapshot> polled(Instant now) {
      if (readyAfterPolls == 0) {
        return snapshot(now);
      }
      polls++;
      Map<String, ScriptedDownload.Snapshot> result = new LinkedHashMap<>();
      for (ScriptedDownload download : downloads) {
        result.put(
            download.type(),
            polls >= readyAfterPolls
                ? new ScriptedDownload.Snapshot("ready", 100.0)
                : new ScriptedDownload.Snapshot(
                    "inprogress", Math.floor(100.0 * polls / readyAfterPolls)));
      }
      return result;
    }

    Upload upload() {
      return upload;
    }

    Instant created() {
      return created;
    }

    /** When it is ready to stream: after its encoding. */
    Instant readyAt() {
      return addedAt.plus(upload.encoding());
    }

    boolean readyAt(Instant now) {
      return !now.isBefore(readyAt());
    }

    /** The downloads that exist at {@code now}, by type, in script order. */
    synchronized Map<String, ScriptedDownload.Snapshot> snapshot(Instant now) {
      Duration sinceAdded = Duration.between(addedAt, now);
      Map<String, ScriptedDownload.Snapshot> result = new LinkedHashMap<>();
      for (ScriptedDownload download : downloads) {
        download
            .snapshotAt(sinceAdded)
            .ifPresent(
                s -> {
                  String override = statusOverrides.get(download.type());
                  result.putIfAbsent(
                      download.type(),
                      override == null
                          ? s
                          : new ScriptedDownload.Snapshot(override, s.percentComplete()));
                });
      }
      return result;
    }

    /**
     * Starts a download of {@code type} now unless one is scripted already (POST is idempotent).
     */
    synchronized void create(String type, Duration buildDuration, Instant now) {
      boolean exists = downloads.stream().anyMatch(d -> d.type().equals(type));
      if (!exists) {
        Duration offset = Duration.between(addedAt, now);
        downloads.add(
            ScriptedDownload.ready(type, buildDuration)
                .withCreationOffset(offset.isNegative() ? Duration.ZERO : offset));
      }
    }

    /** Removes the download of {@code type}; false when there was none. */
    synchronized boolean delete(String type) {
      statusOverrides.remove(type);
      return downloads.removeIf(d -> d.type().equals(type));
    }

    synchronized void overrideStatus(String type, @Nullable String status) {
      if (status == null) {
        statusOverrides.remove(type);
      } else {
        statusOverrides.put(type, status);
      }
    }

    String url(String type) {
      String file = type.equals("audio") ? "audio.m4a" : type + ".mp4";
      return "https://sim.videodelivery.net/" + uid + "/downloads/" + file;
    }
  }
}
