package dev.streampoller.simulator.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * Reads workload files ({@code .properties}; {@code src/main/resources/workloads/w1.properties}
 * documents every key) and finds the shipped ones by name. Reports every bad value at once, each
 * naming the key and the file. Stateless and thread-safe.
 */
public final class WorkloadLoader {
  /** The workloads shipped in the jar under {@code workloads/}, in report order. */
  public static final List<String> SHIPPED =
      List.of("w1", "w2-ample", "w3-shapes", "w4-burst", "w5-steady");

  static final int MAX_DOWNLOADS = 1_000_000;

  private WorkloadLoader() {}

  /** A file if {@code pathOrName} names one, else the shipped workload of that name. */
  public static Workload resolve(String pathOrName) {
    Path path = Path.of(pathOrName);
    if (Files.isRegularFile(path)) {
      return load(path);
    }
    String name = pathOrName.endsWith(".properties") ? stripExtension(pathOrName) : pathOrName;
    if (SHIPPED.contains(name)) {
      return shipped(name);
    }
    throw WorkloadException.notFound(
        "no workload file '"
            + pathOrName
            + "' and no shipped workload of that name (shipped: "
            + String.join(", ", SHIPPED)
            + ")");
  }

  /** The shipped workload {@code name} (one of {@link #SHIPPED}). */
  public static Workload shipped(String name) {
    String resource = "workloads/" + name + ".properties";
    try (InputStream in = WorkloadLoader.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw WorkloadException.notFound("no shipped workload '" + name + "' (" + resource + ")");
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), name, resource);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException("cannot read " + resource, e);
    }
  }

  /** The workload in {@code file}; its name is the file name without {@code .properties}. */
  public static Workload load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw WorkloadException.notFound("cannot read workload file " + file + ": " + e);
    }
    return parse(text, stripExtension(file.getFileName().toString()), file.toString());
  }

  /** Parses the text of a workload file; {@code source} is named in every problem. */
  public static Workload parse(String text, String name, String source) {
    Properties properties = new Properties();
    try (Reader reader = new StringReader(text)) {
      properties.load(reader);
    } catch (IOException | IllegalArgumentException e) {
      throw WorkloadException.invalid(List.of("not a properties file: " + e + " (" + source + ")"));
    }
    WorkloadReader in = new WorkloadReader(properties, source);
    int downloads = (int) in.longValue("downloads", 1, MAX_DOWNLOADS, null);
    Workload.Arrival arrival = arrival(in);
    Optional<Workload.Burst> burst = burst(in);
    Workload.Durations durations = durations(in);
    Workload.ShapeMix shapes = shapes(in);
    int budget = (int) in.longValue("requests-per-5-minutes", 2, 1_000_000, null);
    Duration min = in.duration("poll.min-interval", Duration.ofSeconds(5), false);
    Duration max = in.duration("poll.max-interval", Duration.ofMinutes(2), false);
    Duration check = in.duration("poll.check-interval", Duration.ofSeconds(1), true);
    if (max.compareTo(min) < 0) {
      in.problem("poll.max-interval", "must not be shorter than poll.min-interval " + min);
    }
    long seed = in.longValue("seed", Long.MIN_VALUE, Long.MAX_VALUE, null);
    in.finish();
    return new Workload(
        name,
        source,
        downloads,
        arrival,
        burst,
        durations,
        shapes,
        new Workload.Polling(budget, min, max, check, Workload.Polling.DAEMON_AGE_CAP),
        seed);
  }

  private static Workload.Arrival arrival(WorkloadReader in) {
    String kind = in.choice("arrival", List.of("concurrent", "uniform", "poisson"));
    if (!"uniform".equals(kind)) {
      in.unused("arrival.span", "unless arrival = uniform");
    }
    if (!"poisson".equals(kind)) {
      in.unused("arrival.rate-per-minute", "unless arrival = poisson");
    }
    if ("uniform".equals(kind)) {
      return new Workload.Arrival.Uniform(in.duration("arrival.span", null, false));
    }
    if ("poisson".equals(kind)) {
      double perMinute = in.doubleValue("arrival.rate-per-minute", 1e-6, 1e9, null);
      return new Workload.Arrival.Poisson(Math.max(perMinute, 1e-6) / 60);
    }
    return new Workload.Arrival.Concurrent();
  }

  private static Optional<Workload.Burst> burst(WorkloadReader in) {
    if (in.string("burst.count").isEmpty()) {
      in.unused("burst.at", "without burst.count");
      return Optional.empty();
    }
    int count = (int) in.longValue("burst.count", 1, MAX_DOWNLOADS, null);
    Duration at = in.duration("burst.at", null, true);
    return Optional.of(new Workload.Burst(count, at));
  }

  private static Workload.Durations durations(WorkloadReader in) {
    String kind = in.choice("duration", List.of("log-normal", "fixed"));
    if (!"log-normal".equals(kind)) {
      in.unused("duration.median", "unless duration = log-normal");
      in.unused("duration.sigma", "unless duration = log-normal");
    }
    if (!"fixed".equals(kind)) {
      in.unused("duration.value", "unless duration = fixed");
    }
    if ("log-normal".equals(kind)) {
      return new Workload.Durations.LogNormal(
          in.duration("duration.median", null, false),
          in.doubleValue("duration.sigma", 0, 5, null));
    }
    return new Workload.Durations.Fixed(in.duration("duration.value", null, false));
  }

  private static Workload.ShapeMix shapes(WorkloadReader in) {
    Map<Shape, Double> shares = new EnumMap<>(Shape.class);
    double sum = 0;
    for (Shape shape : Shape.values()) {
      double share = in.doubleValue("shape." + shape.key(), 0, 1, 0.0);
      shares.put(shape, share);
      sum += share;
    }
    if (Math.abs(sum - 1) > 1e-6) {
      in.problem(
          "shape.*",
          "the shares of linear-with-noise, linear, steps and stall-then-jump must add up to 1,"
              + " were "
              + sum);
      shares.put(Shape.LINEAR, 1.0);
      shares.keySet().removeIf(s -> s != Shape.LINEAR);
    }
    double noise = in.doubleValue("shape.noise", 0, 0.95, 0.3);
    Duration segment = in.duration("shape.segment", Duration.ofSeconds(5), false);
    int steps = (int) in.longValue("shape.step-count", 1, 1000, 4L);
    double errorShare = in.doubleValue("error.share", 0, 1, 0.0);
    return new Workload.ShapeMix(shares, noise, segment, steps, errorShare);
  }

  private static String stripExtension(String fileName) {
    return fileName.endsWith(".properties")
        ? fileName.substring(0, fileName.length() - ".properties".length())
        : fileName;
  }
}
