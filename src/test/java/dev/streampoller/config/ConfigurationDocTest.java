package dev.streampoller.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * {@code docs/configuration.md} lists exactly the keys of {@link ConfigKeys#all()}, patterns
 * included, with the code's defaults, so the reference cannot drift from the code.
 */
class ConfigurationDocTest {
  // Surefire runs tests in the project directory.
  private static final Path DOC = Path.of("docs", "configuration.md");
  private static final String NO_DEFAULT = "none";
  private static final List<String> SECTIONS =
      List.of("cloudflare", "database", "poll", "webhook", "scheduler", "ops");
  // "## cloudflare: the Cloudflare API" opens the group of the cloudflare.* keys.
  private static final Pattern SECTION = Pattern.compile("^## ([a-z]+): .*$");
  // | `key` | default | type / unit | rule | example |
  private static final Pattern ROW =
      Pattern.compile("^\\| `([^`]+)` \\| (.*?) \\| (.*?) \\| (.*?) \\| (.*?) \\|$");

  /** One row of a key table, with the section it sits in. */
  private record Row(
      String section, String key, String defaultValue, String type, String rule, String example) {}

  private static List<Row> rows() throws IOException {
    List<Row> rows = new ArrayList<>();
    String section = "";
    for (String line : Files.readAllLines(DOC, StandardCharsets.UTF_8)) {
      Matcher heading = SECTION.matcher(line);
      if (heading.matches()) {
        section = heading.group(1);
      }
      Matcher row = ROW.matcher(line);
      if (row.matches()) {
        rows.add(
            new Row(section, row.group(1), row.group(2), row.group(3), row.group(4), row.group(5)));
      }
    }
    return rows;
  }

  private static Map<String, Row> rowsByKey() throws IOException {
    return rows().stream().collect(Collectors.toMap(Row::key, Function.identity(), (a, b) -> a));
  }

  /** The row of {@code key}; a missing one fails here, with the key's name. */
  private static Row rowOf(Map<String, Row> rows, ConfigKeys.Key key) {
    Row row = rows.get(key.name());
    assertThat(row).as("row of %s", key.name()).isNotNull();
    return row;
  }

  @Test
  void shouldDocumentEveryKnownKeyOnceAndNoOther() throws IOException {
    List<String> documented = rows().stream().map(Row::key).toList();

    assertThat(documented)
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            ConfigKeys.all().stream().map(ConfigKeys.Key::name).toList());
  }

  @Test
  void shouldShowTheCodesDefaultOfEveryKey() throws IOException {
    Map<String, Row> rows = rowsByKey();

    assertThat(ConfigKeys.all())
        .allSatisfy(
            key ->
                assertThat(rowOf(rows, key).defaultValue())
                    .as("default of %s", key.name())
                    .isEqualTo(key.defaultValue().map(d -> "`" + d + "`").orElse(NO_DEFAULT)));
  }

  @Test
  void shouldCallExactlyTheSecretKeysSecret() throws IOException {
    Map<String, Row> rows = rowsByKey();

    assertThat(ConfigKeys.all())
        .allSatisfy(
            key ->
                assertThat(rowOf(rows, key).type().equals("secret"))
                    .as("type of %s", key.name())
                    .isEqualTo(key.secret()));
  }

  @Test
  void shouldGroupKeysBySectionOfTheirPrefixInOrder() throws IOException {
    List<Row> rows = rows();

    assertThat(rows).allSatisfy(row -> assertThat(row.key()).startsWith(row.section() + "."));
    assertThat(rows.stream().map(Row::section).distinct().toList()).isEqualTo(SECTIONS);
  }

  @Test
  void shouldGiveEveryKeyATypeARuleAndAnExample() throws IOException {
    assertThat(rows())
        .allSatisfy(
            row -> {
              assertThat(row.type()).as("type of %s", row.key()).isNotBlank();
              assertThat(row.rule()).as("rule of %s", row.key()).isNotBlank();
              assertThat(row.example()).as("example of %s", row.key()).isNotBlank();
            });
  }
}
