package dev.airlock.host;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileStateStoreTest {
  @TempDir Path dir;

  @Test
  void delete_removesOnePluginAndKeepsTheOthers() throws Exception {
    StateStore store = StateStore.inDirectory(dir);
    store.save(
        "a", new StateStore.Entry(Optional.of(true), Map.of("k", "v"), Optional.of("1.2.0")));
    store.save("b", new StateStore.Entry(Optional.of(false), Map.of(), Optional.empty()));

    store.delete("a");

    assertThat(store.load()).containsOnlyKeys("b");
    assertThat(StateStore.inDirectory(dir).load()).containsOnlyKeys("b"); // on disk, not cached
    assertThat(Files.readString(dir.resolve(".airlock-state.json"))).doesNotContain("\"a\"");
  }

  @Test
  void delete_ofAnUnknownPlugin_changesNothing() throws Exception {
    StateStore store = StateStore.inDirectory(dir);
    store.save("b", new StateStore.Entry(Optional.of(false), Map.of(), Optional.empty()));
    byte[] before = Files.readAllBytes(dir.resolve(".airlock-state.json"));

    store.delete("nobody");

    assertThat(Files.readAllBytes(dir.resolve(".airlock-state.json"))).isEqualTo(before);
  }
}
