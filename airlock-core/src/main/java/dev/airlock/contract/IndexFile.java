package dev.airlock.contract;

import java.util.Arrays;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One file a format handler's {@code generate_index} produced, e.g. {@code wasm-index.json}.
 *
 * @param name a plain file name: letters, digits, {@code . _ -}, at most 128 characters, no leading
 *     dot (never a path)
 * @param content the file's bytes
 */
public record IndexFile(String name, byte[] content) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  /** Checks the name and copies the content. */
  public IndexFile {
    Objects.requireNonNull(name, "name");
    if (!NAME.matcher(name).matches() || name.contains("..")) {
      throw new IllegalArgumentException(
          "index file name should be a plain file name (letters, digits, . _ -; no leading dot,"
              + " no '..', at most 128 chars), got "
              + dev.airlock.internal.Text.quote(name));
    }
    content = content.clone();
  }

  /**
   * The content.
   *
   * @return a copy of the bytes
   */
  @Override
  public byte[] content() {
    return content.clone();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndexFile f && name.equals(f.name) && Arrays.equals(content, f.content);
  }

  @Override
  public int hashCode() {
    return name.hashCode() * 31 + Arrays.hashCode(content);
  }

  @Override
  public String toString() {
    return "IndexFile[name=" + name + ", content=" + content.length + " bytes]";
  }
}
