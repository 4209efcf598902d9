package dev.airlock.benchmarks;

import dev.airlock.signature.DiscoveryLimits;
import dev.airlock.signature.KeylessVerifierProvider;
import dev.airlock.signature.LegacySignature;
import dev.airlock.signature.PolicyParser;
import dev.airlock.signature.PolicyRule;
import dev.airlock.signature.SignatureCandidate;
import dev.airlock.signature.SignatureDiscovery;
import dev.airlock.signature.SignatureDocuments;
import dev.airlock.signature.SignatureSource;
import dev.airlock.signature.SignatureVerifier;
import dev.airlock.signature.SigningKeys;
import dev.airlock.signature.SigstoreBundle;
import dev.airlock.signature.SimpleSigningPayload;
import dev.airlock.signature.TrustMaterial;
import dev.airlock.signature.VerificationPolicy;
import dev.airlock.sigstore.SigstoreVerifier;
import dev.airlock.testing.NpmMockSigstore;
import dev.airlock.testing.SharedTestdata;
import dev.sigstore.KeylessVerifier;
import dev.sigstore.TrustedRootProvider;
import dev.sigstore.VerificationOptions;
import dev.sigstore.bundle.Bundle;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.Signature;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Cost of verifying one OCI signature, next to its floor in the same run.
 *
 * <p>{@link #keyBased}: a cosign-style ECDSA P-256 legacy signature through the policy (payload
 * parse and digest check, signature, rule), with the verifier a pull uses (airlock-sigstore is on
 * the class path, so the signature check runs on its BouncyCastle twin); peer {@link
 * #jdkEcdsaVerify}: the bare JDK ECDSA verification of the same payload. {@link #keyless}: a
 * public-good Sigstore bundle (sigstore-java sample) through Airlock (sigstore-java plus Airlock's
 * own checks, identity policy); peer {@link #sigstoreJavaOnly}: sigstore-java alone (bundle parse
 * plus {@code KeylessVerifier}). {@link #cachedReverify}: what a cached plugin costs at load:
 * discovery over the cached signature material (no network) plus key-based verification. {@link
 * #keylessMock}: a bundle made by npm sigstore against {@code @sigstore/mock}. Needs {@code
 * ../shared/testdata} for the keyless pair, node and npm for the mock bundle.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
public class SignatureVerifyBenchmark {
  private String digest;
  private List<SignatureCandidate> legacy;
  private byte[] payload;
  private byte[] signatureBytes;
  private KeyPair key;
  private SignatureVerifier keyVerifier;
  private SignatureSource cache;

  private SignatureVerifier keylessVerifier;
  private String artifactDigest;
  private List<SignatureCandidate> bundle;
  private KeylessVerifier sigstoreJava;
  private String bundleText;
  private byte[] artifactSha256;

  /** Builds keys, signatures, the cached material and the keyless verifiers once. */
  @Setup
  public void setUp() throws Exception {
    key = SigningKeys.generateEcdsaP256();
    byte[] manifest = "{\"schemaVersion\":2,\"layers\":[]}".getBytes(StandardCharsets.UTF_8);
    digest =
        "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
    payload = SimpleSigningPayload.of(digest, "registry.example/plugins/cost", Map.of()).toBytes();
    signatureBytes = SigningKeys.sign(key.getPrivate(), payload);
    LegacySignature layer =
        SignatureDocuments.legacyLayer(payload, signatureBytes, Optional.empty());
    legacy = List.of(layer);
    // As a pull builds it: with airlock-sigstore installed, key signatures run on its provider.
    keyVerifier =
        KeylessVerifierProvider.verifierFor(
            VerificationPolicy.anyKey(List.of(key.getPublic())), Clock.systemUTC());
    cache = new CachedMaterial(SignatureDocuments.legacyManifest(digest, List.of(layer)));

    Path samples =
        SharedTestdata.find("sigstore-java-samples")
            .orElseThrow(() -> new IllegalStateException(SharedTestdata.MISSING));
    Path root = samples.resolve("trusted_root.json");
    byte[] artifact = Files.readAllBytes(samples.resolve("artifact.txt"));
    artifactSha256 = MessageDigest.getInstance("SHA-256").digest(artifact);
    artifactDigest = "sha256:" + HexFormat.of().formatHex(artifactSha256);
    byte[] json = Files.readAllBytes(samples.resolve("bundle.v3.sigstore"));
    bundle = List.of(new SigstoreBundle("bundle.v3", json));
    TrustMaterial trust = new TrustMaterial(Optional.of(root), List.of(), List.of(), false);
    PolicyRule rule =
        new PolicyRule.CertificateIdentity(
            Optional.of("appu@google.com"),
            Optional.empty(),
            Optional.of("https://accounts.google.com"),
            Optional.empty(),
            Map.of());
    keylessVerifier =
        SignatureVerifier.of(
            new VerificationPolicy(List.of(), List.of(rule), 1, Optional.empty(), trust, false),
            Optional.of(SigstoreVerifier.create(trust, Clock.systemUTC())));
    sigstoreJava =
        KeylessVerifier.builder().trustedRootProvider(TrustedRootProvider.from(root)).build();
    bundleText = new String(json, StandardCharsets.UTF_8);
  }

  /** Airlock: one key-based legacy signature through the policy. */
  @Benchmark
  public Object keyBased() throws Exception {
    return keyVerifier.verify("oci://bench", digest, legacy);
  }

  /** Peer: the bare JDK ECDSA P-256 verification of the same payload. */
  @Benchmark
  public boolean jdkEcdsaVerify() throws Exception {
    Signature s = Signature.getInstance("SHA256withECDSA");
    s.initVerify(key.getPublic());
    s.update(payload);
    return s.verify(signatureBytes);
  }

  /** Airlock: one keyless bundle (parse, sigstore-java, own checks, identity policy). */
  @Benchmark
  public Object keyless() throws Exception {
    return keylessVerifier.verify("bundle", artifactDigest, bundle);
  }

  /** Peer: sigstore-java alone on the same bytes: parse the bundle, then its keyless verifier. */
  @Benchmark
  public Object sigstoreJavaOnly() throws Exception {
    Bundle b = Bundle.from(new StringReader(bundleText));
    sigstoreJava.verify(artifactSha256, b, VerificationOptions.empty());
    return b;
  }

  /** Airlock: a cached plugin's re-verification: discovery over cached material plus verify. */
  @Benchmark
  public Object cachedReverify() throws Exception {
    return keyVerifier.verify(
        "oci://bench", digest, SignatureDiscovery.discover(cache, digest, DiscoveryLimits.DEFAULT));
  }

  /**
   * Airlock: a keyless bundle from another client (npm sigstore + {@code @sigstore/mock}, as in the
   * per-pull script) under a githubAction policy, the bundle kind a cached re-verify there checks.
   */
  @Benchmark
  public Object keylessMock(MockBundle m) throws Exception {
    return m.verifier.verify("oci://bench", m.digest, m.bundle);
  }

  /** A fresh npm sigstore + {@code @sigstore/mock} bundle over a manifest; needs node and npm. */
  @State(Scope.Benchmark)
  public static class MockBundle {
    private SignatureVerifier verifier;
    private String digest;
    private List<SignatureCandidate> bundle;

    /** Runs the npm interop script once. */
    @Setup
    public void make() throws Exception {
      Path dir = Files.createTempDirectory("mock-bundle");
      Path manifest = dir.resolve("manifest.json");
      Files.writeString(manifest, "{\"schemaVersion\":2,\"layers\":[]}");
      NpmMockSigstore.install();
      NpmMockSigstore.generate(dir, manifest);
      digest =
          "sha256:"
              + HexFormat.of()
                  .formatHex(
                      MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(manifest)));
      byte[] policy =
          ("anyOf:\n  signatures:\n    - kind: githubAction\n      owner: acme\n      repo: plugins\n"
                  + "trust:\n  trustedRoot: trusted_root.json\n")
              .getBytes(StandardCharsets.UTF_8);
      verifier =
          KeylessVerifierProvider.verifierFor(
              PolicyParser.parse(policy, "keyless.yaml", dir), Clock.systemUTC());
      bundle =
          List.of(
              new SigstoreBundle("message.json", Files.readAllBytes(dir.resolve("message.json"))));
    }
  }

  /** Cached signature material in memory, as the cache holds it: no network. */
  private static final class CachedMaterial implements SignatureSource {
    private final Map<String, byte[]> byDigest = new HashMap<>();
    private final Map<String, byte[]> byTag = new HashMap<>();

    CachedMaterial(SignatureDocuments.Document d) {
      d.blobs().forEach(b -> byDigest.put(b.digest(), b.bytes()));
      byDigest.put(d.manifest().digest(), d.manifest().bytes());
      d.tag().ifPresent(t -> byTag.put(t, d.manifest().bytes()));
    }

    @Override
    public Optional<byte[]> manifestByTag(String tag, int maxBytes) {
      return Optional.ofNullable(byTag.get(tag));
    }

    @Override
    public byte[] manifest(String digest, int maxBytes) {
      return byDigest.get(digest);
    }

    @Override
    public byte[] blob(String digest, long maxBytes) {
      return byDigest.get(digest);
    }

    @Override
    public Optional<ReferrersPage> referrers(String d, String type, Optional<String> page) {
      return Optional.empty();
    }
  }
}
