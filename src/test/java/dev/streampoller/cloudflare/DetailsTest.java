package dev.streampoller.cloudflare;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class DetailsTest {
  @Test
  void shouldMaskEverySecretOccurrence() {
    Details details = new Details(List.of("s3cret-token"));

    assertThat(details.redact("bad token s3cret-token (s3cret-token)"))
        .isEqualTo("bad token **** (****)");
  }

  @Test
  void shouldBoundTheLengthAndKeepOneLine() {
    String detail = Details.bound("line one\nline two " + "x".repeat(1000));

    assertThat(detail).hasSize(Details.MAX_LENGTH).doesNotContain("\n").endsWith("...");
  }

  @Test
  void shouldBoundDetailsInResultRecords() {
    var failed =
        new ListDownloadsResult.CredentialRejected(403, "y".repeat(Details.MAX_LENGTH * 2));

    assertThat(failed.detail()).hasSize(Details.MAX_LENGTH);
  }
}
