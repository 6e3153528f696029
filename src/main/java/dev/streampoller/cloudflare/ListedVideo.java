package dev.streampoller.cloudflare;

import java.time.Instant;
import java.util.Objects;

/**
 * One video of a list answer ({@code GET /accounts/{id}/stream}), with what discovery needs: its
 * uid, its created time (the list's order and cursor) and whether it is ready to stream.
 */
public record ListedVideo(String uid, Instant created, boolean readyToStream) {
  public ListedVideo {
    Objects.requireNonNull(uid, "uid");
    Objects.requireNonNull(created, "created");
  }
}
