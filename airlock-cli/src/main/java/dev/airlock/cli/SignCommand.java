package dev.airlock.cli;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.trust.ArtefactSigner;
import dev.airlock.trust.Ed25519Keys;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock sign}: add or replace an artefact's signature. */
@Command(
    mixinStandardHelpOptions = true,
    name = "sign",
    description = {
      "Sign an artefact: a .tar.gz is re-packed with plugin.sig over its manifest (in place"
          + " unless --out is given); a bare .wasm gets a .sig sidecar over its bytes.",
      "The file is replaced atomically; a failure leaves it as it was.",
      "oci://host/repo:tag signs the manifest in the registry as cosign does: a legacy"
          + " sha256-<hex>.sig signature (existing ones kept), and with --bundle a bundle referrer.",
      "oci://… --keyless signs with a Fulcio certificate for an OIDC identity token and a Rekor"
          + " entry, and attaches the Sigstore bundle; when Fulcio or Rekor fail or answer"
          + " something that does not fit, nothing is written to the registry."
    })
final class SignCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "ARTEFACT",
      description =
          "A .tar.gz artefact, a bare .wasm, or oci://host/repo:tag (sign in the registry).")
  String target;

  Path artefact;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description =
          "Ed25519 private key (PKCS#8 PEM); for oci:// an ECDSA P-256 key ('airlock keygen --type"
              + " ecdsa-p256').")
  Path key;

  @Option(
      names = "--bundle",
      description =
          "oci:// only: also write a Sigstore v0.3 bundle referrer (needs NAME.pub beside"
              + " NAME.key).")
  boolean bundle;

  @Option(
      names = "--attach-bundle",
      paramLabel = "FILE",
      description =
          "oci:// only, instead of --key: attach a Sigstore bundle made elsewhere (e.g. keyless,"
              + " by cosign or sigstore-js) as a referrer of the manifest.")
  Path attachBundle;

  @picocli.CommandLine.Mixin OciOptions oci;

  @picocli.CommandLine.Mixin KeylessOptions keyless;

  @Option(
      names = "--out",
      paramLabel = "FILE",
      description =
          "Write here instead (the .sig file for a bare wasm); with --keyless, also write the"
              + " bundle here.")
  Path out;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (keyless.anyGiven()) {
      if (!keyless.keyless) {
        throw new IllegalArgumentException(
            "--fulcio-url, --rekor-url and --identity-token(-file) apply to --keyless only");
      }
      if (!dev.airlock.oci.Reference.isOci(target)
          || key != null
          || bundle
          || attachBundle != null) {
        throw new IllegalArgumentException(
            "--keyless takes an oci:// reference and no --key, --bundle or --attach-bundle");
      }
      return OciSignatures.signKeyless(
          spec.commandLine().getOut(), oci.client(), target, keyless.signer(), out, json);
    }
    if (attachBundle != null) {
      if (!dev.airlock.oci.Reference.isOci(target) || key != null || bundle) {
        throw new IllegalArgumentException(
            "--attach-bundle takes an oci:// reference and no --key or --bundle");
      }
      return OciSignatures.attach(
          spec.commandLine().getOut(), oci.client(), target, attachBundle, json);
    }
    if (key == null) {
      throw new IllegalArgumentException("missing --key FILE (or --attach-bundle for oci://)");
    }
    if (dev.airlock.oci.Reference.isOci(target)) {
      return OciSignatures.sign(
          spec.commandLine().getOut(), oci.client(), target, key, bundle, json);
    }
    if (bundle) {
      throw new IllegalArgumentException("--bundle applies to oci:// references only");
    }
    artefact = Path.of(target);
    PrivateKey privateKey = Ed25519Keys.readPrivateKey(key);
    ArtefactReader reader = ArtefactReader.create();
    Artefact a = reader.read(artefact);
    Path target;
    String sha256;
    if (a.format() == Artefact.Format.TAR_GZ) {
      target = out != null ? out : artefact;
      ArtefactSigner.resignTo(a, privateKey, target);
      sha256 = reader.read(target).sha256();
    } else {
      String file = artefact.getFileName().toString();
      target =
          out != null ? out : artefact.resolveSibling(file.replaceFirst("\\.wasm$", "") + ".sig");
      ArtefactSigner.signBareWasmTo(bytes(a.wasm()), privateKey, target);
      sha256 = a.sha256();
    }
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("name", a.manifest().name());
      r.put("version", a.manifest().version().toString());
      r.put("path", target.toString());
      r.put("artefact_sha256", sha256);
      Json.print(o, r);
    } else {
      o.println("signed " + a.manifest().name() + " " + a.manifest().version() + " → " + target);
      o.println("  artefact sha256: " + sha256);
    }
    return ExitCodes.OK;
  }

  private static byte[] bytes(ByteBuffer b) {
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
