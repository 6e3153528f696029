package dev.streampoller.ops;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code docs/metrics.md} and {@code docs/grafana-dashboard.json} cover every {@code
 * stream_poller_*} metric the daemon serves, so the docs cannot drift from the code.
 */
@ExtendWith(PostgresExtension.class)
class MetricsDocsIT {
  // Surefire runs tests in the project directory.
  private static final Path DOC = Path.of("docs", "metrics.md");
  private static final Path DASHBOARD = Path.of("docs", "grafana-dashboard.json");
  private static final Pattern SAMPLE =
      Pattern.compile("(?m)^(stream_poller_[a-z_]+?)(_bucket|_count|_sum)?[{ ]");

  /** The metric names of a full scrape, histograms by their base name. */
  private static Set<String> servedNames(DataSource dataSource) {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    OpsRows.budget(dataSource, "token:0123456789abcdef", 1, 10, 1, now);
    try (Metrics metrics = Metrics.create(new MutableClock(now))) {
      metrics.registerDatabaseGauges(dataSource);
      Matcher m = SAMPLE.matcher(metrics.scrape());
      Set<String> names = new TreeSet<>();
      while (m.find()) {
        names.add(m.group(1));
      }
      return names;
    }
  }

  @Test
  void shouldDocumentEveryServedMetric(DataSource dataSource) throws Exception {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);

    assertThat(servedNames(dataSource))
        .hasSizeGreaterThanOrEqualTo(12)
        .allSatisfy(name -> assertThat(doc).contains("`" + name + "`"));
  }

  @Test
  void shouldChartEveryServedMetricOnTheDashboard(DataSource dataSource) throws Exception {
    List<String> exprs = new ArrayList<>();
    new ObjectMapper()
        .readTree(DASHBOARD.toFile())
        .findValues("expr")
        .forEach(expr -> exprs.add(expr.asText()));
    String all = String.join("\n", exprs);

    assertThat(servedNames(dataSource)).allSatisfy(name -> assertThat(all).contains(name));
  }

  @Test
  void shouldQueryThroughTheDashboardsPrometheusDataSourceVariable() throws Exception {
    JsonNode dashboard = new ObjectMapper().readTree(DASHBOARD.toFile());
    JsonNode variable = dashboard.get("templating").get("list").get(0);

    assertThat(variable.get("type").asText()).isEqualTo("datasource");
    assertThat(variable.get("query").asText()).isEqualTo("prometheus");
    assertThat(dashboard.findValues("datasource"))
        .isNotEmpty()
        .allSatisfy(ds -> assertThat(ds.get("uid").asText()).isEqualTo("${datasource}"));
  }
}
