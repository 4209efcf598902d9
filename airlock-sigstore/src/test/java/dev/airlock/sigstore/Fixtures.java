package dev.airlock.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.signature.LegacySignature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads containers/image's on-disk cosign signatures ({@code \0sigstore-json\n} + JSON). */
final class Fixtures {
  private static final byte[] PREFIX = "\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII);

  private Fixtures() {}

  static LegacySignature signature(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (!Arrays.equals(all, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
      throw new IOException(file + " is not in containers/image sigstore form");
    }
    JsonNode n = new ObjectMapper().readTree(Arrays.copyOfRange(all, PREFIX.length, all.length));
    Map<String, String> annotations = new LinkedHashMap<>();
    n.path("annotations")
        .properties()
        .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new LegacySignature(
        file.getParent().getFileName() + "/" + file.getFileName(),
        Base64.getDecoder().decode(n.path("payload").asText()),
        annotations);
  }

  static String sha256(Path file) throws Exception {
    return "sha256:"
        + HexFormat.of()
            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
  }
}
