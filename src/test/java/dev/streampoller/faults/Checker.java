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
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
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
    if (!lost.isEmpty()) {
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
        OptionalInt.of(overlappingPolls(requests.entries())),
        stuck,
        longestPollGap(plan.videos(), requests.entries(), unfinished, Instant.now()),
        states.getOrDefault("pending", 0),
        states.getOrDefault("dead", 0),
        figures);
  }

  /**
   * Pairs of downloads requests for one video that were open at the same time (a request still open
   * counts as open until now), from the simulator's arrival and end instants.
   */
  static int overlappingPolls(List<RequestLog.Entry> requests) {
    Map<String, List<RequestLog.Entry>> byVideo = new HashMap<>();
    for (RequestLog.Entry e : requests) {
      if ("GET".equals(e.method()) && e.uid() != null) {
        byVideo.computeIfAbsent(e.uid(), k -> new ArrayList<>()).add(e);
      }
    }
    int overlapping = 0;
    for (List<RequestLog.Entry> polls : byVideo.values()) {
      for (int i = 0; i < polls.size(); i++) {
        for (int j = i + 1; j < polls.size(); j++) {
          if (polls.get(i).overlaps(polls.get(j))) {
            overlapping++;
          }
        }
      }
    }
    return overlapping;
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
   * The longest wait of any planned video: from tracking to its first poll, between consecutive
   * polls, and, for a video that still owes a transition, from its last poll to {@code now} (a
   * video nobody polls any more must show, not vanish from the figure).
   */
  static Duration longestPollGap(
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
    Duration longest = Duration.ZERO;
    for (PlannedVideo video : videos) {
      List<Instant> times = new ArrayList<>(polls.getOrDefault(video.uid(), List.of()));
      times.sort(null);
      Instant previous = video.addedAt();
      for (Instant t : times) {
        Duration gap = Duration.between(previous, t);
        if (gap.compareTo(longest) > 0) {
          longest = gap;
        }
        previous = t;
      }
      if (unfinished.contains(video.uid())) {
        Duration open = Duration.between(previous, now);
        longest = open.compareTo(longest) > 0 ? open : longest;
      }
    }
    return longest;
  }
}
