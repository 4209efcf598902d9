package dev.airlock.cli;

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

/** {@code airlock keygen}: a new Ed25519 signing key. */
@Command(
    mixinStandardHelpOptions = true,
    name = "keygen",
    description = {
      "Generate an Ed25519 signing key: NAME.key (PKCS#8 PEM, mode 0600) and NAME.pub"
          + " (SubjectPublicKeyInfo PEM; put it in a trust root directory).",
      "Both work with openssl (pkeyutl -sign/-verify -rawin). Existing files are never replaced."
    })
final class KeygenCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "NAME",
      description = "Path and base name of the key files, e.g. keys/release.")
  Path out;

  @Option(names = "--json", description = "Print the result as JSON.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    Path privateKey = out.resolveSibling(out.getFileName() + ".key");
    Path publicKey = out.resolveSibling(out.getFileName() + ".pub");
    KeyPair pair = Ed25519Keys.generate();
    Ed25519Keys.writePair(pair, privateKey, publicKey);
    String fingerprint =
        java.util.HexFormat.of()
            .formatHex(
                java.security.MessageDigest.getInstance("SHA-256")
                    .digest(Ed25519Keys.raw(pair.getPublic())),
                0,
                8);
    var o = spec.commandLine().getOut();
    if (json) {
      Map<String, Object> r = new LinkedHashMap<>();
      r.put("private_key", privateKey.toString());
      r.put("public_key", publicKey.toString());
      r.put("fingerprint", fingerprint);
      Json.print(o, r);
    } else {
      o.println("private key: " + privateKey + " (keep it secret)");
      o.println("public key:  " + publicKey + " (sha256 " + fingerprint + "…)");
    }
    return ExitCodes.OK;
  }
}
