package dev.streampoller.faults;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Appends each run's row to {@code target/faults/report.md}, writing the header first. */
final class FaultReport {
  static final Path FILE = FaultWorld.ROOT.resolve("report.md");

  private FaultReport() {}

  static synchronized void append(CheckResult result) {
    System.out.println(result.summaryLine());
    try {
      Files.createDirectories(FILE.getParent());
      if (!Files.exists(FILE)) {
        Files.writeString(FILE, "# Fault suite runs\n\n" + CheckResult.markdownHeader());
      }
      Files.writeString(FILE, result.markdownRow(), StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot append to " + FILE, e);
    }
  }
}
