package dev.airlock.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * The CLI as a child JVM on the test's own classpath, run in a directory, its stdout collected line
 * by line and its stderr kept in {@code stderr.txt} there. Closing it kills the process.
 */
final class CliProcess implements AutoCloseable {
  final Process process;
  final List<String> lines = new CopyOnWriteArrayList<>();
  private final Path dir;
  private final Thread reader;

  private CliProcess(Process process, Path dir) {
    this.process = process;
    this.dir = dir;
    this.reader =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (BufferedReader r =
                      new BufferedReader(new InputStreamReader(process.getInputStream(), UTF_8))) {
                    for (String l; (l = r.readLine()) != null; ) {
                      lines.add(l);
                    }
                  } catch (IOException e) {
                    lines.add("(reading stdout failed: " + e + ")");
                  }
                });
  }

  /**
   * Starts {@code airlock ARGS} in {@code dir} with {@code env} added to this JVM's environment
   * (variables starting with {@code PLUGIN}, and {@code AIRLOCK_ADMIN_TOKEN}, removed, so the
   * developer's own do not leak in).
   */
  static CliProcess start(Path dir, Map<String, String> env, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(ProcessHandle.current().info().command().orElseThrow());
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), "dev.airlock.cli.Main"));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment()
        .keySet()
        .removeIf(k -> k.startsWith("PLUGIN") || k.equals("AIRLOCK_ADMIN_TOKEN"));
    pb.environment().putAll(env);
    pb.redirectError(dir.resolve("stderr.txt").toFile());
    return new CliProcess(pb.start(), dir);
  }

  /**
   * The first stdout line that matches, waiting up to a minute.
   *
   * @throws AssertionError with stdout and stderr when none came (or the process ended first)
   */
  String await(Predicate<String> line) throws Exception {
    long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (System.nanoTime() < end) {
      for (String l : lines) {
        if (line.test(l)) {
          return l;
        }
      }
      if (!process.isAlive() && lines.stream().noneMatch(line)) {
        break;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(
        "no such line; stdout:\n" + String.join("\n", lines) + "\nstderr:\n" + stderr());
  }

  /**
   * The stdout lines once one matches {@code until}, the process ends, or {@code within} passes,
   * whichever comes first (all of them when it ended).
   */
  List<String> linesUntil(Predicate<String> until, Duration within) throws InterruptedException {
    long end = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < end && lines.stream().noneMatch(until) && process.isAlive()) {
      Thread.sleep(50);
    }
    if (!process.isAlive()) {
      reader.join(5000);
    }
    return lines;
  }

  String stderr() throws IOException {
    return Files.readString(dir.resolve("stderr.txt"));
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
