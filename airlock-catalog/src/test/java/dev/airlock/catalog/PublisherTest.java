package dev.airlock.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.testing.TestKeys;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PublisherTest {
  static final byte[] ECHO = Fixtures.example("echo");
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

  @TempDir Path dir;
  final Publisher publisher = new Publisher(Clock.fixed(NOW, ZoneOffset.UTC), Duration.ofDays(7));

  @Test
  void add_writesEntryBumpsVersionAndSigns() throws Exception {
    KeyPair key = TestKeys.ed25519();
    Path a = Fixtures.pack(dir, "echo", "1.0.0", ECHO, key);
    Path index = dir.resolve("index.json");
    PublishReport r =
        publisher.add(
            index, a, Optional.of("https://cdn.example/p"), Optional.of(key.getPrivate()));
    assertThat(r.indexVersion()).isEqualTo(1);
    assertThat(r.replaced()).isFalse();
    Index i = Index.parse(Files.readAllBytes(index), "x");
    IndexEntry e = i.plugins().getFirst();
    assertThat(e.artifact()).isEqualTo("https://cdn.example/p/echo-1.0.0.tar.gz");
    assertThat(e.sha256()).isEqualTo(Fixtures.sha256(a));
    assertThat(e.size()).hasValue(Files.size(a));
    assertThat(e.signed()).isTrue(); // the plugin.sig the artefact carries
    assertThat(i.expires()).contains(NOW.plus(Duration.ofDays(7)));
    byte[] sig =
        Base64.getDecoder()
            .decode(Files.readString(index.resolveSibling("index.json.sig")).strip());
    assertThat(Fixtures.trust(key).verify(ByteBuffer.wrap(Files.readAllBytes(index)), sig))
        .isEqualTo("alice");

    PublishReport again = publisher.add(index, a, Optional.empty(), Optional.of(key.getPrivate()));
    assertThat(again.replaced()).isTrue();
    assertThat(again.indexVersion()).isEqualTo(2);
    assertThat(Index.parse(Files.readAllBytes(index), "x").plugins())
        .singleElement()
        .satisfies(x -> assertThat(x.artifact()).isEqualTo("echo-1.0.0.tar.gz"));
    assertThat(Fixtures.listing(dir))
        .containsExactly("echo-1.0.0.tar.gz", "index.json", "index.json.sig");
  }

  @Test
  void add_brokenIndex_refusedAndLeftAlone() throws Exception {
    Path index = dir.resolve("index.json");
    Files.writeString(index, "{\"schema_version\": \"1\", \"plugins\": [");
    Path a = Fixtures.pack(dir, "echo", "1.0.0", ECHO, null);
    assertThatThrownBy(() -> publisher.add(index, a, Optional.empty(), Optional.empty()))
        .isInstanceOf(CatalogException.class)
        .hasMessageStartingWith("index " + index + ": is not valid JSON: ");
    assertThat(Files.readString(index)).isEqualTo("{\"schema_version\": \"1\", \"plugins\": [");
    assertThat(Fixtures.listing(dir)).containsExactly("echo-1.0.0.tar.gz", "index.json");
  }
}
