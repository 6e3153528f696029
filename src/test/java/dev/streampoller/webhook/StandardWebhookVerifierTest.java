package dev.streampoller.webhook;

import static dev.streampoller.webhook.WebhookSignerTest.SPEC_MSG_ID;
import static dev.streampoller.webhook.WebhookSignerTest.SPEC_PAYLOAD;
import static dev.streampoller.webhook.WebhookSignerTest.SPEC_SECRET;
import static dev.streampoller.webhook.WebhookSignerTest.SPEC_SIGNATURE;
import static dev.streampoller.webhook.WebhookSignerTest.SPEC_TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.config.Secret;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class StandardWebhookVerifierTest {
  private static final String TS = Long.toString(SPEC_TIMESTAMP);
  private final MutableClock clock = new MutableClock(Instant.ofEpochSecond(SPEC_TIMESTAMP));
  private final StandardWebhookVerifier verifier = StandardWebhookVerifier.of(SPEC_SECRET, clock);

  @Test
  void shouldAcceptTheSpecificationsTestVector() {
    assertThatCode(() -> verifier.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, SPEC_PAYLOAD))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldAcceptATimestampExactlyAtTheToleranceEitherWay() {
    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP).plus(Duration.ofMinutes(5)));
    assertThatCode(() -> verifier.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, SPEC_PAYLOAD))
        .doesNotThrowAnyException();

    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP).minus(Duration.ofMinutes(5)));
    assertThatCode(() -> verifier.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, SPEC_PAYLOAD))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRejectATimestampOlderThanTheTolerance() {
    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP).plus(Duration.ofMinutes(5).plusSeconds(1)));

    assertRejected(
        () -> verifier.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, SPEC_PAYLOAD),
        Reason.TIMESTAMP_TOO_OLD);
  }

  @Test
  void shouldRejectATimestampFurtherInTheFutureThanTheTolerance() {
    clock.set(Instant.ofEpochSecond(SPEC_TIMESTAMP).minus(Duration.ofMinutes(5).plusSeconds(1)));

    assertRejected(
        () -> verifier.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, SPEC_PAYLOAD),
        Reason.TIMESTAMP_TOO_NEW);
  }

  @Test
  void shouldHonourACustomTolerance() {
    var strict = new StandardWebhookVerifier(List.of(SPEC_SECRET), clock, Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(11));

    assertRejected(
        () -> strict.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, SPEC_PAYLOAD),
        Reason.TIMESTAMP_TOO_OLD);
  }

  @Test
  void shouldRejectATamperedBody() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);

    assertRejected(
        () -> verifier.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, tampered),
        Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void shouldRejectATamperedMessageId() {
    assertRejected(
        () -> verifier.verify("msg_other", TS, SPEC_SIGNATURE, SPEC_PAYLOAD),
        Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void shouldRejectASignatureMadeWithAnotherSecret() {
    var other = StandardWebhookVerifier.of(WebhookSigner.generateSecret(), clock);

    assertRejected(
        () -> other.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, SPEC_PAYLOAD),
        Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void shouldAcceptAHeaderWhereAnyOfSeveralSignaturesMatches() {
    String header =
        "v1,Ceo5qEr07ixe2NLpvHk3FH9bwy/WavXrAFQ/9tdO6mc= v2,whatever "
            + SPEC_SIGNATURE
            + " v1a,junk";

    assertThatCode(() -> verifier.verify(SPEC_MSG_ID, TS, header, SPEC_PAYLOAD))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldIgnoreTheRightSignatureUnderAnotherVersion() {
    String header = SPEC_SIGNATURE.replace("v1,", "v2,");

    assertRejected(
        () -> verifier.verify(SPEC_MSG_ID, TS, header, SPEC_PAYLOAD), Reason.NO_MATCHING_SIGNATURE);
  }

  @Test
  void shouldAcceptAMessageSignedByARotatingSignerWithEitherSecret() {
    Secret next = WebhookSigner.generateSecret();
    String header =
        WebhookSigner.of(SPEC_SECRET, next).sign(SPEC_MSG_ID, SPEC_TIMESTAMP, SPEC_PAYLOAD);

    assertThatCode(
            () ->
                StandardWebhookVerifier.of(next, clock)
                    .verify(SPEC_MSG_ID, TS, header, SPEC_PAYLOAD))
        .doesNotThrowAnyException();
    assertThatCode(() -> verifier.verify(SPEC_MSG_ID, TS, header, SPEC_PAYLOAD))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldAcceptAnyOfSeveralConfiguredSecrets() {
    var both =
        new StandardWebhookVerifier(
            List.of(WebhookSigner.generateSecret(), SPEC_SECRET),
            clock,
            StandardWebhookVerifier.DEFAULT_TOLERANCE);

    assertThatCode(() -> both.verify(SPEC_MSG_ID, TS, SPEC_SIGNATURE, SPEC_PAYLOAD))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRejectMissingHeaders() {
    assertRejected(
        () -> verifier.verify(null, TS, SPEC_SIGNATURE, SPEC_PAYLOAD), Reason.MISSING_HEADER);
    assertRejected(
        () -> verifier.verify(SPEC_MSG_ID, null, SPEC_SIGNATURE, SPEC_PAYLOAD),
        Reason.MISSING_HEADER);
    assertRejected(
        () -> verifier.verify(SPEC_MSG_ID, TS, " ", SPEC_PAYLOAD), Reason.MISSING_HEADER);
  }

  @Test
  void shouldRejectATimestampThatIsNotUnixSeconds() {
    assertRejected(
        () -> verifier.verify(SPEC_MSG_ID, "2021-02-26T15:02:10Z", SPEC_SIGNATURE, SPEC_PAYLOAD),
        Reason.INVALID_TIMESTAMP);
  }

  @Test
  void shouldRejectAToleranceBelowOneSecond() {
    assertThatThrownBy(
            () -> new StandardWebhookVerifier(List.of(SPEC_SECRET), clock, Duration.ofMillis(500)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static void assertRejected(ThrowingCallable call, Reason reason) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WebhookVerificationException.class, e -> assertThat(e.reason()).isEqualTo(reason))
        .hasMessageNotContaining("MfKQ9r8G");
  }
}
