package dev.airlock.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airlock demo}: the README's first command. Runs the real CLI verbs on an example plugin in
 * a scratch directory, printing each command and what it answered.
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "demo",
    description =
        "Walk through the artefact life cycle on an example plugin: keygen, pack and"
            + " sign, inspect, verify, then flip one byte in a copy and show the refusal.")
final class DemoCommand implements Callable<Integer> {
  private static final String EXAMPLE = "/dev/airlock/cli/demo/allow-all.wasm";

  @Spec CommandSpec spec;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Scratch directory (default: a new temporary directory).")
  Path dir;

  private PrintWriter out;
  private PrintWriter err;

  @Override
  public Integer call() throws Exception {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    Path d = dir != null ? Files.createDirectories(dir) : Files.createTempDirectory("airlock-demo");
    Path wasm = d.resolve("allow-all.wasm");
    try (InputStream in = DemoCommand.class.getResourceAsStream(EXAMPLE)) {
      Files.copy(in, wasm, StandardCopyOption.REPLACE_EXISTING);
    }
    out.println("Airlock demo in " + d);
    out.println();
    say("1. A signing key for the plugin author.");
    Path keys = d.resolve("keys");
    deleteIfExists(keys.resolve("author.key"), keys.resolve("author.pub"));
    Files.createDirectories(keys);
    run("keygen", "--out", keys.resolve("author").toString());

    say("2. Pack the example module into a signed, reproducible artefact.");
    Path artefact = d.resolve("allow-all-1.0.0.tar.gz");
    run(
        "pack",
        "--wasm",
        wasm.toString(),
        "--name",
        "allow-all",
        "--version",
        "1.0.0",
        "--hooks",
        "pre_query",
        "--abi",
        "raw",
        "--description",
        "Lets every query through",
        "--license",
        "Apache-2.0",
        "--key",
        keys.resolve("author.key").toString(),
        "--packed-at",
        "2026-01-01T00:00:00Z",
        "--out",
        artefact.toString());

    say("3. Inspect it: the manifest pins the wasm's sha256; the signature covers the manifest.");
    run("inspect", artefact.toString());

    say("4. An operator trusts the author's public key and verifies before deploying.");
    Path trust = Files.createDirectories(d.resolve("trust"));
    Files.copy(
        keys.resolve("author.pub"),
        trust.resolve("author.pub"),
        StandardCopyOption.REPLACE_EXISTING);
    run("verify", "--trust-root", trust.toString(), artefact.toString());

    say("5. Someone flips one byte in a copy. Airlock refuses it and says why.");
    Path tampered = d.resolve("tampered.tar.gz");
    byte[] bytes = Files.readAllBytes(artefact);
    int offset = bytes.length / 2;
    bytes[offset] ^= 0x01;
    Files.write(tampered, bytes);
    out.println("  (flipped bit 0 of byte " + offset + " of " + bytes.length + ")");
    int code = run("verify", "--trust-root", trust.toString(), tampered.toString());

    say("6. A valid artefact signed by a key the operator does not trust is refused too.");
    Path stranger = d.resolve("keys/stranger");
    deleteIfExists(keys.resolve("stranger.key"), keys.resolve("stranger.pub"));
    run("keygen", "--out", stranger.toString());
    Path foreign = d.resolve("allow-all-foreign.tar.gz");
    Files.copy(artefact, foreign, StandardCopyOption.REPLACE_EXISTING);
    run("sign", foreign.toString(), "--key", keys.resolve("stranger.key").toString());
    int foreignCode = run("verify", "--trust-root", trust.toString(), foreign.toString());

    boolean refused = code != ExitCodes.OK && foreignCode == ExitCodes.NOT_TRUSTED;
    out.println(
        refused ? "Both bad artefacts were refused." : "UNEXPECTED: a bad artefact was accepted");
    out.println();

    say("7. A real plugin: cost-governor (C, built to wasm by this build) guards a database.");
    Path governor = d.resolve("cost-governor-1.0.0.tar.gz");
    copyExample("cost-governor", d.resolve("cost-governor.wasm"));
    run(
        "pack",
        "--wasm",
        d.resolve("cost-governor.wasm").toString(),
        "--name",
        "cost-governor",
        "--version",
        "1.0.0",
        "--hooks",
        "pre_query",
        "--abi",
        "raw",
        "--key",
        keys.resolve("author.key").toString(),
        "--packed-at",
        "2026-01-01T00:00:00Z",
        "--out",
        governor.toString());
    int blocked = 0;
    for (String[] q : QUERIES) {
      Path input = Files.writeString(d.resolve("query-" + q[0] + ".json"), q[1]);
      out.println("  query: " + q[1]);
      run(
          "run",
          governor.toString(),
          "--hook",
          "pre_query",
          "--trust-root",
          trust.toString(),
          "--config",
          "star_blocked_tables=secrets",
          "--input",
          input.toString());
      if (lastOutput.isEmpty()) {
        out.println("(no output: the query may continue)");
        out.println();
      }
      blocked += lastOutput.contains("\"block\"") ? 1 : 0;
    }
    out.println(
        blocked == 2
            ? "Two of the three queries were blocked."
            : "UNEXPECTED: " + blocked + " queries blocked");
    out.println();

    boolean hostOk = new HostDemo(out, d, keys.resolve("author.key"), trust).run();
    out.println(hostOk ? "Files are in " + d : "UNEXPECTED: the host demo went wrong");
    return refused && blocked == 2 && hostOk ? ExitCodes.OK : ExitCodes.INTERNAL;
  }

  private static final String[][] QUERIES = {
    {
      "bounded",
      "{\"query\":\"SELECT id, name FROM users WHERE id = 7 LIMIT 1\","
          + "\"tables\":[\"users\"],\"read_only\":true}"
    },
    {
      "unbounded",
      "{\"query\":\"SELECT id FROM orders\",\"tables\":[\"orders\"]," + "\"read_only\":true}"
    },
    {
      "star",
      "{\"query\":\"SELECT * FROM secrets LIMIT 10\",\"tables\":[\"secrets\"],"
          + "\"read_only\":true}"
    }
  };

  private String lastOutput = "";

  private static void copyExample(String name, Path target) throws IOException {
    try (InputStream in =
        DemoCommand.class
            .getClassLoader()
            .getResourceAsStream("dev/airlock/examples/" + name + ".wasm")) {
      if (in == null) {
        throw new IOException("example plugin " + name + " is missing from the class path");
      }
      Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private void say(String text) {
    out.println(text);
  }

  private int run(String... args) {
    out.println(
        "$ airlock "
            + String.join(
                " ",
                java.util.Arrays.stream(args)
                    .map(a -> a.contains(" ") ? "'" + a + "'" : a)
                    .toList()));
    out.flush();
    List<String> all = new ArrayList<>(List.of(args));
    java.io.StringWriter captured = new java.io.StringWriter();
    PrintWriter both = new PrintWriter(captured, true);
    int code = Main.commandLine(both, both).execute(all.toArray(String[]::new));
    lastOutput = captured.toString();
    out.print(lastOutput.isEmpty() || lastOutput.endsWith("\n") ? lastOutput : lastOutput + "\n");
    if (code != ExitCodes.OK) {
      out.println("  (exit code " + code + ")");
    }
    out.println();
    out.flush();
    err.flush();
    return code;
  }

  private static void deleteIfExists(Path... files) throws IOException {
    for (Path f : files) {
      Files.deleteIfExists(f);
    }
  }
}
