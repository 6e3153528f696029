package dev.streampoller.faults;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streampoller.faults.VideoPlan.PlannedVideo;
import dev.streampoller.faults.VideoPlan.Terminal;
import dev.streampoller.simulator.RequestLog;
import dev.streampoller.simulator.WebhookReceiver.ReceivedWebhook;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * Counts what a run lost, doubled or got wrong, from three independent records: the plan (what the
 * simulator was scripted to do), PostgreSQL (what the daemons recorded) and the receivers (what
 * arrived, verified). Reads only; call it while the daemons still run, so claims past their lease
 * are ones no live instance took back.
 */
final class Checker {
  private static final String TERMINAL_TRANSITIONS =
      """
      SELECT account_id, video_uid, download_type, to_status, count(*) AS n
        FROM download_transition
       WHERE to_status IN ('ready', 'error')
       GROUP BY account_id, video_uid, download_type, to_status
      """;
  private static final String STUCK_CLAIMS =
      """
      SELECT (SELECT count(*) FROM tracked_video
               WHERE claimed_until < now() - make_interval(secs => ?))
           + (SELECT count(*) FROM webhook_delivery
               WHERE claimed_until < now() - make_interval(secs => ?))
      """;

  /** Times in failure messages, as the daemons' logs print them (UTC). */
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  private static final String DELIVERY_STATES =
      "SELECT state, count(*) FROM webhook_delivery GROUP BY state";

  private Checker() {}

