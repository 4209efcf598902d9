package dev.airlock.contract;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An artifact after every post-processor ran on it, in order.
 *
 * @param data the bytes to store: the last modifying plugin's output, or the upload unchanged
 * @param modified whether any plugin changed the bytes
 * @param metadata key/value pairs the plugins added; a later plugin's value replaces an earlier
 *     one's (it saw the later bytes)
 * @param modifiedBy the plugins that changed the bytes, in order
 */
public record ProcessedArtifact(
    byte[] data, boolean modified, Map<String, String> metadata, List<String> modifiedBy) {

  /** Copies the bytes and collections. */
  public ProcessedArtifact {
    data = data.clone();
    metadata = Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
    modifiedBy = List.copyOf(modifiedBy);
    if (modified == modifiedBy.isEmpty()) {
      throw new IllegalArgumentException(
          "modified must be true exactly when modifiedBy is not empty");
    }
  }

  /**
   * The data.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] data() {
    return data.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ProcessedArtifact p
        && Arrays.equals(data, p.data)
        && modified == p.modified
        && metadata.equals(p.metadata)
        && modifiedBy.equals(p.modifiedBy);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(data) * 31 + metadata.hashCode();
  }

  @Override
  public String toString() {
    return "ProcessedArtifact[data="
        + data.length
        + " bytes, modified="
        + modified
        + ", metadata="
        + metadata
        + ", modifiedBy="
        + modifiedBy
        + "]";
  }
}
