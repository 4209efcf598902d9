package dev.airlock.cli;

import dev.airlock.artefact.Artefact;
import dev.airlock.artefact.ArtefactReader;
import dev.airlock.trust.ArtefactVerifier;
import dev.airlock.trust.TrustRoot;
import dev.airlock.trust.VerifiedArtefact;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code airlock verify}: the checks a host runs before loading, as a pre-deploy audit. */
@Command(
    mixinStandardHelpOptions = true,
    name = "verify",
    description = {
      "Verify an artefact as a host would before loading it: structure, manifest, wasm digest,"
          + " and with --trust-root a signature by a trusted key.",
      "A bare .wasm is checked against its .sig sidecar (name.wasm → name.sig) unless --sig is"
          + " given.",
      "oci://host/repo:tag checks the registry's signatures of the manifest (cosign .sig,"
          + " bundle referrers) with --key, --policy or --certificate-identity[-regexp] and"
          + " --certificate-oidc-issuer[-regexp] (narrowed by --certificate-github-workflow-*),"
          + " and prints who signed and which rule matched."
    })
final class VerifyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "ARTEFACT",
      description = "A .tar.gz artefact, a plugin .zip, a bare .wasm, or oci://host/repo:tag.")
  String target;

  Path artefact;

  @Option(
      names = "--key",
      paramLabel = "FILE",
      description = "oci://: a public key PEM (ECDSA P-256, Ed25519, RSA); repeatable.")
  java.util.List<Path> keys = new java.util.ArrayList<>();

  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description = "oci://: a verification policy (allOf/anyOf of pubKey, genericIssuer, ...).")
  Path policy;

  @picocli.CommandLine.Mixin IdentityOptions identity;

  @Option(
      names = "--trusted-root",
      paramLabel = "FILE",
      description = "oci://: keyless trust material, a Sigstore trusted_root.json.")
  Path trustedRoot;

  @picocli.CommandLine.Mixin OciOptions oci;

  @Option(
      names = "--trust-root",
      paramLabel = "DIR",
      description = "Directory of trusted *.pub keys; the artefact must be signed by one.")
  Path trustRoot;

  @Option(
      names = "--sig",
      paramLabel = "FILE",
      description =
          "Signature of a bare .wasm (default: name.sig beside it) or of a .zip (default:"
              + " name.zip.sig); a .tar.gz carries its own.")
  Path sig;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (dev.airlock.oci.Reference.isOci(target)) {
      return OciSignatures.verify(
          spec.commandLine().getOut(),
          oci.client(),
          target,
          keys,
          policy,
          identity,
          trustedRoot,
          json);
    }
    if (!keys.isEmpty() || policy != null || identity.anyGiven() || trustedRoot != null) {
      throw new IllegalArgumentException(
          "--key, --policy, "
              + IdentityOptions.ALL
              + " and --trusted-root apply to oci:// references; for an artefact use"
              + " --trust-root DIR");
    }
    artefact = Path.of(target);
    ArtefactVerifier verifier =
        trustRoot == null
            ? ArtefactVerifier.withoutTrustRoot()
            : ArtefactVerifier.trusting(TrustRoot.load(trustRoot));
    ArtefactReader reader = ArtefactReader.create();
    Artefact a = sig == null ? reader.read(artefact) : readWithSignature(reader);
    VerifiedArtefact v = verifier.verify(a);
    PrintWriter o = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("ok", true);
      r.put("name", a.manifest().name());
      r.put("version", a.manifest().version().toString());
      r.put("artefact_sha256", a.sha256());
      r.put("signed", a.isSigned());
      r.put("signature_checked", v.signer().isPresent());
      r.put("signer", v.signer().orElse(null));
      Json.print(o, r);
      return ExitCodes.OK;
    }
    if (v.signer().isPresent()) {
      o.println("OK — signed by " + v.signer().get());
    } else {
      o.println(
          "OK — structure and digests valid; "
              + (a.isSigned()
                  ? "signed, but the signature was not checked (no --trust-root given)"
                  : "unsigned (no --trust-root given)"));
    }
    o.println(
        "  "
            + a.manifest().name()
            + " "
            + a.manifest().version()
            + ", artefact sha256 "
            + a.sha256());
    return ExitCodes.OK;
  }

  private Artefact readWithSignature(ArtefactReader reader) throws Exception {
    byte[] head = new byte[2];
    try (java.io.InputStream in = java.nio.file.Files.newInputStream(artefact)) {
      in.readNBytes(head, 0, 2);
    }
    if (head[0] == 'P' && head[1] == 'K') {
      return reader.readZip(artefact, sig);
    }
    return reader.readBareWasm(artefact, sig);
  }
}
