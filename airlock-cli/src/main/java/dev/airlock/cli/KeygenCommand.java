package dev.airlock.cli;

import dev.airlock.signature.PublicKeys;
import dev.airlock.signature.SigningKeys;
import dev.airlock.trust.Ed25519Keys;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code airlock keygen}: a new signing key, Ed25519 for artefacts (default) or ECDSA P-256 for
 * cosign-compatible OCI signatures ({@code --type ecdsa-p256}).
 */
@Command(
    mixinStandardHelpOptions = true,
    name = "keygen",
    description = {
      "Generate an Ed25519 signing key: NAME.key (PKCS#8 PEM, mode 0600) and NAME.pub"
          + " (SubjectPublicKeyInfo PEM; put it in a trust root directory).",
      "Both work with openssl (pkeyutl -sign/-verify -rawin). Existing files are never replaced.",
      "--type ecdsa-p256 makes a cosign-style key for OCI signatures: NAME.pub verifies with"
          + " 'cosign verify --key NAME.pub'; NAME.key is unencrypted PKCS#8 PEM (cosign"
          + " import-key-pair reads it)."
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "NAME",
      description = "Path and base name of the key files, e.g. keys/release.")
  Path out;

  @Option(
      names = "--type",
      paramLabel = "TYPE",
      defaultValue = "ed25519",
      description = "ed25519 (artefact signing, default) or ecdsa-p256 (cosign / OCI signatures).")
  String type;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path privateKey = out.resolveSibling(out.getFileName() + ".key");
    Path publicKey = out.resolveSibling(out.getFileName() + ".pub");
    String fingerprint;
    switch (type) {
      case "ed25519" -> {
        KeyPair pair = Ed25519Keys.generate();
        Ed25519Keys.writePair(pair, privateKey, publicKey);
        fingerprint =
            java.util.HexFormat.of()
                .formatHex(
                    java.security.MessageDigest.getInstance("SHA-256")
                        .digest(Ed25519Keys.raw(pair.getPublic())),
                    0,
                    8);
      }
      case "ecdsa-p256" -> {
        KeyPair pair = SigningKeys.generateEcdsaP256();
        SigningKeys.writePair(pair, privateKey, publicKey);
        fingerprint = PublicKeys.fingerprint(pair.getPublic());
      }
      default ->
          throw new picocli.CommandLine.ParameterException(
              spec.commandLine(), "--type should be ed25519 or ecdsa-p256, got '" + type + "'");
    }
    var o = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("private_key", privateKey.toString());
      r.put("public_key", publicKey.toString());
      r.put("type", type);
      r.put("fingerprint", fingerprint);
      Json.print(o, r);
    } else {
      o.println("private key: " + privateKey + " (keep it secret)");
      o.println("public key:  " + publicKey + " (sha256 " + fingerprint + "…)");
    }
    return ExitCodes.OK;
  }
}
