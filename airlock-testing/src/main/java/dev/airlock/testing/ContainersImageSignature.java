package dev.airlock.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A cosign signature as containers/image stores it on disk ({@code \0sigstore-json\n}, then JSON
 * with the annotations and the base64 payload), read into the parts of the layer a registry would
 * serve.
 *
 * @param origin {@code <directory>/<file>}, for messages
 * @param payload the simple-signing payload
 * @param annotations the layer's annotations (signature, certificate, bundle …)
 */
public record ContainersImageSignature(
    String origin, byte[] payload, Map<String, String> annotations) {
  private static final byte[] PREFIX = "\0sigstore-json\n".getBytes(StandardCharsets.US_ASCII);

  /**
   * Reads one signature file.
   *
   * @param file the file
   * @return its parts
   * @throws IOException when it cannot be read or is not in that form
   */
  public static ContainersImageSignature read(Path file) throws IOException {
    byte[] all = Files.readAllBytes(file);
    if (!Arrays.equals(all, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
      throw new IOException(file + " is not in containers/image sigstore form");
    }
    JsonNode n = new ObjectMapper().readTree(Arrays.copyOfRange(all, PREFIX.length, all.length));
    Map<String, String> annotations = new LinkedHashMap<>();
    n.path("annotations")
        .properties()
        .forEach(e -> annotations.put(e.getKey(), e.getValue().asText()));
    return new ContainersImageSignature(
        file.getParent().getFileName() + "/" + file.getFileName(),
        Base64.getDecoder().decode(n.path("payload").asText()),
        annotations);
  }

  /**
   * The digest a registry would give a manifest file: {@code sha256:<hex>}.
   *
   * @param manifest the manifest file
   * @return its digest
   * @throws IOException when it cannot be read
   */
  public static String manifestDigest(Path manifest) throws IOException {
    try {
      return "sha256:"
          + HexFormat.of()
              .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(manifest)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
