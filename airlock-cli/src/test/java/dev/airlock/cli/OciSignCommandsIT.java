package dev.airlock.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.airlock.artefact.Abi;
import dev.airlock.testing.DockerRegistry;
import dev.airlock.testing.MockSigstoreServers;
import dev.airlock.testing.NpmMockSigstore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code airlock sign/verify oci://} against a real registry, a host whose settings file has an
 * {@code [oci]} policy, and skopeo checking our legacy signatures with a sigstoreSigned policy.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class OciSignCommandsIT {
  @TempDir Path tmp;
  final OciCommandsIT base = new OciCommandsIT();
  Map<String, String> saved = OciOptions.environment;
  CliProcess host;

  @AfterEach
  void restore() {
    OciOptions.environment = saved;
    if (host != null) {
      host.close();
    }
  }

  private DockerRegistry start() throws Exception {
    assumeTrue(DockerRegistry.available(), "docker-registry is not installed");
    base.tmp = tmp;
    return DockerRegistry.start(
        DockerRegistry.Mode.PLAIN, Files.createDirectories(tmp.resolve("reg")));
  }

  private String keygen(String name) {
    CliRunner.Result r =
        CliRunner.run("keygen", "--type", "ecdsa-p256", "--out", tmp.resolve(name).toString());
    assertThat(r.code()).as(r.err()).isZero();
    return tmp.resolve(name).toString();
  }

  @Test
  void signWithKeyAndBundle_thenVerify_matchingKeyPasses_otherKeyIsRefused() throws Exception {
    try (DockerRegistry r = start()) {
      base.env(r, false);
      String ref = "oci://" + r.hostPort() + "/p/echo:1";
      assertThat(CliRunner.run("push", base.artefact("echo", "echo", Abi.RAW), ref).code())
          .isZero();
      String k = keygen("release");
      String other = keygen("other");

      CliRunner.Result sign = CliRunner.run("sign", ref, "--key", k + ".key", "--bundle");
      assertThat(sign.code()).as(sign.err()).isZero();
      assertThat(sign.out())
          .startsWith("signed " + ref + " (sha256:")
          .contains(".sig: 1 signature(s) (cosign legacy)")
          .contains("bundle referrer sha256:")
          .contains("the registry has no referrers API; referrers index tag sha256-");

      CliRunner.Result ok = CliRunner.run("verify", ref, "--key", k + ".pub");
      assertThat(ok.code()).as(ok.err()).isZero();
      assertThat(ok.out())
          .startsWith("Verified " + ref + " (sha256:")
          .contains("  signed by key ecdsa-p256:")
          .contains("; rule matched: pubKey");

      // Both signatures (the .sig layer and the bundle referrer) verified: none "not counted".
      assertThat(ok.out()).doesNotContain("not counted");

      CliRunner.Result bad = CliRunner.run("verify", ref, "--key", other + ".pub");
      assertThat(bad.code()).isEqualTo(ExitCodes.NOT_TRUSTED);
      assertThat(bad.err()).contains("No valid signatures found for " + ref);

      bundleAloneVerifies(ref, k + ".pub");
      verifyWithPolicyFile(ref, k + ".pub", other + ".pub");

      // A second signer is added; the first signature is kept.
      CliRunner.Result second = CliRunner.run("sign", ref, "--key", other + ".key");
      assertThat(second.out()).contains(".sig: 2 signature(s)");
      assertThat(CliRunner.run("verify", ref, "--key", k + ".pub").code()).isZero();
      assertThat(CliRunner.run("verify", ref, "--key", other + ".pub").code()).isZero();
    }
  }

  /**
   * The bundle {@code sign --bundle} wrote, verified on its own: discovery over the registry finds
   * it as a referrer (beside the .sig layer), and a verification given only that candidate passes.
   */
  private static void bundleAloneVerifies(String ref, String pub) throws Exception {
    dev.airlock.oci.RegistryClient c = new OciOptions().client();
    dev.airlock.oci.Reference parsed = dev.airlock.oci.Reference.parse(ref);
    String digest =
        c.headManifest(
                parsed.repository(), parsed.identifier(), dev.airlock.oci.MediaTypes.ALL_MANIFESTS)
            .orElseThrow()
            .digest()
            .toString();
    List<dev.airlock.signature.SignatureCandidate> bundles =
        dev.airlock.signature.SignatureDiscovery.discover(
                new dev.airlock.oci.sign.OciSignatureSource(c, parsed.repository()),
                digest,
                dev.airlock.signature.DiscoveryLimits.DEFAULT)
            .stream()
            .filter(x -> x instanceof dev.airlock.signature.SigstoreBundle)
            .toList();
    assertThat(bundles).as("bundle referrers of " + ref).hasSize(1);
    java.security.PublicKey key =
        dev.airlock.signature.PublicKeys.parse(Files.readString(Path.of(pub)), pub);
    dev.airlock.signature.VerificationResult r =
        dev.airlock.signature.SignatureVerifier.of(
                dev.airlock.signature.VerificationPolicy.anyKey(List.of(key)),
                Optional.of(dev.airlock.sigstore.SigstoreVerifier.forKeysOnly(Clock.systemUTC())))
            .verify(ref, digest, bundles);
    assertThat(r.matches())
        .singleElement()
        .satisfies(
            m ->
                assertThat(m.signer().identity())
                    .isEqualTo(dev.airlock.signature.PublicKeys.fingerprint(key)));
    assertThat(r.rejected()).isEmpty();
  }

  /** {@code verify --policy}: the pubKey rule that matched is printed; another key is refused. */
  private void verifyWithPolicyFile(String ref, String pub, String otherPub) throws Exception {
    Path good = Files.writeString(tmp.resolve("good-policy.yaml"), keyPolicy(pub));
    Path bad = Files.writeString(tmp.resolve("other-policy.yaml"), keyPolicy(otherPub));
    String fingerprint =
        dev.airlock.signature.PublicKeys.fingerprint(
            dev.airlock.signature.PublicKeys.parse(Files.readString(Path.of(pub)), pub));

    CliRunner.Result ok = CliRunner.run("verify", ref, "--policy", good.toString());
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .startsWith("Verified " + ref + " (sha256:")
        .contains("  signed by key " + fingerprint + "; rule matched: pubKey " + fingerprint)
        .doesNotContain("not counted");

    CliRunner.Result refused = CliRunner.run("verify", ref, "--policy", bad.toString());
    assertThat(refused.code()).as(refused.out()).isEqualTo(ExitCodes.NOT_TRUSTED);
    assertThat(refused.err()).contains("No valid signatures found for " + ref);
    assertThat(refused.out()).doesNotContain("Verified");
  }

  private static String keyPolicy(String pub) throws Exception {
    return "apiVersion: v1\nkind: Verification\nanyOf:\n  signatures:\n    - kind: pubKey\n"
        + "      key: |\n        "
        + Files.readString(Path.of(pub)).strip().replace("\n", "\n        ")
        + "\n";
  }

  @Test
  void verifyKeyless_mockBundleAttached_printsSignerAndRule_wrongIdentityRefused()
      throws Exception {
    try (DockerRegistry r = start()) {
      base.env(r, false);
      NpmMockSigstore.install();
      String ref = "oci://" + r.hostPort() + "/p/echo:1";
      assertThat(CliRunner.run("push", base.artefact("echo", "echo", Abi.RAW), ref).code())
          .isZero();
      dev.airlock.oci.RegistryClient c = new OciOptions().client();
      dev.airlock.oci.Reference parsed = dev.airlock.oci.Reference.parse(ref);
      Path manifest =
          Files.write(
              tmp.resolve("manifest.json"),
              c.getManifest(parsed.repository(), "1", dev.airlock.oci.MediaTypes.ALL_MANIFESTS)
                  .bytes());
      Path out = NpmMockSigstore.generate(Files.createDirectories(tmp.resolve("mock")), manifest);
      CliRunner.Result attached =
          CliRunner.run("sign", ref, "--attach-bundle", out.resolve("message.json").toString());
      assertThat(attached.code()).as(attached.err()).isZero();
      assertThat(attached.out()).contains("bundle referrer sha256:");
      String subject =
          "https://github.com/acme/plugins/.github/workflows/release.yml@refs/heads/main";
      String issuer = "https://token.actions.githubusercontent.com";
      String root = out.resolve("trusted_root.json").toString();

      CliRunner.Result ok =
          CliRunner.run(
              "verify",
              ref,
              "--certificate-identity",
              subject,
              "--certificate-oidc-issuer",
              issuer,
              "--trusted-root",
              root);
      assertThat(ok.code()).as(ok.err()).isZero();
      assertThat(ok.out())
          .startsWith("Verified " + ref + " (sha256:")
          .contains(
              "  signed by "
                  + subject
                  + " (issuer "
                  + issuer
                  + "); rule matched: certificate"
                  + " subject "
                  + subject
                  + " issuer "
                  + issuer);

      CliRunner.Result bad =
          CliRunner.run(
              "verify",
              ref,
              "--certificate-identity",
              "https://github.com/evil/x",
              "--certificate-oidc-issuer",
              issuer,
              "--trusted-root",
              root);
      assertThat(bad.code()).isEqualTo(ExitCodes.NOT_TRUSTED);
      assertThat(bad.err())
          .contains("signature by " + subject + " (issuer " + issuer + ") does not satisfy policy")
          .contains("subject should be https://github.com/evil/x");

      verifyWithWorkflowOptions(ref, root);

      CliRunner.Result noRoot =
          CliRunner.run(
              "verify",
              ref,
              "--certificate-identity",
              subject,
              "--certificate-oidc-issuer",
              issuer);
      assertThat(noRoot.code()).isEqualTo(ExitCodes.USAGE);
      assertThat(noRoot.err()).contains("keyless verification needs --trusted-root FILE");
    }
  }

  /**
   * cosign's regexp and GitHub workflow options against the claims the mock Fulcio wrote into the
   * certificate (generate.js: acme/plugins, refs/heads/main, sha a…a, workflow release, push): all
   * matching verifies and prints the rule; each one changed is refused naming expected and found.
   */
  private static void verifyWithWorkflowOptions(String ref, String root) {
    Map<String, String> good = new java.util.LinkedHashMap<>();
    good.put("--certificate-identity-regexp", "https://github\\.com/acme/plugins/.*");
    good.put(
        "--certificate-oidc-issuer-regexp", "https://token\\.actions\\.githubusercontent\\.com");
    good.put("--certificate-github-workflow-repository", "acme/plugins");
    good.put("--certificate-github-workflow-ref", "refs/heads/main");
    good.put("--certificate-github-workflow-sha", "a".repeat(40));
    good.put("--certificate-github-workflow-name", "release");
    good.put("--certificate-github-workflow-trigger", "push");
    CliRunner.Result ok = verifyWith(ref, root, good);
    assertThat(ok.code()).as(ok.err()).isZero();
    assertThat(ok.out())
        .contains(
            "; rule matched: certificate subject~/https://github\\.com/acme/plugins/.*/"
                + " issuer~/https://token\\.actions\\.githubusercontent\\.com/"
                + " ref=refs/heads/main repository=acme/plugins sha="
                + "a".repeat(40)
                + " trigger=push workflow-name=release");

    String subject = MockSigstoreServers.githubSubject("acme/plugins");
    Map<String, String[]> wrong = new java.util.LinkedHashMap<>();
    wrong.put(
        "--certificate-identity-regexp",
        new String[] {
          "https://github\\.com/acme/other/.*",
          "subject should match /https://github\\.com/acme/other/.*/, found " + subject
        });
    wrong.put(
        "--certificate-oidc-issuer-regexp",
        new String[] {
          "https://accounts\\.google\\.com",
          "issuer should match /https://accounts\\.google\\.com/, found "
              + MockSigstoreServers.GITHUB_ISSUER
        });
    wrong.put(
        "--certificate-github-workflow-repository",
        new String[] {
          "acme/other", "certificate repository should be acme/other, found acme/plugins"
        });
    wrong.put(
        "--certificate-github-workflow-ref",
        new String[] {
          "refs/tags/v9", "certificate ref should be refs/tags/v9, found refs/heads/main"
        });
    wrong.put(
        "--certificate-github-workflow-sha",
        new String[] {
          "b".repeat(40),
          "certificate sha should be " + "b".repeat(40) + ", found " + "a".repeat(40)
        });
    wrong.put(
        "--certificate-github-workflow-name",
        new String[] {"nightly", "certificate workflow-name should be nightly, found release"});
    wrong.put(
        "--certificate-github-workflow-trigger",
        new String[] {
          "pull_request_target", "certificate trigger should be pull_request_target, found push"
        });
    for (var w : wrong.entrySet()) {
      Map<String, String> options = new java.util.LinkedHashMap<>(good);
      options.put(w.getKey(), w.getValue()[0]);
      CliRunner.Result bad = verifyWith(ref, root, options);
      assertThat(bad.code()).as(w.getKey() + ": " + bad.out()).isEqualTo(ExitCodes.NOT_TRUSTED);
      assertThat(bad.err())
          .as(w.getKey())
          .contains("does not satisfy policy")
          .contains("(" + w.getValue()[1] + ")");
    }
  }

  private static CliRunner.Result verifyWith(String ref, String root, Map<String, String> options) {
    List<Object> args = new java.util.ArrayList<>(List.of("verify", ref, "--trusted-root", root));
    options.forEach(
        (k, v) -> {
          args.add(k);
          args.add(v);
        });
    return CliRunner.run(args.toArray());
  }

  /**
   * Key-based interop without cosign (not packaged here) or skopeo's sigstore verification (Debian
   * builds skopeo with "sigstore disabled"): skopeo copies our {@code .sig} image out of the
   * registry into a directory, and openssl checks the signature over the payload blob.
   */
  @Test
  void legacySignature_copiedOutBySkopeo_verifiesWithOpenssl_andNotWithOtherKey() throws Exception {
    assumeTrue(Files.isExecutable(Path.of("/usr/bin/skopeo")), "skopeo is not installed");
    try (DockerRegistry r = start()) {
      base.env(r, false);
      String ref = "oci://" + r.hostPort() + "/p/echo:1";
      assertThat(CliRunner.run("push", base.artefact("echo", "echo", Abi.RAW), ref).code())
          .isZero();
      String k = keygen("release");
      String other = keygen("other");
      CliRunner.Result signed = CliRunner.run("sign", ref, "--key", k + ".key", "--json");
      assertThat(signed.code()).as(signed.err()).isZero();
      com.fasterxml.jackson.databind.JsonNode s = Json.MAPPER.readTree(signed.out());
      String digest = s.get("digest").asText();
      Path policy =
          Files.writeString(
              tmp.resolve("accept.json"), "{\"default\":[{\"type\":\"insecureAcceptAnything\"}]}");
      Path dir = tmp.resolve("sig-image");
      Tool copy =
          tool(
              "skopeo",
              "--policy",
              policy.toString(),
              "copy",
              "--src-tls-verify=false",
              "docker://" + r.hostPort() + "/p/echo:" + s.get("signature_tag").asText(),
              "dir:" + dir);
      assertThat(copy.exit()).as(copy.out()).isZero();
      com.fasterxml.jackson.databind.JsonNode layer =
          Json.MAPPER.readTree(dir.resolve("manifest.json").toFile()).get("layers").get(0);
      assertThat(layer.get("mediaType").asText())
          .isEqualTo("application/vnd.dev.cosign.simplesigning.v1+json");
      Path payload = dir.resolve(layer.get("digest").asText().substring(7));
      assertThat(
              Json.MAPPER
                  .readTree(payload.toFile())
                  .at("/critical/image/docker-manifest-digest")
                  .asText())
          .isEqualTo(digest);
      Path sig =
          Files.write(
              tmp.resolve("payload.sig"),
              java.util.Base64.getDecoder()
                  .decode(
                      layer.get("annotations").get("dev.cosignproject.cosign/signature").asText()));
      Tool ok =
          tool(
              "openssl",
              "dgst",
              "-sha256",
              "-verify",
              k + ".pub",
              "-signature",
              sig.toString(),
              payload.toString());
      assertThat(ok.exit()).as(ok.out()).isZero();
      assertThat(ok.out()).contains("Verified OK");
      Tool bad =
          tool(
              "openssl",
              "dgst",
              "-sha256",
              "-verify",
              other + ".pub",
              "-signature",
              sig.toString(),
              payload.toString());
      assertThat(bad.exit()).isNotZero();
      assertThat(bad.out()).contains("Verification failure");
    }
  }

  record Tool(int exit, String out) {}

  private Tool tool(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Tool(p.exitValue(), out);
  }

  /**
   * Issue #7's "signed with our CLI (keyless-mock)": our CLI signs keyless against the mock Fulcio
   * and Rekor over real HTTP; our CLI verifies it and prints the signer; a host with an identity
   * policy loads it and refuses it under another identity; npm's independent verifier accepts the
   * bundle; a Rekor failure writes nothing to the registry.
   */
  @Test
  void signKeyless_overHttpMock_verifiedByCliHostAndNpm_otherIdentityRefused() throws Exception {
    try (DockerRegistry r = start();
        MockSigstoreServers mock = MockSigstoreServers.start(tmp.resolve("mock"))) {
      Map<String, String> env = base.env(r, false);
      String ref = "oci://" + r.hostPort() + "/p/echo:1";
      assertThat(CliRunner.run("push", base.artefact("echo", "echo", Abi.RAW), ref).code())
          .isZero();
      Path token =
          Files.writeString(
              tmp.resolve("token.jwt"), MockSigstoreServers.githubToken("acme/plugins"));
      String subject = MockSigstoreServers.githubSubject("acme/plugins");
      String issuer = MockSigstoreServers.GITHUB_ISSUER;
      String root = mock.trustedRoot().toString();
      Path bundle = tmp.resolve("echo.sigstore.json");

      CliRunner.Result sign =
          CliRunner.run(
              "sign",
              ref,
              "--keyless",
              "--fulcio-url",
              mock.fulcioUrl(),
              "--rekor-url",
              mock.rekorUrl(),
              "--identity-token-file",
              token.toString(),
              "--out",
              bundle.toString());
      assertThat(sign.code()).as(sign.err()).isZero();
      assertThat(sign.out())
          .startsWith("signed " + ref + " (sha256:")
          .contains(") keyless as " + subject + "\n")
          .contains("  Rekor log index ")
          .contains("; certificate valid until ")
          .contains("  bundle referrer sha256:")
          .contains("the registry has no referrers API; referrers index tag sha256-")
          .contains("  bundle written to " + bundle);

      CliRunner.Result ok =
          CliRunner.run(
              "verify",
              ref,
              "--certificate-identity",
              subject,
              "--certificate-oidc-issuer",
              issuer,
              "--trusted-root",
              root);
      assertThat(ok.code()).as(ok.err()).isZero();
      assertThat(ok.out())
          .startsWith("Verified " + ref + " (sha256:")
          .contains(
              "  signed by "
                  + subject
                  + " (issuer "
                  + issuer
                  + "); rule matched: certificate subject "
                  + subject
                  + " issuer "
                  + issuer);
      CliRunner.Result bad =
          CliRunner.run(
              "verify",
              ref,
              "--certificate-identity",
              "https://github.com/evil/x",
              "--certificate-oidc-issuer",
              issuer,
              "--trusted-root",
              root);
      assertThat(bad.code()).isEqualTo(ExitCodes.NOT_TRUSTED);
      assertThat(bad.err())
          .contains("signature by " + subject + " (issuer " + issuer + ") does not satisfy policy")
          .contains("subject should be https://github.com/evil/x");

      dev.airlock.oci.RegistryClient c = new OciOptions().client();
      dev.airlock.oci.Reference parsed = dev.airlock.oci.Reference.parse(ref);
      Path manifest =
          Files.write(
              tmp.resolve("manifest.json"),
              c.getManifest(parsed.repository(), "1", dev.airlock.oci.MediaTypes.ALL_MANIFESTS)
                  .bytes());
      assertThat(
              NpmMockSigstore.verifyKeyless(bundle, manifest, mock.trustedRoot(), subject, issuer))
          .contains("\"verified\":true")
          .contains("\"subject\":\"" + subject + "\"");

      List<String> good =
          runHostWithPolicy(
              env, ref, identityPolicy(issuer, subject, root), l -> l.contains(" echo LOADED "));
      assertThat(good)
          .anyMatch(
              l ->
                  l.contains(" * VERIFIED " + ref + " sha256:")
                      && l.contains("signed by " + subject))
          .anyMatch(l -> l.contains(" echo LOADED 2.0.0 from echo.tar.gz"));
      host.close();
      host.process.waitFor(10, TimeUnit.SECONDS);

      Files.delete(tmp.resolve("plugins/echo.tar.gz"));
      String evil = "https://github.com/evil/plugins/.github/workflows/release.yml@refs/heads/main";
      List<String> refused =
          runHostWithPolicy(env, ref, identityPolicy(issuer, evil, root), l -> false);
      assertThat(host.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(host.process.exitValue()).isNotZero();
      assertThat(Files.readString(tmp.resolve("stderr.txt")))
          .contains(
              "error: refused provider "
                  + ref
                  + ": signature by "
                  + subject
                  + " (issuer "
                  + issuer
                  + ") does not satisfy policy: anyOf needs 1 distinct signer(s) matching its"
                  + " rules, found 0 (subject should be "
                  + evil
                  + ", found "
                  + subject
                  + ")");
      assertThat(refused).noneMatch(l -> l.contains(" LOADED "));
      assertThat(tmp.resolve("plugins/echo.tar.gz")).doesNotExist();

      // A second keyless signature, as JSON for machines; both bundles stay listed.
      CliRunner.Result again =
          CliRunner.run(
              "sign",
              ref,
              "--keyless",
              "--fulcio-url",
              mock.fulcioUrl(),
              "--rekor-url",
              mock.rekorUrl(),
              "--identity-token-file",
              token.toString(),
              "--json");
      assertThat(again.code()).as(again.err()).isZero();
      com.fasterxml.jackson.databind.JsonNode j = Json.MAPPER.readTree(again.out());
      assertThat(j.get("identities").get(0).asText()).isEqualTo(subject);
      assertThat(j.get("digest").asText()).startsWith("sha256:");
      assertThat(j.get("bundle_referrer").asText()).startsWith("sha256:");
      assertThat(j.get("fallback_tag").asText())
          .isEqualTo(j.get("digest").asText().replace(':', '-'));
      assertThat(j.get("log_index").isIntegralNumber()).isTrue();
      assertThat(j.get("bundle_file").isNull()).isTrue();
      com.fasterxml.jackson.databind.JsonNode index =
          Json.MAPPER.readTree(
              c.getManifest(
                      parsed.repository(),
                      j.get("fallback_tag").asText(),
                      dev.airlock.oci.MediaTypes.ALL_MANIFESTS)
                  .bytes());
      assertThat(index.get("manifests")).hasSize(2);

      // Rekor answers 404 (its URL points at Fulcio): refused, and nothing reaches the registry.
      String other = "oci://" + r.hostPort() + "/p/other:1";
      assertThat(CliRunner.run("push", base.artefact("echo", "echo", Abi.RAW), other).code())
          .isZero();
      CliRunner.Result broken =
          CliRunner.run(
              "sign",
              other,
              "--keyless",
              "--fulcio-url",
              mock.fulcioUrl(),
              "--rekor-url",
              mock.fulcioUrl(),
              "--identity-token-file",
              token.toString());
      assertThat(broken.code()).isEqualTo(ExitCodes.REGISTRY);
      assertThat(broken.err())
          .contains(
              "Rekor at "
                  + mock.fulcioUrl()
                  + "/api/v1/log/entries answered 404: no route POST /api/v1/log/entries");
      assertThat(c.listTags(dev.airlock.oci.Reference.parse(other).repository()))
          .containsExactly("1");
    }
  }

  private static String identityPolicy(String issuer, String subject, String root) {
    return """
        apiVersion: v1
        kind: Verification
        anyOf:
          minimumMatches: 1
          signatures:
            - kind: genericIssuer
              issuer: %s
              subject:
                equal: %s
        trust:
          trustedRoot: %s
        """
        .formatted(issuer, subject, root);
  }

  @Test
  void host_withOciPolicy_loadsTheSignedProvider_andRefusesUnderAnotherKey() throws Exception {
    try (DockerRegistry r = start()) {
      Map<String, String> env = base.env(r, false);
      String ref = "oci://" + r.hostPort() + "/p/echo:1";
      assertThat(CliRunner.run("push", base.artefact("echo", "echo", Abi.RAW), ref).code())
          .isZero();
      String k = keygen("release");
      String other = keygen("other");
      assertThat(CliRunner.run("sign", ref, "--key", k + ".key").code()).isZero();

      List<String> good = runHost(env, ref, k + ".pub", l -> l.contains(" echo LOADED "));
      assertThat(good)
          .anyMatch(
              l -> l.contains(" * VERIFIED " + ref + " sha256:") && l.contains("signed by key"))
          .anyMatch(l -> l.contains(" echo LOADED 2.0.0 from echo.tar.gz"));
      host.close();
      host.process.waitFor(10, TimeUnit.SECONDS);

      Files.delete(tmp.resolve("plugins/echo.tar.gz"));
      List<String> bad = runHost(env, ref, other + ".pub", l -> false);
      assertThat(host.process.waitFor(60, TimeUnit.SECONDS)).isTrue();
      assertThat(host.process.exitValue()).isNotZero();
      assertThat(Files.readString(tmp.resolve("stderr.txt")))
          .contains("refused provider " + ref)
          .contains("No valid signatures found for " + ref);
      assertThat(bad).noneMatch(l -> l.contains(" LOADED "));
      assertThat(tmp.resolve("plugins/echo.tar.gz")).doesNotExist();
    }
  }

  /**
   * QueryMT's {@code insecure_skip_signature = true}: an unsigned provider loads, and every load
   * says loudly that nothing was checked: the first (pulled) and the next host start (a cache hit,
   * its signatures "re-verified" from the cache), not only the first time.
   */
  @Test
  void host_insecureSkipSignature_warnsOnEveryLoad() throws Exception {
    try (DockerRegistry r = start()) {
      Map<String, String> env = base.env(r, false);
      String ref = "oci://" + r.hostPort() + "/p/echo:1";
      assertThat(CliRunner.run("push", base.artefact("echo", "echo", Abi.RAW), ref).code())
          .isZero();
      String warning =
          " * WARNING signature verification of "
              + ref
              + " is SKIPPED (insecure_skip_signature = true in [oci]); anyone who can push to the"
              + " registry can run code in this host";

      for (String load : List.of("first load (pull)", "second load (cache hit)")) {
        List<String> lines =
            runHostWithOci(
                env, ref, "insecure_skip_signature = true\n", l -> l.contains(" echo LOADED "));
        assertThat(lines)
            .as(load + ": expected the WARNING line before LOADED; stderr: " + host.stderr())
            .anyMatch(l -> l.endsWith(warning))
            .anyMatch(l -> l.contains(" echo LOADED 2.0.0 from echo.tar.gz"))
            .noneMatch(l -> l.contains(" VERIFIED "));
        assertThat(lines.stream().filter(l -> l.endsWith(warning)))
            .as(load + ": one warning per load")
            .hasSize(1);
        host.close();
        host.process.waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private List<String> runHost(
      Map<String, String> env, String ref, String pub, Predicate<String> until) throws Exception {
    return runHostWithPolicy(
        env,
        ref,
        "anyOf:\n  signatures:\n    - kind: pubKey\n      key: |\n        "
            + Files.readString(Path.of(pub)).strip().replace("\n", "\n        ")
            + "\n",
        until);
  }

  private List<String> runHostWithPolicy(
      Map<String, String> env, String ref, String policyYaml, Predicate<String> until)
      throws Exception {
    Path policy = Files.writeString(tmp.resolve("policy.yaml"), policyYaml);
    return runHostWithOci(env, ref, "policy = \"" + policy.getFileName() + "\"\n", until);
  }

  private List<String> runHostWithOci(
      Map<String, String> env, String ref, String ociTable, Predicate<String> until)
      throws Exception {
    Files.writeString(
        tmp.resolve("airlock.toml"),
        "[plugins]\ndirectory = \"plugins\"\n"
            + "[oci]\n"
            + ociTable
            + "[[providers]]\nname = \"echo\"\npath = \""
            + ref
            + "\"\n");
    host = CliProcess.start(tmp, env, "host", "--config", tmp.resolve("airlock.toml").toString());
    List<String> lines = host.linesUntil(until, java.time.Duration.ofSeconds(90));
    return lines;
  }
}
