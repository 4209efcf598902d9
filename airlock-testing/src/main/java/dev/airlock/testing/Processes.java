package dev.airlock.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs real external programs (openssl, the CLI in a fresh JVM, …) from tests. */
public final class Processes {
  /** What a finished process printed and returned. */
  public record Result(int code, String out, String err) {
    /** Throws with everything the process printed when it did not exit with 0. */
    public Result ok() {
      if (code != 0) {
        throw new AssertionError("exit code " + code + "\nstdout: " + out + "\nstderr: " + err);
      }
      return this;
    }
  }

  private Processes() {}

  /** Runs {@code command} in {@code dir} with extra environment variables, for at most 60 s. */
  public static Result run(Path dir, Map<String, String> env, List<String> command)
      throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
    pb.environment().putAll(env);
    Path out = java.nio.file.Files.createTempFile("proc", ".out");
    Path err = java.nio.file.Files.createTempFile("proc", ".err");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("timed out: " + command);
    }
    try {
      return new Result(
          p.exitValue(),
          java.nio.file.Files.readString(out, StandardCharsets.UTF_8),
          java.nio.file.Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      java.nio.file.Files.deleteIfExists(out);
      java.nio.file.Files.deleteIfExists(err);
    }
  }

  /** Runs {@code command} in {@code dir}. */
  public static Result run(Path dir, String... command) throws IOException, InterruptedException {
    return run(dir, Map.of(), List.of(command));
  }

  /** The path of a program on PATH, failing the test with a clear message when it is absent. */
  public static String require(String program) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, program);
      if (java.nio.file.Files.isExecutable(p)) {
        return p.toString();
      }
    }
    throw new AssertionError(
        program
            + " is not installed; ./build test installs it (apt-get"
            + " install "
            + program
            + ")");
  }
}
