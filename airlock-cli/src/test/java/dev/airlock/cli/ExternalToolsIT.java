package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.testing.Processes;
import dev.airlock.testing.WasmModules;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI with real outside parts: the openssl binary (Ed25519 both ways) and fresh JVMs. */
class ExternalToolsIT {
  @TempDir Path dir;
  String openssl;
  Path wasm;

  @BeforeEach
  void setUp() throws Exception {
    openssl = Processes.require("openssl");
    wasm = Files.write(dir.resolve("plugin.wasm"), WasmModules.ofSize(2000, 5));
  }

  @Test
  void opensslKey_signsArtefactWithAirlock_andOpensslVerifiesIt() throws Exception {
    Processes.run(dir, openssl, "genpkey", "-algorithm", "ed25519", "-out", "ossl.key").ok();
    Files.createDirectories(dir.resolve("trust"));
    Processes.run(dir, openssl, "pkey", "-in", "ossl.key", "-pubout", "-out", "trust/ossl.pub")
        .ok();

    CliRunner.Result packed =
        CliRunner.run(
            "pack",
            "--wasm",
            wasm,
            "--name",
            "p",
            "--version",
            "1.0.0",
            "--hooks",
            "run",
            "--key",
            dir.resolve("ossl.key"),
            "--out",
            dir.resolve("p.tar.gz"));
    CliRunner.Result verified =
        CliRunner.run("verify", "--trust-root", dir.resolve("trust"), dir.resolve("p.tar.gz"));

    assertThat(packed.code()).as(packed.err()).isZero();
    assertThat(verified.out()).startsWith("OK — signed by ossl");
    // openssl checks our plugin.sig over the exact manifest.json bytes.
    extract(dir.resolve("p.tar.gz"));
    Processes.Result ossl =
        Processes.run(
            dir,
            openssl,
            "pkeyutl",
            "-verify",
            "-pubin",
            "-inkey",
            "trust/ossl.pub",
            "-rawin",
            "-in",
            "manifest.json",
            "-sigfile",
            "sig.bin");
    assertThat(ossl.code()).as(ossl.err()).isZero();
    assertThat(ossl.out()).contains("Signature Verified Successfully");
  }

