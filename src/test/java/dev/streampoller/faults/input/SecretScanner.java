package dev.streampoller.faults.input;

import dev.streampoller.config.Secret;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads every log and output file a scenario produced and finds the secrets it was configured with:
 * API tokens and keys, database passwords, webhook secrets. A webhook secret is looked for in every
 * form that could leak: the whole {@code whsec_...} value (which is also the key of the
 * Cloudflare-style signature), its base64 part, and its decoded key bytes re-encoded as standard,
 * URL-safe and unpadded base64 and as hex.
 *
 * <p>Findings name the file, the line and the secret's label, never the secret itself, so the
 * report is safe to print. Files are read as bytes (ISO-8859-1, one char per byte), so binary or
 * malformed output is scanned too. Secrets shorter than {@value #MIN_LENGTH} characters are
 * refused: they would match by chance. Immutable and thread-safe once built.
 *
 * <pre>{@code
 * SecretScanner scanner = SecretScanner.builder()
 *     .secret("cloudflare.api-token", token)
 *     .webhookSecret("webhook.secret", "whsec_...")
 *     .build();
 * scanner.assertClean(List.of(outputDir, surefireOutputFile));
 * }</pre>
 */
public final class SecretScanner {
  static final int MIN_LENGTH = 8;

  /** One occurrence: which secret (by label and form), in which file, on which line (from 1). */
  public record Finding(Path file, int line, String secret) {
    @Override
    public String toString() {
      return file + ":" + line + ": contains " + secret;
    }
  }

  /** Label of each form (e.g. "webhook.secret (decoded key, hex)") to the text looked for. */
  private final Map<String, String> needles;

  private SecretScanner(Map<String, String> needles) {
    this.needles = Map.copyOf(needles);
  }

  public static Builder builder() {
    return new Builder();
  }

  /**
   * A scanner for secrets as the configuration holds them, labelled {@code secret 1}, {@code secret
   * 2}, ... in the given order; a {@code whsec_} value is looked for in all its forms. For the
   * harness: {@code SecretScanner.of(world.secrets()).assertClean(world.outputFiles())}.
   */
  public static SecretScanner of(Collection<Secret> secrets) {
    Builder builder = builder();
    int i = 0;
    for (Secret secret : secrets) {
      String label = "secret " + ++i;
      String value = secret.reveal();
      if (value.startsWith("whsec_")) {
        builder.webhookSecret(label + " (webhook)", value);
      } else {
        builder.secret(label, value);
      }
    }
    return builder.build();
  }

  /** Every finding in the files, and in every regular file under the directories, given. */
  public List<Finding> scan(Collection<Path> filesOrDirectories) {
    List<Finding> findings = new ArrayList<>();
    for (Path file : files(filesOrDirectories)) {
      String[] lines = read(file).split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        for (Map.Entry<String, String> needle : needles.entrySet()) {
          if (lines[i].contains(needle.getValue())) {
            findings.add(new Finding(file, i + 1, needle.getKey()));
          }
        }
      }
    }
    return findings;
  }

  /**
   * Throws an {@link AssertionError} listing every finding (file, line, which secret) if any.
   *
   * @return how many files were scanned, so that a caller can check it scanned something
   */
  public int assertClean(Collection<Path> filesOrDirectories) {
    List<Finding> findings = scan(filesOrDirectories);
    if (!findings.isEmpty()) {
      StringBuilder message = new StringBuilder("secrets found in output:");
      findings.forEach(f -> message.append("\n  ").append(f));
      throw new AssertionError(message.toString());
    }
    return files(filesOrDirectories).size();
  }

  private static Set<Path> files(Collection<Path> filesOrDirectories) {
    Set<Path> files = new LinkedHashSet<>();
    for (Path path : filesOrDirectories) {
      if (Files.isDirectory(path)) {
        try (Stream<Path> walk = Files.walk(path)) {
          walk.filter(Files::isRegularFile).sorted().forEach(files::add);
        } catch (IOException e) {
          throw new UncheckedIOException("cannot list " + path, e);
        }
      } else if (Files.isRegularFile(path)) {
        files.add(path);
      }
    }
    return files;
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /** Collects the secrets; each label should say where the secret came from (its key). */
  public static final class Builder {
    private final Map<String, String> needles = new LinkedHashMap<>();

    private Builder() {}

    /** A secret looked for verbatim: an API token or key, a database password. */
    public Builder secret(String label, String value) {
      add(label, value);
      return this;
    }

    /** A Standard Webhooks secret, {@code whsec_<base64>}, in all its forms. */
    public Builder webhookSecret(String label, String whsec) {
      add(label, whsec);
      String encoded = whsec.startsWith("whsec_") ? whsec.substring("whsec_".length()) : whsec;
      add(label + " (base64 part)", encoded);
      byte[] key = Base64.getDecoder().decode(encoded);
      add(label + " (decoded key, base64)", Base64.getEncoder().encodeToString(key));
      add(label + " (decoded key, base64url)", Base64.getUrlEncoder().encodeToString(key));
      add(
          label + " (decoded key, unpadded base64)",
          Base64.getEncoder().withoutPadding().encodeToString(key));
      add(
          label + " (decoded key, unpadded base64url)",
          Base64.getUrlEncoder().withoutPadding().encodeToString(key));
      add(label + " (decoded key, hex)", HexFormat.of().formatHex(key));
      return this;
    }

    public SecretScanner build() {
      if (needles.isEmpty()) {
        throw new IllegalStateException("no secrets to look for");
      }
      return new SecretScanner(needles);
    }

    private void add(String label, String value) {
      if (value.length() < MIN_LENGTH) {
        throw new IllegalArgumentException(
            label + " is shorter than " + MIN_LENGTH + " characters: it would match by chance");
      }
      // Text written as UTF-8 is scanned byte by byte, so look for its bytes the same way.
      String asBytes =
          new String(value.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
      if (!needles.containsValue(asBytes)) {
        needles.putIfAbsent(label, asBytes);
      }
    }
  }
}
