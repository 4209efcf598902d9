package dev.airlock.signature;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a verification policy file in Kubewarden's format (YAML or JSON): {@code apiVersion: v1},
 * {@code kind: Verification}, {@code allOf} and {@code anyOf: {minimumMatches, signatures}} lists
 * of {@code pubKey}, {@code genericIssuer} and {@code githubAction} rules. Airlock adds the rule
 * kind {@code certificateIdentity} (cosign's identity and issuer, exact or regexp, and GitHub
 * workflow claims; {@link IdentityRules}), an optional {@code trust} mapping ({@code trustedRoot},
 * {@code fulcioCerts}, {@code rekorKeys}, {@code ctLogKeys}, {@code useSigstoreTufData}; paths
 * relative to the policy file) and {@code dockerReference}. Unknown fields are errors with their
 * line and column.
 */
public final class PolicyParser {
  private static final Set<String> TOP =
      Set.of("apiVersion", "kind", "allOf", "anyOf", "trust", "dockerReference");
  private static final Set<String> ANY_OF = Set.of("minimumMatches", "signatures");
  private static final Set<String> TRUST =
      Set.of("trustedRoot", "fulcioCerts", "rekorKeys", "ctLogKeys", "useSigstoreTufData");
  private static final Map<String, Set<String>> RULE_FIELDS =
      Map.of(
          "pubKey",
          Set.of("kind", "owner", "key", "annotations"),
          "genericIssuer",
          Set.of("kind", "issuer", "subject"),
          "githubAction",
          Set.of("kind", "owner", "repo"),
          IdentityRules.KIND,
          IdentityRules.FIELDS);

  private PolicyParser() {}

  /**
   * Parses a policy.
   *
   * @param bytes the file content
   * @param what how messages name the file, e.g. {@code policy.yaml}
   * @param baseDir the directory relative trust paths are resolved against
   * @return the policy
   * @throws SignatureException ({@link SignatureException.Reason#BAD_POLICY}) naming the field, its
   *     position, expected and found
   */
  public static VerificationPolicy parse(byte[] bytes, String what, Path baseDir)
      throws SignatureException {
    LocatedTree t = LocatedTree.parse(bytes, what);
    JsonNode root = t.root;
    fields(t, root, "", TOP);
    String api = text(t, root, "apiVersion", "").orElse("v1");
    if (!api.equals("v1")) {
      throw t.error("apiVersion", "should be v1, found " + api);
    }
    String kind = text(t, root, "kind", "").orElse("Verification");
    if (!kind.equals("Verification")) {
      throw t.error("kind", "should be Verification, found " + kind);
    }
    List<PolicyRule> allOf = root.has("allOf") ? rules(t, root.get("allOf"), "allOf") : List.of();
    List<PolicyRule> anyOf = List.of();
    int minimum = 0;
    JsonNode any = root.get("anyOf");
    if (any != null) {
      if (!any.isObject()) {
        throw t.error("anyOf", "should be a mapping with minimumMatches and signatures");
      }
      fields(t, any, "anyOf", ANY_OF);
      anyOf = rules(t, any.path("signatures"), "anyOf.signatures");
      JsonNode m = any.get("minimumMatches");
      minimum = m == null ? 1 : m.isInt() ? m.intValue() : -1;
      if (minimum < 1 || minimum > anyOf.size()) {
        throw t.error(
            "anyOf.minimumMatches",
            "should be a whole number from 1 to "
                + anyOf.size()
                + " (the number of anyOf signatures), found "
                + (m == null ? "none" : m.toString()));
      }
    }
    if (allOf.isEmpty() && anyOf.isEmpty()) {
      throw LocatedTree.bad(what + " has no rules; give allOf and/or anyOf signatures");
    }
    return new VerificationPolicy(
        allOf,
        anyOf,
        Math.max(minimum, 1),
        text(t, root, "dockerReference", ""),
        trust(t, root.get("trust"), baseDir),
        false);
  }

  private static TrustMaterial trust(LocatedTree t, JsonNode trust, Path baseDir)
      throws SignatureException {
    if (trust == null) {
      return TrustMaterial.NONE;
    }
    if (!trust.isObject()) {
      throw t.error("trust", "should be a mapping");
    }
    fields(t, trust, "trust", TRUST);
    JsonNode tuf = trust.get("useSigstoreTufData");
    if (tuf != null && !tuf.isBoolean()) {
      throw t.error("trust.useSigstoreTufData", "should be true or false, found " + tuf);
    }
    TrustMaterial m =
        new TrustMaterial(
            text(t, trust, "trustedRoot", "trust.").map(baseDir::resolve),
            paths(t, trust, "fulcioCerts", baseDir),
            paths(t, trust, "rekorKeys", baseDir),
            tuf != null && tuf.booleanValue(),
            paths(t, trust, "ctLogKeys", baseDir));
    if (!m.ctLogKeys().isEmpty() && (m.trustedRoot().isPresent() || m.fulcioCerts().isEmpty())) {
      throw t.error(
          "trust.ctLogKeys",
          "goes with fulcioCerts (and rekorKeys), not alone or with trustedRoot: a trusted root"
              + " lists its own CT logs");
    }
    return m;
  }