  static CheckResult check(
      String scenario,
      long seed,
      DataSource dataSource,
      VideoPlan plan,
      RequestLog requests,
      Map<String, List<ReceivedWebhook>> receivedByEndpoint,
      Set<String> excludedEndpoints,
      Duration claimSlack,
      Map<String, String> figures) {
    Set<Terminal> owed = plan.terminals();
    Map<Terminal, Integer> recorded = new HashMap<>();
    int stuck;
    Map<String, Integer> states = new HashMap<>();
    try (Connection c = dataSource.getConnection()) {
      try (PreparedStatement ps = c.prepareStatement(TERMINAL_TRANSITIONS);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          recorded.put(
              new Terminal(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4)),
              rs.getInt(5));
        }
      }
      try (PreparedStatement ps = c.prepareStatement(STUCK_CLAIMS)) {
        ps.setDouble(1, claimSlack.toMillis() / 1000.0);
        ps.setDouble(2, claimSlack.toMillis() / 1000.0);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          stuck = rs.getInt(1);
        }
      }
      try (PreparedStatement ps = c.prepareStatement(DELIVERY_STATES);
          ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          states.put(rs.getString(1), rs.getInt(2));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("the checker could not read the database", e);
    }
    List<Terminal> lost = owed.stream().filter(t -> !recorded.containsKey(t)).toList();
    int lostTransitions = lost.size();
    if (!lost.isEmpty() && !scenario.equals("probe")) {
      System.out.println("FAULTS " + scenario + " lost transitions: " + lost);
    }
    Set<String> unfinished = new HashSet<>();
    lost.forEach(t -> unfinished.add(t.uid()));
    int doubled = recorded.values().stream().mapToInt(n -> n - 1).sum();
    int unexpectedTransitions =
        (int) recorded.keySet().stream().filter(t -> !owed.contains(t)).count();

    int lostEvents = 0;
    int unexpected = unexpectedTransitions;
    int duplicates = 0;
    Map<Terminal, Set<String>> idsByEvent = new HashMap<>();
    for (Map.Entry<String, List<ReceivedWebhook>> endpoint : receivedByEndpoint.entrySet()) {
      Set<Terminal> arrived = new HashSet<>();
      Set<String> ids = new HashSet<>();
      for (ReceivedWebhook w : endpoint.getValue()) {
        Terminal event = eventOf(w.json());
        if (!w.signatureValid() || event == null || !owed.contains(event)) {
          unexpected++;
          continue;
        }
        arrived.add(event);
        if (!ids.add(w.msgId())) {
          duplicates++;
        }
        idsByEvent.computeIfAbsent(event, e -> new HashSet<>()).add(w.msgId());
      }
      if (!excludedEndpoints.contains(endpoint.getKey())) {
        lostEvents += (int) owed.stream().filter(t -> !arrived.contains(t)).count();
      }
    }
    int severalIds = (int) idsByEvent.values().stream().filter(ids -> ids.size() > 1).count();
    List<RequestLog.Overlap> overlaps = overlappingPolls(requests.entries());
    PollGap gap = longestPollGap(plan.videos(), requests.entries(), unfinished, Instant.now());
    return new CheckResult(
        scenario,
        seed,
        plan.videos().size(),
        owed.size(),
        lostTransitions,
        doubled,
        lostEvents,
        unexpected,
        severalIds,
        duplicates,
        overlaps.size(),
        overlaps.stream().map(Checker::describe).toList(),
        stuck,
        gap.length(),
        gap.describe(),
        states.getOrDefault("pending", 0),
        states.getOrDefault("dead", 0),
        figures);
  }

  /**
   * Pairs of downloads requests for one video that were open at the same time (a request still open
   * counts as open until now), from the simulator's arrival and end instants, in arrival order.
   */
  static List<RequestLog.Overlap> overlappingPolls(List<RequestLog.Entry> requests) {
    Map<String, List<RequestLog.Entry>> byVideo = new LinkedHashMap<>();
    for (RequestLog.Entry e : requests) {
      if ("GET".equals(e.method()) && e.uid() != null) {
        byVideo.computeIfAbsent(e.accountId() + "/" + e.uid(), k -> new ArrayList<>()).add(e);
      }
    }
    List<RequestLog.Overlap> overlapping = new ArrayList<>();
    for (List<RequestLog.Entry> polls : byVideo.values()) {
      for (int i = 0; i < polls.size(); i++) {
        for (int j = i + 1; j < polls.size(); j++) {
          if (polls.get(i).overlaps(polls.get(j))) {
            overlapping.add(new RequestLog.Overlap(polls.get(i), polls.get(j)));
          }
        }
      }
    }
    return overlapping;
  }

  /**
   * An overlap as a reader needs it to find both requests in the daemons' logs: the video, and each
   * request's span and how it ended, e.g. {@code acc1/v3: 23:07:40.101-23:07:45.102 (client gone)
   * and 23:07:43.600-23:07:43.640 (answered)}.
   */
  static String describe(RequestLog.Overlap overlap) {
    RequestLog.Entry first = overlap.first();
    return first.accountId()
        + "/"
        + first.uid()
        + ": "
        + span(first)
        + " and "
        + span(overlap.second());
  }

  private static String span(RequestLog.Entry e) {
    Instant end = e.endedAt();
    return TIME.format(e.at())
        + "-"
        + (end == null ? "open" : TIME.format(end))
        + " ("
        + e.ending().description()
        + ")";
  }

  /** The owed transition a webhook body announces, or null when it names none. */
  private static Terminal eventOf(JsonNode json) {
    JsonNode data = json.path("data");
    if (!data.isObject()) {
      return null;
    }
    return new Terminal(
        data.path("accountId").asText(),
        data.path("videoId").asText(),
        data.path("downloadType").asText(),
        data.path("status").asText());
  }

  /**
   * The longest wait of one video for its next poll; {@code video} is empty when none waited.
   * {@code otherPolls} counts the requests for other videos of its account the simulator received
   * meanwhile: many means the account's budget went to other videos first (the claim order ranks by
   * urgency), none means nobody polled the account (a pause, an outage, stuck claims).
   */
  record PollGap(String video, Instant from, Instant to, int otherPolls) {
    static final PollGap NONE = new PollGap("", Instant.EPOCH, Instant.EPOCH, 0);

    Duration length() {
      return Duration.between(from, to);
    }

    /**
     * E.g. {@code acc1/v3 23:07:20.100-23:08:26.600, 140 polls of other videos of the account
     * meanwhile}, or empty when none waited.
     */
    String describe() {
      return video.isEmpty()
          ? ""
          : video
              + " "
              + TIME.format(from)
              + "-"
              + TIME.format(to)
              + ", "
              + otherPolls
              + " polls of other videos of the account meanwhile";
    }
  }

  /**
   * The longest wait of any planned video: from tracking to its first poll, between consecutive
   * polls, and, for a video that still owes a transition, from its last poll to {@code now} (a
   * video nobody polls any more must show, not vanish from the figure).
   */
  static PollGap longestPollGap(
      Collection<PlannedVideo> videos,
      List<RequestLog.Entry> requests,
      Set<String> unfinished,
      Instant now) {
    Map<String, List<Instant>> polls = new HashMap<>();
    for (RequestLog.Entry e : requests) {
      if ("GET".equals(e.method()) && e.uid() != null) {
        polls.computeIfAbsent(e.uid(), k -> new ArrayList<>()).add(e.at());
      }
    }
    PlannedVideo longestOf = null;
    Instant longestFrom = Instant.EPOCH;
    Instant longestTo = Instant.EPOCH;
    for (PlannedVideo video : videos) {
      List<Instant> times = new ArrayList<>(polls.getOrDefault(video.uid(), List.of()));
      times.sort(null);
      Instant previous = video.addedAt();
      for (Instant t : times) {
        if (Duration.between(previous, t).compareTo(Duration.between(longestFrom, longestTo)) > 0) {
          longestOf = video;
          longestFrom = previous;
          longestTo = t;
        }
        previous = t;
      }
      if (unfinished.contains(video.uid())
          && Duration.between(previous, now).compareTo(Duration.between(longestFrom, longestTo))
              > 0) {
        longestOf = video;
        longestFrom = previous;
        longestTo = now;
      }
    }
    if (longestOf == null) {
      return PollGap.NONE;
    }
    PlannedVideo waited = longestOf;
    Instant from = longestFrom;
    Instant to = longestTo;
    int others =
        (int)
            requests.stream()
                .filter(
                    e ->
                        "GET".equals(e.method())
                            && waited.accountId().equals(e.accountId())
                            && e.uid() != null
                            && !waited.uid().equals(e.uid())
                            && e.at().isAfter(from)
                            && e.at().isBefore(to))
                .count();
    return new PollGap(waited.accountId() + "/" + waited.uid(), from, to, others);
  }
}
