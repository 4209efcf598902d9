package dev.airlock.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code [oci]} table passes through core untouched, in every syntax; a non-table is refused.
 */
class SettingsTablesTest {
  @TempDir Path tmp;

  @Test
  void ociTable_isReadAsValues() throws Exception {
    Path f =
        Files.writeString(
            tmp.resolve("airlock.toml"),
            "[plugins]\ndirectory = \"p\"\n[oci]\ncert_email = \"a@b\"\n"
                + "insecure_skip_signature = false\nfulcio_certs = [\"f.pem\"]\n");
    assertThat(SettingsTables.table(f, "oci"))
        .containsEntry("cert_email", "a@b")
        .containsEntry("insecure_skip_signature", false)
        .containsEntry("fulcio_certs", List.of("f.pem"));
    Path y = Files.writeString(tmp.resolve("airlock.yaml"), "plugins:\n  directory: p\n");
    assertThat(SettingsTables.table(y, "oci")).isEmpty();
  }

  @Test
  void ociNotATable_isRefused() throws Exception {
    Path f = Files.writeString(tmp.resolve("airlock.json"), "{\"oci\": 3}");
    assertThatThrownBy(() -> SettingsTables.table(f, "oci"))
        .isInstanceOf(SettingsException.class)
        .hasMessageContaining("oci")
        .hasMessageContaining("should be a table");
  }
}
