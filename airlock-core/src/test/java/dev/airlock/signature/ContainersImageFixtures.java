package dev.airlock.signature;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.airlock.internal.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads containers/image's on-disk form of cosign signatures ({@code \0sigstore-json\n} then JSON
 * with mimeType, annotations and base64 payload) into the layer a registry would serve.
 */
final class ContainersImageFixtures {
  private static final byte[] PREFIX =
      "\0sigstore-json\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  private ContainersImageFixtures() {}

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

  static String manifestDigest(Path manifest) throws IOException {
    return "sha256:" + Digests.sha256Hex(Files.readAllBytes(manifest));
  }
}
