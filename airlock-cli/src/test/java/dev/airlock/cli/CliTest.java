package dev.airlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.testing.WasmModules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  Path wasm;
  Path trust;

  @BeforeEach
  void setUp() throws Exception {
    wasm = Files.write(dir.resolve("echo.wasm"), WasmModules.ofSize(4000, 1));
    assertThat(CliRunner.run("keygen", "--out", dir.resolve("alice")).code()).isZero();
    trust = Files.createDirectories(dir.resolve("trust"));
    Files.copy(dir.resolve("alice.pub"), trust.resolve("alice.pub"));
  }

  private CliRunner.Result pack(Path out, Object... extra) {
    List<Object> args =
        new java.util.ArrayList<>(
            List.of(
                "pack",
                "--wasm",
                wasm,
                "--name",
                "echo",
                "--version",
                "1.0.0",
                "--hooks",
                "pre_query,post_query",
                "--packed-at",
                "2026-01-01T00:00:00Z",
                "--out",
                out));
    args.addAll(List.of(extra));
    return CliRunner.run(args.toArray());
  }

  private List<String> listing() throws Exception {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.map(p -> dir.relativize(p).toString()).sorted().toList();
    }
  }

  @Test
  void pack_signed_thenVerifyWithTrustRoot_printsSigner() {
    CliRunner.Result packed = pack(dir, "--key", dir.resolve("alice.key"));
    Path artefact = dir.resolve("echo-1.0.0.tar.gz");

    CliRunner.Result verified = CliRunner.run("verify", "--trust-root", trust, artefact);

    assertThat(packed.code()).isZero();
    assertThat(packed.out()).contains("packed echo 1.0.0", "signed:          yes (ed25519)");
    assertThat(verified.code()).isZero();
    assertThat(verified.out()).startsWith("OK — signed by alice\n");
  }

  @Test
  void ociOnlyOptions_onAnArtefact_areAUsageError_andSignBundleToo() {
    pack(dir, "--key", dir.resolve("alice.key"));
    Path artefact = dir.resolve("echo-1.0.0.tar.gz");

    CliRunner.Result r = CliRunner.run("verify", "--key", dir.resolve("alice.pub"), artefact);
    CliRunner.Result s =
        CliRunner.run("sign", artefact, "--key", dir.resolve("alice.key"), "--bundle");

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "error: --key, --policy, --certificate-identity[-regexp],"
                + " --certificate-oidc-issuer[-regexp], --certificate-github-workflow-* and"
                + " --trusted-root apply to oci:// references; for an artefact use --trust-root"
                + " DIR\n");
    assertThat(s.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(s.err()).isEqualTo("error: --bundle applies to oci:// references only\n");
  }

  /** Checked before the registry is asked (port 1: nothing listens there). */
  @Test
  void verifyOci_keylessIdentityOptions_misuse_isAUsageErrorBeforeAnyNetwork() throws Exception {
    String ref = "oci://127.0.0.1:1/p/echo:1";
    Path root = Files.writeString(dir.resolve("trusted_root.json"), "{}");
    String gh = "https://token\\.actions\\.githubusercontent\\.com";
    java.util.Map<List<Object>, String> cases = new java.util.LinkedHashMap<>();
    cases.put(
        List.of("--certificate-oidc-issuer-regexp", gh, "--trusted-root", root),
        "keyless verification needs --certificate-identity or --certificate-identity-regexp (the"
            + " workflow options only narrow it)");
    cases.put(
        List.of(
            "--certificate-github-workflow-repository",
            "acme/plugins",
            "--certificate-oidc-issuer",
            "https://token.actions.githubusercontent.com"),
        "keyless verification needs --certificate-identity or --certificate-identity-regexp (the"
            + " workflow options only narrow it)");
    cases.put(
        List.of(
            "--certificate-identity",
            "a@b",
            "--certificate-identity-regexp",
            ".*@b",
            "--certificate-oidc-issuer",
            "i"),
        "give --certificate-identity or --certificate-identity-regexp, not both");
    cases.put(
        List.of(
            "--certificate-identity-regexp",
            ".*@b",
            "--certificate-oidc-issuer",
            "i",
            "--certificate-oidc-issuer-regexp",
            "i.*"),
        "give --certificate-oidc-issuer or --certificate-oidc-issuer-regexp, not both");
    cases.put(
        List.of("--certificate-identity-regexp", ".*@b"),
        "--certificate-identity needs --certificate-oidc-issuer or"
            + " --certificate-oidc-issuer-regexp (an identity without its issuer can be claimed at"
            + " any OIDC provider)");
    cases.put(
        List.of("--certificate-identity-regexp", "(acme", "--certificate-oidc-issuer-regexp", gh),
        "--certificate-identity-regexp '(acme' is not a valid regular expression: Unclosed group"
            + " near index 5");
    cases.put(
        List.of("--certificate-identity-regexp", ".*", "--certificate-oidc-issuer-regexp", gh),
        "keyless verification needs --trusted-root FILE (a Sigstore trusted_root.json)");
    cases.put(
        List.of("--key", dir.resolve("alice.pub"), "--certificate-github-workflow-ref", "main"),
        "give exactly one of --key, --policy or --certificate-identity[-regexp] with"
            + " --certificate-oidc-issuer[-regexp]");
    for (var c : cases.entrySet()) {
      List<Object> args = new java.util.ArrayList<>(List.of("verify", ref));
      args.addAll(c.getKey());
      CliRunner.Result r = CliRunner.run(args.toArray());
      assertThat(r.code()).as(c.getKey() + ": " + r.err()).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).as(c.getKey().toString()).isEqualTo("error: " + c.getValue() + "\n");
    }
  }

  @Test
  void pack_twice_givesIdenticalFiles() throws Exception {
    pack(dir.resolve("a.tar.gz"), "--key", dir.resolve("alice.key"));
    pack(dir.resolve("b.tar.gz"), "--key", dir.resolve("alice.key"));

    assertThat(Files.readAllBytes(dir.resolve("b.tar.gz")))
        .isEqualTo(Files.readAllBytes(dir.resolve("a.tar.gz")));
  }

  @Test
  void pack_json_reportsEveryField() throws Exception {
    CliRunner.Result r = pack(dir.resolve("a.tar.gz"), "--json");

    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("name").asText()).isEqualTo("echo");
    assertThat(json.get("signed").asBoolean()).isFalse();
    assertThat(json.get("wasm_sha256").asText()).hasSize(64);
    assertThat(json.get("artefact_sha256").asText()).hasSize(64);
    assertThat(json.get("packed_at").asText()).isEqualTo("2026-01-01T00:00:00Z");
  }

  @Test
  void pack_epochSecondsPackedAt_isUsed() throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "pack",
            "--wasm",
            wasm,
            "--name",
            "echo",
            "--version",
            "1.0.0",
            "--hooks",
            "h",
            "--packed-at",
            "1700000000",
            "--out",
            dir.resolve("e.tar.gz"),
            "--json");
    assertThat(JSON.readTree(r.out()).get("packed_at").asText()).isEqualTo("2023-11-14T22:13:20Z");
  }

  @Test
  void pack_badName_refusedAndWritesNothing() throws Exception {
    List<String> before = listing();

    CliRunner.Result r =
        CliRunner.run(
            "pack",
            "--wasm",
            wasm,
            "--name",
            "Bad Name",
            "--version",
            "1.0.0",
            "--hooks",
            "h",
            "--out",
            dir.resolve("x.tar.gz"));

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .isEqualTo(
            "error: plugin name should be 1-128 lowercase letters, digits,"
                + " '-' or '_', starting with a letter, got 'Bad Name'\n");
    assertThat(listing()).isEqualTo(before);
  }

  @Test
  void pack_notWasm_refusedAndWritesNothing() throws Exception {
    Path text = Files.writeString(dir.resolve("notes.wasm"), "hello");
    List<String> before = listing();

    CliRunner.Result r =
        CliRunner.run(
            "pack",
            "--wasm",
            text,
            "--name",
            "x",
            "--version",
            "1.0.0",
            "--hooks",
            "h",
            "--out",
            dir.resolve("x.tar.gz"));

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("error: wasm does not start with the WebAssembly magic");
    assertThat(listing()).isEqualTo(before);
  }

  @Test
  void sign_withoutKey_orAttachBundleOnAFile_isAUsageError() {
    CliRunner.Result noKey = CliRunner.run("sign", "plugin.tar.gz");
    assertThat(noKey.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(noKey.err()).contains("missing --key FILE (or --attach-bundle for oci://)");

    CliRunner.Result attach =
        CliRunner.run("sign", "plugin.tar.gz", "--attach-bundle", "bundle.json");
    assertThat(attach.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(attach.err())
        .contains("--attach-bundle takes an oci:// reference and no --key or --bundle");
  }

  @Test
  void signKeyless_misusedOptions_areUsageErrors_beforeAnyNetwork() throws Exception {
    String ref = "oci://127.0.0.1:1/p/echo:1";
    String[][] cases = {
      {"sign", "plugin.tar.gz", "--keyless", "--identity-token", "a.b.c"},
      {"sign", ref, "--keyless", "--key", "k.key", "--identity-token", "a.b.c"},
      {"sign", ref, "--keyless", "--attach-bundle", "b.json", "--identity-token", "a.b.c"},
      {"sign", ref, "--fulcio-url", "http://127.0.0.1:1", "--key", "k.key"},
      {"sign", ref, "--keyless"},
      {"sign", ref, "--keyless", "--identity-token", "a.b.c", "--identity-token-file", "t"},
      {"sign", ref, "--keyless", "--identity-token", "not-a-jwt"},
      {"sign", ref, "--keyless", "--identity-token", "a.b.c", "--fulcio-url", "ftp://x"}
    };
    String[] messages = {
      "--keyless takes an oci:// reference and no --key, --bundle or --attach-bundle",
      "--keyless takes an oci:// reference and no --key, --bundle or --attach-bundle",
      "--keyless takes an oci:// reference and no --key, --bundle or --attach-bundle",
      "--fulcio-url, --rekor-url and --identity-token(-file) apply to --keyless only",
      "--keyless needs exactly one of --identity-token JWT or --identity-token-file FILE",
      "--keyless needs exactly one of --identity-token JWT or --identity-token-file FILE",
      "the identity token is not a JWT (header.payload.signature): found 1 part(s)",
      "fulcioUrl should be an http(s)://host[:port][/path] URL, found ftp://x"
    };
    for (int i = 0; i < cases.length; i++) {
      CliRunner.Result r = CliRunner.run((Object[]) cases[i]);
      assertThat(r.code()).as(String.join(" ", cases[i])).isEqualTo(ExitCodes.USAGE);
      assertThat(r.err()).as(String.join(" ", cases[i])).contains(messages[i]);
    }
    String jwt =
        dev.airlock.testing.MockSigstoreServers.unsignedToken(java.util.Map.of("sub", "ci"));
    CliRunner.Result noDir =
        CliRunner.run(
            "sign", ref, "--keyless", "--identity-token", jwt, "--out", "/nonexistent-dir/b.json");
    assertThat(noDir.code()).isEqualTo(ExitCodes.IO);
    assertThat(noDir.err()).contains("no such file: /nonexistent-dir");
  }

  @Test
  void pack_missingOptions_oneLineAndUsageExitCode() {
    CliRunner.Result r = CliRunner.run("pack", "--wasm", wasm);

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .startsWith("error: Missing required options: ")
        .endsWith("(see 'airlock pack --help')\n");
  }

  @Test
  void pack_permissions_landInManifest() throws Exception {
    pack(
        dir.resolve("p.tar.gz"),
        "--max-memory",
        "2MiB",
        "--timeout",
        "250ms",
        "--allow-host",
        "*.example.com",
        "--allow-env",
        "TZ",
        "--allow-path",
        "/srv/data:/data:rw");

    JsonNode m =
        JSON.readTree(CliRunner.run("inspect", dir.resolve("p.tar.gz"), "--json").out())
            .get("manifest")
            .get("permissions");
    assertThat(m.get("max_memory_pages").asInt()).isEqualTo(32);
    assertThat(m.get("max_execution_ms").asInt()).isEqualTo(250);
    assertThat(m.get("allowed_hosts").get(0).asText()).isEqualTo("*.example.com");
    assertThat(m.get("allowed_paths").get(0).get("writable").asBoolean()).isTrue();
  }

  @Test
  void inspect_showsManifestShaAndSigned() throws Exception {
    pack(dir.resolve("a.tar.gz"), "--key", dir.resolve("alice.key"));

    CliRunner.Result r = CliRunner.run("inspect", dir.resolve("a.tar.gz"), "--json");

    JsonNode json = JSON.readTree(r.out());
    assertThat(json.get("manifest").get("name").asText()).isEqualTo("echo");
    assertThat(json.get("manifest").get("signature_algorithm").asText()).isEqualTo("ed25519");
    assertThat(json.get("signed").asBoolean()).isTrue();
    assertThat(json.get("artefact_sha256").asText()).isEqualTo(sha256(dir.resolve("a.tar.gz")));
  }

  @Test
  void verify_unsignedWithTrustRoot_refusedWithExitCode4() {
    pack(dir.resolve("a.tar.gz"));

    CliRunner.Result r = CliRunner.run("verify", "--trust-root", trust, dir.resolve("a.tar.gz"));

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_TRUSTED);
    assertThat(r.err()).isEqualTo("error: artefact has no signature but trust root is active\n");
  }

  @Test
  void verify_flippedByte_refusedWithExitCode3() throws Exception {
    pack(dir.resolve("a.tar.gz"), "--key", dir.resolve("alice.key"));
    byte[] bytes = Files.readAllBytes(dir.resolve("a.tar.gz"));
    bytes[bytes.length / 2] ^= 1;
    Files.write(dir.resolve("t.tar.gz"), bytes);

    CliRunner.Result r = CliRunner.run("verify", "--trust-root", trust, dir.resolve("t.tar.gz"));

    assertThat(r.code()).isEqualTo(ExitCodes.INVALID_ARTEFACT);
    assertThat(r.err()).startsWith("error: artefact ");
  }

  @Test
  void verify_withoutTrustRoot_saysSignatureNotChecked() {
    pack(dir.resolve("a.tar.gz"), "--key", dir.resolve("alice.key"));

    CliRunner.Result r = CliRunner.run("verify", dir.resolve("a.tar.gz"));

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .startsWith(
            "OK — structure and digests valid; signed, but the signature"
                + " was not checked (no --trust-root given)\n");
  }

  @Test
  void sign_unsignedArtefactInPlace_thenVerifies() {
    pack(dir.resolve("a.tar.gz"));

    CliRunner.Result signed =
        CliRunner.run("sign", dir.resolve("a.tar.gz"), "--key", dir.resolve("alice.key"));

    assertThat(signed.code()).isZero();
    assertThat(CliRunner.run("verify", "--trust-root", trust, dir.resolve("a.tar.gz")).out())
        .startsWith("OK — signed by alice");
  }

  @Test
  void sign_withBadKey_leavesArtefactUntouched() throws Exception {
    pack(dir.resolve("a.tar.gz"));
    byte[] before = Files.readAllBytes(dir.resolve("a.tar.gz"));
    Path badKey = Files.writeString(dir.resolve("bad.key"), "not a key");
    List<String> files = listing();

    CliRunner.Result r = CliRunner.run("sign", dir.resolve("a.tar.gz"), "--key", badKey);

    assertThat(r.code()).isEqualTo(ExitCodes.NOT_TRUSTED);
    assertThat(r.err())
        .isEqualTo(
            "error: key file bad.key should be PEM with a"
                + " '-----BEGIN PRIVATE KEY-----' block\n");
    assertThat(Files.readAllBytes(dir.resolve("a.tar.gz"))).isEqualTo(before);
    assertThat(listing()).isEqualTo(files);
  }

  @Test
  void sign_bareWasm_writesSidecarThatVerifies() {
    CliRunner.Result signed = CliRunner.run("sign", wasm, "--key", dir.resolve("alice.key"));

    assertThat(signed.code()).isZero();
    assertThat(dir.resolve("echo.sig")).exists();
    assertThat(CliRunner.run("verify", "--trust-root", trust, wasm).out())
        .startsWith("OK — signed by alice");
  }

  @Test
  void hostileArtefacts_refusedByEveryVerb_andNothingIsWritten() throws Exception {
    dev.airlock.testing.TarBuilder slip = new dev.airlock.testing.TarBuilder();
    slip.add("../../evil.sh", "#!/bin/sh");
    dev.airlock.testing.TarBuilder link = new dev.airlock.testing.TarBuilder();
    link.add("plugin.wasm", new byte[0]).type('2').linkName("/etc/passwd");
    byte[] zipSlip = dev.airlock.testing.Gzip.compress(slip.build());
    byte[] symlink = dev.airlock.testing.Gzip.compress(link.build());
    for (byte[] bytes : List.of(zipSlip, symlink)) {
      Path evil = Files.write(dir.resolve("evil.tar.gz"), bytes);
      List<String> before = listing();
      for (String verb : List.of("inspect", "verify", "sign")) {
        CliRunner.Result r =
            verb.equals("sign")
                ? CliRunner.run(verb, evil, "--key", dir.resolve("alice.key"))
                : CliRunner.run(verb, evil);
        assertThat(r.code()).as(verb).isEqualTo(ExitCodes.INVALID_ARTEFACT);
        assertThat(r.err()).as(verb).startsWith("error: artefact entry '");
        assertThat(listing()).as(verb).isEqualTo(before);
        assertThat(Files.readAllBytes(evil)).isEqualTo(bytes);
      }
    }
    assertThat(dir.getParent().resolve("evil.sh")).doesNotExist();
  }

  @Test
  void keygen_privateKeyIsOwnerOnly_andNeverOverwritten() throws Exception {
    assertThat(
            PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("alice.key"))))
        .isEqualTo("rw-------");
    String before = Files.readString(dir.resolve("alice.key"));

    CliRunner.Result again = CliRunner.run("keygen", "--out", dir.resolve("alice"));

    assertThat(again.code()).isEqualTo(ExitCodes.IO);
    assertThat(again.err())
        .isEqualTo(
            "error: "
                + dir.resolve("alice.key")
                + " already exists: refusing to overwrite an existing key file\n");
    assertThat(Files.readString(dir.resolve("alice.key"))).isEqualTo(before);
  }

  @Test
  void keygenEcdsaP256_writesCosignStylePem_thatVerifiesOurSignatures() throws Exception {
    CliRunner.Result r =
        CliRunner.run("keygen", "--type", "ecdsa-p256", "--out", dir.resolve("oci"));

    assertThat(r.code()).isZero();
    String pub = Files.readString(dir.resolve("oci.pub"));
    assertThat(pub).startsWith("-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE");
    assertThat(r.out()).contains("(sha256 ecdsa-p256:");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("oci.key"))))
        .isEqualTo("rw-------");
    byte[] payload = {1, 2, 3};
    byte[] sig =
        dev.airlock.signature.SigningKeys.sign(
            dev.airlock.signature.SigningKeys.readPrivateKey(dir.resolve("oci.key")), payload);
    assertThat(
            dev.airlock.signature.PublicKeys.verify(
                dev.airlock.signature.PublicKeys.parse(pub, "oci.pub"), payload, sig))
        .isTrue();
  }

  @Test
  void keygenUnknownType_isAUsageError() {
    CliRunner.Result r = CliRunner.run("keygen", "--type", "rsa", "--out", dir.resolve("x"));
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err()).startsWith("error: --type should be ed25519 or ecdsa-p256, got 'rsa'");
    assertThat(dir.resolve("x.key")).doesNotExist();
  }

  @Test
  void missingFile_oneLineIoError() {
    CliRunner.Result r = CliRunner.run("inspect", dir.resolve("nope.tar.gz"));

    assertThat(r.code()).isEqualTo(ExitCodes.IO);
    assertThat(r.err()).isEqualTo("error: no such file: " + dir.resolve("nope.tar.gz") + "\n");
  }

  @Test
  void stacktraceFlag_printsTrace() {
    CliRunner.Result r = CliRunner.run("inspect", dir.resolve("nope.tar.gz"), "--stacktrace");

    assertThat(r.err()).contains("java.nio.file.NoSuchFileException");
  }

  @Test
  void demo_runsEveryStepAndShowsTheRefusals() {
    CliRunner.Result r = CliRunner.run("demo", "--dir", dir.resolve("demo"));

    assertThat(r.code()).isZero();
    assertThat(r.out())
        .contains(
            "OK — signed by author",
            "(exit code 3)",
            "error: signature did not match any trusted key (tried author)",
            "(exit code 4)",
            "Both bad artefacts were refused.",
            "{\"action\":\"block\",\"reason\":\"SELECT without LIMIT: add a LIMIT clause\"}",
            "(no output: the query may continue)",
            "Two of the three queries were blocked.",
            "cost-governor LOADED: 1.0.0 from cost-governor.tar.gz, signed by author, enabled",
            "cost-governor RELOADED: 1.1.0",
            "cost-governor FAILED: cost-governor.tar.gz: artefact is not gzip-compressed",
            "(version 1.1.0 keeps serving)",
            "cost-governor REMOVED",
            "the plugin is gone: 0 plugins loaded");
  }

  private static String sha256(Path file) throws Exception {
    return java.util.HexFormat.of()
        .formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
