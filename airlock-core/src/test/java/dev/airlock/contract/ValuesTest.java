package dev.airlock.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The contract's value types check what they hold. */
class ValuesTest {
  @Test
  void resultSet_keepsNullCells_refusesRaggedRowsAndNonJsonCells() {
    ResultSet ok = new ResultSet(List.of("a", "b"), List.of(Arrays.asList(null, 1.5d)));

    assertThat(ok.rows().getFirst()).containsExactly(null, 1.5d);
    assertThatThrownBy(() -> new ResultSet(List.of("a"), List.of(List.of("x", "y"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("rows[0] has 2 cells, expected 1 (one per column)");
    assertThatThrownBy(() -> new ResultSet(List.of("a"), List.of(List.of(Double.NaN))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cell of type java.lang.Double is not a JSON value");
    assertThatThrownBy(() -> new ResultSet(List.of("a"), List.of(List.of(new Object()))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("cell of type java.lang.Object is not a JSON value");
  }

  @ParameterizedTest
  @ValueSource(strings = {"../x", ".hidden", "a/b", "", "a..b", "a\u0000"})
  void indexFile_refusesNamesThatAreNotPlainFileNames(String name) {
    assertThatThrownBy(() -> new IndexFile(name, new byte[0]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("index file name should be a plain file name");
  }

  @Test
  void indexFile_andProcessedArtifact_copyTheirBytes() {
    byte[] b = {1, 2};
    IndexFile f = new IndexFile("index.json", b);
    ProcessedArtifact p = new ProcessedArtifact(b, true, Map.of(), List.of("gz"));
    b[0] = 9;
    f.content()[1] = 9;

    assertThat(f.content()).containsExactly(1, 2);
    assertThat(p.data()).containsExactly(1, 2);
    assertThat(f).isEqualTo(new IndexFile("index.json", new byte[] {1, 2}));
    assertThatThrownBy(() -> new ProcessedArtifact(b, true, Map.of(), List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("modified must be true exactly when modifiedBy is not empty");
  }

  @Test
  void artifactMetadata_refusesABadChecksum_formatCheckKeepsMessageAndVerdictTogether() {
    assertThatThrownBy(
            () -> new ArtifactMetadata("p", Optional.empty(), "t", 1, Optional.of("ABC")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("checksumSha256 should be 64 lowercase hex digits, got 3 chars");
    assertThat(FormatCheck.invalid("")).isEqualTo(new FormatCheck(false, "invalid"));
    assertThatThrownBy(() -> new FormatCheck(true, "but"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("a valid check has no message");
  }

  @Test
  void uploadDecision_isAllowedExactlyWithoutRejections() {
    assertThat(new UploadDecision(List.of(), List.of(new Remark("p", "w"))).allowed()).isTrue();
    assertThat(new UploadDecision(List.of(new Remark("p", "no")), List.of()).allowed()).isFalse();
  }

  @Test
  void extractedMetadata_mergedKeepsTheEarlierPluginsValue() {
    Map<String, Map<String, String>> byPlugin = new java.util.LinkedHashMap<>();
    byPlugin.put("first", Map.of("k", "1"));
    byPlugin.put("second", Map.of("k", "2", "j", "3"));

    assertThat(new ExtractedMetadata(byPlugin).merged())
        .containsEntry("k", "1")
        .containsEntry("j", "3")
        .hasSize(2);
  }

  @Test
  void hookTargets_refuseTwoPluginsWithOneName() {
    FakeTarget a = FakeTarget.named("same");
    FakeTarget b = FakeTarget.named("same");

    assertThatThrownBy(() -> HookTargets.of(List.of(a, b)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("targets: two plugins are named 'same'; names must be unique");
  }
}
