package dev.streampoller.ops;

import static dev.streampoller.ops.OpsHttp.get;
import static dev.streampoller.ops.OpsHttp.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zaxxer.hikari.HikariDataSource;
import dev.streampoller.testing.MutableClock;
import dev.streampoller.testing.PostgresExtension;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /health} and the routing of the ops listener, on a real port and the test database. */
@ExtendWith(PostgresExtension.class)
class OpsServerIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Metrics metrics = Metrics.create(new MutableClock(Instant.EPOCH));
  private OpsServer server;

  private OpsServer serve(DataSource dataSource, BooleanSupplier schedulerRunning) {
    server =
        OpsServer.start(
            new InetSocketAddress("127.0.0.1", 0), metrics, dataSource, schedulerRunning);
    return server;
  }

  private static JsonNode json(HttpResponse<String> response) throws Exception {
    assertThat(response.headers().firstValue("Content-Type")).contains("application/json");
    return JSON.readTree(response.body());
  }

  @AfterEach
  void stop() {
    if (server != null) {
      server.close();
    }
    metrics.close();
  }

  @Test
  void shouldAnswerUpWhenTheDatabaseAnswersAndTheSchedulerRuns(DataSource dataSource) {
    serve(dataSource, () -> true);

    HttpResponse<String> response = get(server, "/health");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .isEqualTo("{\"status\":\"UP\",\"database\":\"UP\",\"scheduler\":\"UP\"}");
  }

  @Test
  void shouldAnswer503NamingTheSchedulerWhenItIsNotRunning(DataSource dataSource) throws Exception {
    AtomicBoolean running = new AtomicBoolean(true);
    serve(dataSource, running::get);
    assertThat(get(server, "/health").statusCode()).isEqualTo(200);

    running.set(false);
    HttpResponse<String> response = get(server, "/health");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.get("database").asText()).isEqualTo("UP");
    assertThat(body.get("scheduler").asText()).isEqualTo("DOWN");
    assertThat(body.get("reasons").get("scheduler").asText()).contains("not running");
    assertThat(body.get("reasons").has("database")).isFalse();
  }

  @Test
  void shouldAnswer503NamingTheDatabaseWhenItsPoolIsClosed() throws Exception {
    HikariDataSource pool = MetricsIT.pool("ops-health-closed");
    serve(pool, () -> true);
    assertThat(get(server, "/health").statusCode()).isEqualTo(200);

    pool.close();
    HttpResponse<String> response = get(server, "/health");

    assertThat(response.statusCode()).isEqualTo(503);
    JsonNode body = json(response);
    assertThat(body.get("status").asText()).isEqualTo("DOWN");
    assertThat(body.get("database").asText()).isEqualTo("DOWN");
    assertThat(body.get("scheduler").asText()).isEqualTo("UP");
    assertThat(body.get("reasons").get("database").asText())
        .contains("SQLException")
        .contains("closed");
  }

  @Test
  void shouldAnswer503WhenTheSchedulerCannotTellWhetherItRuns(DataSource dataSource)
      throws Exception {
    serve(
        dataSource,
        () -> {
          throw new IllegalStateException("scheduler gone");
        });

    HttpResponse<String> response = get(server, "/health");

    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(json(response).get("reasons").get("scheduler").asText())
        .contains("IllegalStateException: scheduler gone");
  }

  @Test
  void shouldAnswer405ToAnotherMethod(DataSource dataSource) {
    serve(dataSource, () -> true);

    HttpResponse<String> post = send(server, "POST", "/health");
    HttpResponse<String> delete = send(server, "DELETE", "/metrics");

    assertThat(post.statusCode()).isEqualTo(405);
    assertThat(post.headers().firstValue("Allow")).contains("GET");
    assertThat(delete.statusCode()).isEqualTo(405);
  }

  @Test
  void shouldAnswer404ToAnotherPath(DataSource dataSource) {
    serve(dataSource, () -> true);

    assertThat(get(server, "/").statusCode()).isEqualTo(404);
    assertThat(get(server, "/healthz").statusCode()).isEqualTo(404);
    assertThat(get(server, "/metrics/x").statusCode()).isEqualTo(404);
  }

  @Test
  void shouldStopListeningOnCloseAndCloseTwiceQuietly(DataSource dataSource) {
    serve(dataSource, () -> true);
    assertThat(get(server, "/health").statusCode()).isEqualTo(200);

    server.close();
    server.close();

    assertThatThrownBy(() -> get(server, "/health")).isInstanceOf(UncheckedIOException.class);
  }

  @Test
  void shouldRefuseAnAddressInUseNamingIt(DataSource dataSource) {
    serve(dataSource, () -> true);
    InetSocketAddress taken = server.address();

    assertThatThrownBy(() -> OpsServer.start(taken, metrics, dataSource, () -> true))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("cannot listen on")
        .hasMessageContaining(String.valueOf(taken.getPort()));
  }

  @Test
  void shouldBindAnUnresolvedAddressAsTheConfigurationGivesIt(DataSource dataSource) {
    server =
        OpsServer.start(
            InetSocketAddress.createUnresolved("localhost", 0), metrics, dataSource, () -> true);

    assertThat(server.address().isUnresolved()).isFalse();
    assertThat(server.address().getAddress().isLoopbackAddress()).isTrue();
  }
}
