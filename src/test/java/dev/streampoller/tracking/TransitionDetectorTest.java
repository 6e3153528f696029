package dev.streampoller.tracking;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TransitionDetectorTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final Instant T1 = Instant.parse("2026-01-01T00:00:05Z");

  private static DownloadSnapshot snap(String type, String status, Double percent) {
    return new DownloadSnapshot(type, status, percent, "https://x/" + type);
  }

  private static Map<String, StoredDownload> stored(DownloadSnapshot... snapshots) {
    java.util.Map<String, StoredDownload> map = new java.util.HashMap<>();
    for (DownloadSnapshot s : snapshots) {
      map.put(s.type(), new StoredDownload(s, 3, T0));
    }
    return map;
  }

  @Test
  void shouldRecordFirstObservationWithoutBefore() {
    Detection d =
        TransitionDetector.detect(Map.of(), List.of(snap("default", "inprogress", 10.0)), T1);

    assertThat(d.transitions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.before()).isNull();
              assertThat(t.sequence()).isEqualTo(1);
              assertThat(t.after().percentComplete()).isEqualTo(10.0);
              assertThat(t.observedAt()).isEqualTo(T1);
            });
    assertThat(d.newState())
        .singleElement()
        .satisfies(s -> assertThat(s.firstSeenAt()).isEqualTo(T1));
    assertThat(d.terminalTransitions()).isEmpty();
    assertThat(d.allTerminal()).isFalse();
  }

  @Test
  void shouldRecordProgressChangeWithBeforeAndNextSequence() {
    Detection d =
        TransitionDetector.detect(
            stored(snap("default", "inprogress", 10.0)),
            List.of(snap("default", "inprogress", 55.5)),
            T1);

    assertThat(d.transitions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.before().percentComplete()).isEqualTo(10.0);
              assertThat(t.after().percentComplete()).isEqualTo(55.5);
              assertThat(t.sequence()).isEqualTo(4);
            });
    assertThat(d.newState().get(0).firstSeenAt()).isEqualTo(T0);
    assertThat(d.changed()).isTrue();
  }

  @Test
  void shouldRecordNothingWhenUnchanged() {
    DownloadSnapshot same = snap("default", "inprogress", 42.0);
    Detection d = TransitionDetector.detect(stored(same), List.of(same), T1);

    assertThat(d.transitions()).isEmpty();
    assertThat(d.changed()).isFalse();
    assertThat(d.newState()).singleElement().satisfies(s -> assertThat(s.sequence()).isEqualTo(3));
  }

  @Test
  void shouldRecordUrlChangeAlone() {
    DownloadSnapshot before = new DownloadSnapshot("default", "inprogress", 50.0, null);
    DownloadSnapshot after = new DownloadSnapshot("default", "inprogress", 50.0, "https://x");
    Detection d = TransitionDetector.detect(stored(before), List.of(after), T1);

    assertThat(d.transitions())
        .singleElement()
        .satisfies(t -> assertThat(t.after().url()).isEqualTo("https://x"));
  }

  @Test
  void shouldOweAWebhookWhenADownloadBecomesReady() {
    Detection d =
        TransitionDetector.detect(
            stored(snap("default", "inprogress", 90.0)),
            List.of(snap("default", "ready", 100.0)),
            T1);

    assertThat(d.terminalTransitions())
        .singleElement()
        .satisfies(t -> assertThat(t.after().status()).isEqualTo("ready"));
    assertThat(d.allTerminal()).isTrue();
  }

  @Test
  void shouldOweAWebhookWhenADownloadErrorsMidway() {
    Detection d =
        TransitionDetector.detect(
            stored(snap("audio", "inprogress", 40.0)), List.of(snap("audio", "error", 40.0)), T1);

    assertThat(d.terminalTransitions()).hasSize(1);
  }

  @Test
  void shouldOweAWebhookForADownloadFirstSeenAlreadyReady() {
    Detection d = TransitionDetector.detect(Map.of(), List.of(snap("default", "ready", 100.0)), T1);

    assertThat(d.terminalTransitions()).hasSize(1);
  }

  @Test
  void shouldNotOweASecondWebhookWhenAReadyDownloadOnlyChangesUrl() {
    DownloadSnapshot before = new DownloadSnapshot("default", "ready", 100.0, "https://a");
    DownloadSnapshot after = new DownloadSnapshot("default", "ready", 100.0, "https://b");
    Detection d = TransitionDetector.detect(stored(before), List.of(after), T1);

    assertThat(d.transitions()).hasSize(1);
    assertThat(d.terminalTransitions()).isEmpty();
  }

  @Test
  void shouldNotBeAllTerminalWhileAnotherDownloadIsInProgress() {
    Detection d =
        TransitionDetector.detect(
            Map.of(),
            List.of(snap("default", "ready", 100.0), snap("audio", "inprogress", 3.0)),
            T1);

    assertThat(d.allTerminal()).isFalse();
    assertThat(d.transitions())
        .extracting(Transition::downloadType)
        .containsExactly("audio", "default");
  }

  @Test
  void shouldNotBeAllTerminalWithoutAnyDownload() {
    Detection d = TransitionDetector.detect(Map.of(), List.of(), T1);

    assertThat(d.allTerminal()).isFalse();
    assertThat(d.newState()).isEmpty();
  }

  @Test
  void shouldBeAllTerminalWhenEveryDownloadWithAStatusIsFinishedThoughAnEntryHasNone() {
    Detection d =
        TransitionDetector.detect(
            Map.of(),
            List.of(
                snap("default", "ready", 100.0),
                new DownloadSnapshot("future-shape", DownloadStatus.UNKNOWN, null, null)),
            T1);

    assertThat(d.allTerminal()).isTrue();
    assertThat(d.newState())
        .extracting(s -> s.snapshot().status())
        .containsExactly("ready", DownloadStatus.UNKNOWN);
  }

  @Test
  void shouldNotBeAllTerminalWhenNoEntryHasAStatus() {
    Detection d =
        TransitionDetector.detect(
            Map.of(),
            List.of(new DownloadSnapshot("future-shape", DownloadStatus.UNKNOWN, null, null)),
            T1);

    assertThat(d.allTerminal()).isFalse();
  }

  @Test
  void shouldKeepUnknownStatusAndNewDownloadTypeAsData() {
    Detection d =
        TransitionDetector.detect(
            Map.of(), List.of(new DownloadSnapshot("hls-archive", "queued", null, null)), T1);

    assertThat(d.transitions())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.after().status()).isEqualTo("queued");
              assertThat(t.becameTerminal()).isFalse();
            });
  }

  @Test
  void shouldReportVanishedDownloadsAndKeepTheirState() {
    Detection d =
        TransitionDetector.detect(
            stored(snap("default", "inprogress", 10.0), snap("audio", "ready", 100.0)),
            List.of(snap("default", "inprogress", 20.0)),
            T1);

    assertThat(d.vanished()).containsExactly("audio");
    assertThat(d.newState()).extracting(s -> s.snapshot().type()).containsExactly("default");
  }

  @Test
  void shouldRejectTheSameTypeObservedTwice() {
    assertThatThrownBy(
            () ->
                TransitionDetector.detect(
                    Map.of(),
                    List.of(snap("default", "ready", 100.0), snap("default", "error", 1.0)),
                    T1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("default");
  }

  @Test
  void shouldRejectPercentOutsideZeroToHundred() {
    assertThatThrownBy(() -> snap("default", "inprogress", 100.5)).hasMessageContaining("0..100");
    assertThatThrownBy(() -> snap("default", "inprogress", Double.NaN))
        .hasMessageContaining("0..100");
  }
}
