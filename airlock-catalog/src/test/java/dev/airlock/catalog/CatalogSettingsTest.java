package dev.airlock.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.airlock.host.SettingsException;
import dev.airlock.testing.HttpFixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The [catalog] table of the settings file: real files, real fetches to two local servers. */
class CatalogSettingsTest {
  @TempDir Path tmp;

  Path file(String toml) throws Exception {
    return Files.writeString(tmp.resolve("airlock.toml"), toml);
  }

  static HttpFixture recording(List<String> seen) {
    return HttpFixture.start(
        Map.of(
            "/",
            x -> {
              String a = x.getRequestHeaders().getFirst("Authorization");
              seen.add(a == null ? "-" : a);
              HttpFixture.respond(200, "ok".getBytes()).handle(x);
            }));
  }

  @Test
  void credentialsFromTheFile_areSentToTheirHostOnly() throws Exception {
    List<String> seenA = new CopyOnWriteArrayList<>();
    List<String> seenB = new CopyOnWriteArrayList<>();
    try (HttpFixture a = recording(seenA);
        HttpFixture b = recording(seenB)) {
      Path f =
          file(
              "[plugins]\ndirectory = \"plugins\"\n\n[catalog]\nca_file = \"certs/ca.pem\"\n\n"
                  + "[catalog.credentials.\"127.0.0.1:"
                  + a.port()
                  + "\"]\nbearer = \"tok-a\"\n\n[catalog.credentials.\"example.com\"]\n"
                  + "username = \"ci\"\npassword = \"pw\"\n");
      CatalogSettings s = CatalogSettings.load(f);
      assertThat(s.caFile()).contains(tmp.resolve("certs/ca.pem").toAbsolutePath());
      assertThat(s.credentials())
          .containsExactly(
              Credentials.bearer("127.0.0.1:" + a.port(), "tok-a"),
              Credentials.basic("example.com", "ci", "pw"));
      assertThat(s.toString()).doesNotContain("tok-a").doesNotContain("cHc").contains("***");
      Fetcher.Builder fb = Fetcher.builder().retries(0, Duration.ZERO);
      s.credentials().forEach(fb::credentials);
      Fetcher fetcher = fb.build();
      assertThat(fetcher.fetchBytes(java.net.URI.create(a.baseUrl() + "/x"), 100)).hasSize(2);
      assertThat(fetcher.fetchBytes(java.net.URI.create(b.baseUrl() + "/x"), 100)).hasSize(2);
    }
    assertThat(seenA).containsExactly("Bearer tok-a");
    assertThat(seenB).containsExactly("-");
  }

  @Test
  void noTable_isNone() throws Exception {
    assertThat(CatalogSettings.load(file("[plugins]\ndirectory = \"p\"\n")))
        .isEqualTo(new CatalogSettings(Optional.empty(), List.of()));
  }

  void refused(String toml, String message) throws Exception {
    Path f = file(toml);
    assertThatThrownBy(() -> CatalogSettings.load(f))
        .isInstanceOf(SettingsException.class)
        .hasMessage(f + message);
  }

  @Test
  void unknownKeysAndWrongForms_nameTheirPlace_neverTheSecret() throws Exception {
    refused(
        "[catalog]\ncafile = \"x\"\n",
        ": unknown key 'catalog.cafile' (known keys: ca_file, credentials)");
    refused(
        "[catalog.credentials.\"h.example\"]\ntoken = \"s3cret\"\n",
        ": unknown key 'catalog.credentials.\"h.example\".token' (known keys: bearer, username,"
            + " password)");
    refused(
        "[catalog.credentials.\"h.example\"]\nbearer = \"s3cret\"\nusername = \"u\"\n",
        ": catalog.credentials.\"h.example\" should hold either bearer, or username and password,"
            + " found bearer, username");
    refused(
        "[catalog.credentials.\"h.example\"]\nusername = \"u\"\n",
        ": catalog.credentials.\"h.example\" should hold both username and password, found"
            + " username");
    refused(
        "[catalog.credentials.\"h.example\"]\nbearer = 42\n",
        ": catalog.credentials.\"h.example\".bearer should be a token (a non-empty string), found a"
            + " number");
    refused(
        "[catalog.credentials.\"h.example/x\"]\nbearer = \"s3cret\"\n",
        ": catalog.credentials.\"h.example/x\" is refused: host should be a host name like"
            + " example.com, got h.example/x, found (hidden)");
    refused(
        "[catalog]\ncredentials = [\"s3cret\"]\n",
        ": catalog.credentials should be a table of hosts, found a list");
    refused("[catalg]\nx = 1\n", ": unknown key 'catalg' (did you mean 'catalog'?)");
  }
}
