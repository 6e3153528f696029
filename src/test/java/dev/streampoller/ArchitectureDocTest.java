package dev.streampoller;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/architecture.md} names only classes and packages that exist, and lists every package
 * of the code, so a rename or a new part cannot leave the page behind unnoticed.
 */
class ArchitectureDocTest {
  // Surefire runs tests in the project directory.
  private static final Path DOC = Path.of("docs", "architecture.md");
  private static final Path MAIN = Path.of("src", "main", "java", "dev", "streampoller");
  private static final Path TEST = Path.of("src", "test", "java", "dev", "streampoller");
  // `PollCycle`, `PollCycle.runOnce`, `ConfigLoader.builder`: a class name, maybe with a member.
  private static final Pattern CLASS = Pattern.compile("`([A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*)[`.]");
  // | `polling` | ...: the first cell of the parts table.
  private static final Pattern PACKAGE_ROW = Pattern.compile("^\\| `([a-z]+)` \\|");

  @Test
  void namesOnlyClassesThatExist() throws IOException {
    Set<String> classes = new TreeSet<>();
    classes.addAll(javaFileNames(MAIN));
    classes.addAll(javaFileNames(TEST));
    Set<String> named = matches(CLASS, doc());

    assertThat(named).isNotEmpty();
    assertThat(named).as("classes named in %s", DOC).isSubsetOf(classes);
  }

  @Test
  void listsEveryPackage() throws IOException {
    Set<String> packages;
    try (Stream<Path> dirs = Files.list(MAIN)) {
      packages =
          dirs.filter(Files::isDirectory)
              .map(p -> p.getFileName().toString())
              .collect(Collectors.toCollection(TreeSet::new));
    }
    Set<String> listed = new TreeSet<>();
    for (String line : doc().lines().toList()) {
      Matcher row = PACKAGE_ROW.matcher(line);
      if (row.find()) {
        listed.add(row.group(1));
      }
    }

    assertThat(listed).as("packages in the parts table of %s", DOC).isEqualTo(packages);
  }

  private static String doc() throws IOException {
    return Files.readString(DOC, StandardCharsets.UTF_8);
  }

  private static Set<String> matches(Pattern pattern, String text) {
    Set<String> found = new TreeSet<>();
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      found.add(m.group(1));
    }
    return found;
  }

  private static List<String> javaFileNames(Path root) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(name -> name.endsWith(".java"))
          .map(name -> name.substring(0, name.length() - ".java".length()))
          .toList();
    }
  }
}
