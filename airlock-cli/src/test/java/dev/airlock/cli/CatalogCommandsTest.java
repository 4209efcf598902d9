package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Processes;
import dev.airlock.testing.TestKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** new, catalog add/list, install and verify through the CLI, in process. */
class CatalogCommandsTest {
  @TempDir Path tmp;

  static TreeSet<String> names(Path dir) throws Exception {
    TreeSet<String> out = new TreeSet<>();
    try (Stream<Path> s = Files.walk(dir)) {
      s.filter(p -> !p.equals(dir)).forEach(p -> out.add(dir.relativize(p).toString()));
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(strings = {"raw", "extism"})
  void new_scaffoldBuildsWithClang_packsAndRuns(String abi) throws Exception {
    Processes.require("clang");
    Path project = tmp.resolve("hello-" + abi);
    CliRunner.Result made = CliRunner.run("new", "hello-" + abi, "--dir", project, "--abi", abi);
    assertThat(made.code()).as(made.err()).isZero();
    assertThat(names(project))
        .containsExactly(
            ".gitignore",
            "README.md",
            "airlock.toml",
            "build.sh",
            "include",
            "include/airlock_" + abi + ".h",
            "src",
            "src/hello-" + abi + ".c");
    assertThat(Files.readString(project.resolve("README.md")))
        .contains("./build.sh\n")
        .contains("airlock pack --wasm build/hello-" + abi + ".wasm --name hello-" + abi);
    Processes.run(project, "./build.sh").ok();
    Path wasm = project.resolve("build/hello-" + abi + ".wasm");
    assertThat(wasm).exists();
    CliRunner.Result packed =
        CliRunner.run(
            "pack",
            "--wasm",
            wasm,
            "--name",
            "hello-" + abi,
            "--version",
            "0.1.0",
            "--hooks",
            "handle",
            "--abi",
            abi,
            "--out",
            project);
    assertThat(packed.code()).as(packed.err()).isZero();
    Path input = Files.writeString(tmp.resolve("in.txt"), "world");
    CliRunner.Result ran =
        CliRunner.run(
            "run",
            project.resolve("hello-" + abi + "-0.1.0.tar.gz"),
            "--hook",
            "handle",
            "--input",
            input);
    assertThat(ran.code()).as(ran.err()).isZero();
    assertThat(ran.out()).isEqualTo("hello-" + abi + ": world");
  }

  @Test
  void new_refusesBadNamesAndExistingDirectories() throws Exception {
    CliRunner.Result bad = CliRunner.run("new", "Bad Name", "--dir", tmp.resolve("x"));
    assertThat(bad.code()).isEqualTo(2);
    assertThat(bad.err())
        .isEqualTo(
            "error: plugin name should be 1-128 lowercase letters, digits, '-' or '_', starting"
                + " with a letter, got 'Bad Name'\n");
    Files.createDirectories(tmp.resolve("taken"));
    CliRunner.Result taken = CliRunner.run("new", "ok", "--dir", tmp.resolve("taken"));
    assertThat(taken.code()).isEqualTo(5);
    assertThat(taken.err())
        .isEqualTo(
            "error: "
                + tmp.resolve("taken")
                + " already exists: choose another --dir or remove it\n");
    assertThat(names(tmp)).containsExactly("taken");
  }

  @Test
  void catalogAddListInstall_andDowngradeRefused() throws Exception {
    KeyPair alice = TestKeys.ed25519();
    Path key = TestKeys.writePrivatePem(tmp.resolve("alice.key"), alice);
    Path trust = tmp.resolve("trust");
    TestKeys.writePemPub(trust, "alice", alice);
    Path repo = Files.createDirectories(tmp.resolve("repo"));
    Path wasm = Files.write(tmp.resolve("echo.wasm"), example("echo"));
    for (String v : List.of("1.0.0", "1.2.0")) {
      CliRunner.Result p =
          CliRunner.run(
              "pack",
              "--wasm",
              wasm,
              "--name",
              "echo",
              "--version",
              v,
              "--hooks",
              "echo",
              "--description",
              "echoes its input",
              "--key",
              key,
              "--out",
              repo);
      assertThat(p.code()).as(p.err()).isZero();
      CliRunner.Result add =
          CliRunner.run(
              "catalog",
              "add",
              repo.resolve("echo-" + v + ".tar.gz"),
              "--index",
              repo.resolve("index.json"),
              "--key",
              key);
      assertThat(add.code()).as(add.err()).isZero();
      assertThat(add.out()).startsWith("added echo@" + v + " in " + repo.resolve("index.json"));
    }
    CliRunner.Result list =
        CliRunner.run(
            "catalog", "list", "--index", repo.resolve("index.json"), "--trust-root", trust);
    assertThat(list.out())
        .isEqualTo("echo 1.0.0 signed echoes its input\necho 1.2.0 signed echoes its input\n");
    CliRunner.Result json =
        CliRunner.run("catalog", "list", "--index", repo.resolve("index.json"), "--json");
    assertThat(json.out()).contains("\"name\" : \"echo\"").contains("\"version\" : \"1.2.0\"");

    Path plugins = tmp.resolve("plugins");
    CliRunner.Result installed =
        CliRunner.run(
            "install",
            "echo",
            "--index",
            repo.resolve("index.json"),
            "--dest",
            plugins,
            "--trust-root",
            trust);
    assertThat(installed.code()).as(installed.err()).isZero();
    assertThat(installed.out())
        .startsWith(
            "installed echo 1.2.0\n  from   echo@1.2.0 from " + repo.resolve("index.json").toUri())
        .contains("  file   " + plugins.resolve("echo.tar.gz") + "\n")
        .contains("  signer alice\n");

    CliRunner.Result down =
        CliRunner.run(
            "install",
            "echo@1.0.0",
            "--index",
            repo.resolve("index.json"),
            "--dest",
            plugins,
            "--trust-root",
            trust);
    assertThat(down.code()).isEqualTo(11);
    assertThat(down.err())
        .isEqualTo(
            "error: refusing to install 'echo' 1.0.0: version 1.2.0 was installed before; pass"
                + " --allow-downgrade to install an older version\n");
  }

  @Test
  void verify_bareWasm_sidecarConventionAndExplicitSig() throws Exception {
    KeyPair alice = TestKeys.ed25519();
    Path trust = tmp.resolve("trust");
    TestKeys.writePemPub(trust, "alice", alice);
    byte[] echo = example("echo");
    Path wasm = Files.write(tmp.resolve("echo.wasm"), echo);
    dev.airlock.trust.ArtefactSigner.signBareWasmTo(
        echo, alice.getPrivate(), tmp.resolve("echo.sig"));
    CliRunner.Result r = CliRunner.run("verify", wasm, "--trust-root", trust);
    assertThat(r.out()).startsWith("OK — signed by alice\n");
    Path elsewhere = Files.move(tmp.resolve("echo.sig"), tmp.resolve("other.sig"));
    CliRunner.Result missing = CliRunner.run("verify", wasm, "--trust-root", trust);
    assertThat(missing.code()).isEqualTo(4);
    assertThat(missing.err())
        .isEqualTo("error: artefact has no signature but trust root is active\n");
    CliRunner.Result explicit =
        CliRunner.run("verify", wasm, "--sig", elsewhere, "--trust-root", trust);
    assertThat(explicit.out()).startsWith("OK — signed by alice\n");
  }

  static byte[] example(String name) throws Exception {
    try (var in =
        CatalogCommandsTest.class.getResourceAsStream("/dev/airlock/examples/" + name + ".wasm")) {
      return in.readAllBytes();
    }
  }
}