  private static List<Path> paths(LocatedTree t, JsonNode node, String name, Path baseDir)
      throws SignatureException {
    JsonNode list = node.get(name);
    if (list == null) {
      return List.of();
    }
    if (!list.isArray()) {
      throw t.error("trust." + name, "should be a list of file paths");
    }
    List<Path> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      if (!list.get(i).isTextual()) {
        throw t.error("trust." + name, "entry " + i + " should be a file path");
      }
      out.add(baseDir.resolve(list.get(i).asText()));
    }
    return out;
  }

  private static List<PolicyRule> rules(LocatedTree t, JsonNode list, String path)
      throws SignatureException {
    if (!list.isArray() || list.isEmpty()) {
      throw t.error(path, "should be a non-empty list of signature rules");
    }
    List<PolicyRule> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      out.add(rule(t, list.get(i), path + "[" + i + "]"));
    }
    return out;
  }

  private static PolicyRule rule(LocatedTree t, JsonNode n, String path) throws SignatureException {
    if (!n.isObject()) {
      throw t.error(path, "should be a mapping with a kind");
    }
    String kind =
        text(t, n, "kind", path + ".")
            .orElseThrow(
                () ->
                    t.error(
                        path,
                        "has no kind (pubKey, genericIssuer, githubAction, certificateIdentity)"));
    Set<String> allowed = RULE_FIELDS.get(kind);
    if (allowed == null) {
      throw t.error(
          path + ".kind",
          "should be pubKey, genericIssuer, githubAction or certificateIdentity, found " + kind);
    }
    fields(t, n, path, allowed);
    return switch (kind) {
      case "pubKey" -> {
        String pem = required(t, n, "key", path);
        yield new PolicyRule.PubKey(
            PublicKeys.parse(pem, "in " + path + ".key" + t.at(path + ".key")),
            annotations(t, n.get("annotations"), path + ".annotations"));
      }
      case "genericIssuer" -> {
        String issuer = required(t, n, "issuer", path);
        JsonNode subject = n.get("subject");
        String sp = path + ".subject";
        if (subject == null || !subject.isObject()) {
          throw t.error(path, "needs subject: {equal: …} or {urlPrefix: …}");
        }
        fields(t, subject, sp, Set.of("equal", "urlPrefix"));
        Optional<String> equal = text(t, subject, "equal", sp + ".");
        Optional<String> prefix = text(t, subject, "urlPrefix", sp + ".");
        if (equal.isPresent() == prefix.isPresent()) {
          throw t.error(sp, "needs exactly one of equal and urlPrefix");
        }
        yield new PolicyRule.GenericIssuer(issuer, equal, prefix);
      }
      case IdentityRules.KIND -> IdentityRules.parse(t, n, path);
      default ->
          new PolicyRule.GithubAction(
              required(t, n, "owner", path), text(t, n, "repo", path + "."));
    };
  }

  private static Map<String, String> annotations(LocatedTree t, JsonNode n, String path)
      throws SignatureException {
    if (n == null) {
      return Map.of();
    }
    if (!n.isObject()) {
      throw t.error(path, "should be a mapping of strings");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (var e : n.properties()) {
      if (!e.getValue().isTextual()) {
        throw t.error(path + "." + e.getKey(), "should be a string, found " + e.getValue());
      }
      out.put(e.getKey(), e.getValue().asText());
    }
    return out;
  }

  static void fields(LocatedTree t, JsonNode n, String path, Set<String> allowed)
      throws SignatureException {
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!allowed.contains(f)) {
        String full = path.isEmpty() ? f : path + "." + f;
        throw t.error(
            full,
            "is not a known field (expected one of " + new java.util.TreeSet<>(allowed) + ")");
      }
    }
  }

  private static String required(LocatedTree t, JsonNode n, String field, String path)
      throws SignatureException {
    return text(t, n, field, path + ".").orElseThrow(() -> t.error(path, "needs " + field));
  }

  static Optional<String> text(LocatedTree t, JsonNode n, String field, String prefix)
      throws SignatureException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return Optional.empty();
    }
    if (!v.isTextual() || v.asText().isBlank()) {
      throw t.error(prefix + field, "should be a non-empty string, found " + v);
    }
    return Optional.of(v.asText());
  }
}