  @Test
  void opensslSignature_onBareWasm_verifiesWithAirlockKeygenKey() throws Exception {
    CliRunner.run("keygen", "--out", dir.resolve("ours"));
    Processes.run(
            dir,
            openssl,
            "pkeyutl",
            "-sign",
            "-inkey",
            "ours.key",
            "-rawin",
            "-in",
            "plugin.wasm",
            "-out",
            "plugin.sig.bin")
        .ok();
    Files.writeString(
        dir.resolve("plugin.sig"),
        Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("plugin.sig.bin"))));
    Files.createDirectories(dir.resolve("trust"));
    Files.copy(dir.resolve("ours.pub"), dir.resolve("trust/ours.pub"));

    CliRunner.Result r = CliRunner.run("verify", "--trust-root", dir.resolve("trust"), wasm);

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).startsWith("OK — signed by ours");
  }

  @Test
  void opensslRawPublicKey_asBase64_isAcceptedInTrustRoot() throws Exception {
    Processes.run(dir, openssl, "genpkey", "-algorithm", "ed25519", "-out", "k.pem").ok();
    Processes.run(
            dir, openssl, "pkey", "-in", "k.pem", "-pubout", "-outform", "DER", "-out", "k.der")
        .ok();
    byte[] der = Files.readAllBytes(dir.resolve("k.der"));
    Files.createDirectories(dir.resolve("trust"));
    Files.writeString(
        dir.resolve("trust/raw.pub"),
        Base64.getEncoder()
            .encodeToString(java.util.Arrays.copyOfRange(der, der.length - 32, der.length)));
    CliRunner.run(
        "pack",
        "--wasm",
        wasm,
        "--name",
        "p",
        "--version",
        "1.0.0",
        "--hooks",
        "run",
        "--key",
        dir.resolve("k.pem"),
        "--out",
        dir.resolve("p.tar.gz"));

    assertThat(
            CliRunner.run("verify", "--trust-root", dir.resolve("trust"), dir.resolve("p.tar.gz"))
                .out())
        .startsWith("OK — signed by raw");
  }

  @Test
  void opensslSignatureByUntrustedKey_refused() throws Exception {
    Processes.run(dir, openssl, "genpkey", "-algorithm", "ed25519", "-out", "stranger.key").ok();
    Processes.run(
            dir,
            openssl,
            "pkeyutl",
            "-sign",
            "-inkey",
            "stranger.key",
            "-rawin",
            "-in",
            "plugin.wasm",
            "-out",
            "sig.bin")
        .ok();
    Files.writeString(
        dir.resolve("plugin.sig"),
        Base64.getEncoder().encodeToString(Files.readAllBytes(dir.resolve("sig.bin"))));
    CliRunner.run("keygen", "--out", dir.resolve("trust/ours"));
    Files.delete(dir.resolve("trust/ours.key"));

    CliRunner.Result r = CliRunner.run("verify", "--trust-root", dir.resolve("trust"), wasm);

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_TRUSTED);
    assertThat(r.err()).isEqualTo("error: signature did not match any trusted key (tried ours)\n");
  }

  @Test
  void sourceDateEpoch_fromEnvironment_setsPackedAt() throws Exception {
    String javaBin = ProcessHandle.current().info().command().orElseThrow();
    Processes.Result r =
        Processes.run(
            dir,
            java.util.Map.of("SOURCE_DATE_EPOCH", "1700000000"),
            java.util.List.of(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.airlock.cli.Main",
                "pack",
                "--wasm",
                wasm.toString(),
                "--name",
                "p",
                "--version",
                "1.0.0",
                "--hooks",
                "run",
                "--out",
                "p.tar.gz",
                "--json"));

    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out()).contains("\"packed_at\" : \"2023-11-14T22:13:20Z\"");
  }

  @Test
  void run_readsStdinAndWritesRawBytes_inAFreshJvm() throws Exception {
    Path echo = dir.resolve("echo.wasm");
    try (var in =
        ClassLoader.getSystemClassLoader().getResourceAsStream("dev/airlock/examples/echo.wasm")) {
      Files.write(echo, in.readAllBytes());
    }
    byte[] binary = new byte[256];
    for (int i = 0; i < binary.length; i++) {
      binary[i] = (byte) i;
    }
    Files.write(dir.resolve("in.bin"), binary);
    String javaBin = ProcessHandle.current().info().command().orElseThrow();
    ProcessBuilder pb =
        new ProcessBuilder(
                javaBin,
                "-cp",
                System.getProperty("java.class.path"),
                "dev.airlock.cli.Main",
                "run",
                echo.toString(),
                "--hook",
                "echo",
                "--input",
                "-",
                "--no-compile-cache")
            .directory(dir.toFile())
            .redirectInput(dir.resolve("in.bin").toFile())
            .redirectOutput(dir.resolve("out.bin").toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    Process p = pb.start();
    assertThat(p.waitFor()).isZero();
    assertThat(Files.readAllBytes(dir.resolve("out.bin"))).isEqualTo(binary);
  }

  /** Pulls manifest.json and the decoded signature out of an artefact, with the JDK's gzip. */
  private void extract(Path artefact) throws Exception {
    byte[] tar;
    try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(artefact))) {
      tar = in.readAllBytes();
    }
    int offset = 0;
    while (offset + 512 <= tar.length && tar[offset] != 0) {
      String name =
          new String(tar, offset, 100, java.nio.charset.StandardCharsets.US_ASCII)
              .replace("\0", "");
      int size =
          Integer.parseInt(
              new String(tar, offset + 124, 11, java.nio.charset.StandardCharsets.US_ASCII).trim(),
              8);
      byte[] content = java.util.Arrays.copyOfRange(tar, offset + 512, offset + 512 + size);
      if (name.equals("manifest.json")) {
        Files.write(dir.resolve("manifest.json"), content);
      } else if (name.equals("plugin.sig")) {
        Files.write(
            dir.resolve("sig.bin"),
            Base64.getDecoder()
                .decode(new String(content, java.nio.charset.StandardCharsets.US_ASCII).trim()));
      }
      offset += 512 + (size + 511) / 512 * 512;
    }
    assertThat(new ByteArrayInputStream(Files.readAllBytes(dir.resolve("sig.bin"))).available())
        .isEqualTo(64);
  }
}
