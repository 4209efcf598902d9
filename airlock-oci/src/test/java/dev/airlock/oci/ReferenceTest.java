package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferenceTest {
  static final String D = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  @ParameterizedTest
  @CsvSource({
    "alpine, docker.io, library/alpine, latest, ''",
    "oci://alpine:3.19, docker.io, library/alpine, 3.19, ''",
    "acme/greeter, docker.io, acme/greeter, latest, ''",
    "index.docker.io/acme/greeter:1, docker.io, acme/greeter, 1, ''",
    "ghcr.io/acme/plugins/greeter:1.0.0, ghcr.io, acme/plugins/greeter, 1.0.0, ''",
    "oci://localhost/greeter, localhost, greeter, latest, ''",
    "localhost:5000/a/b:v1, localhost:5000, a/b, v1, ''",
    "oci://127.0.0.1:5000/a_b/c-d.e:T_1.x, 127.0.0.1:5000, a_b/c-d.e, T_1.x, ''",
  })
  void parses(String text, String registry, String name, String tag, String digest)
      throws Exception {
    Reference r = Reference.parse(text);
    assertThat(r.repository().registry()).isEqualTo(registry);
    assertThat(r.repository().name()).isEqualTo(name);
    assertThat(r.tag()).contains(tag);
    assertThat(r.digest()).isEmpty();
    assertThat(r.pinned()).isFalse();
  }

  @ParameterizedTest
  @CsvSource({
    "oci://ghcr.io/acme/g@"
        + "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, ''",
    "ghcr.io/acme/g:1.0@sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa, 1.0",
  })
  void digestPinned(String text, String tag) throws Exception {
    Reference r = Reference.parse(text);
    assertThat(r.pinned()).isTrue();
    assertThat(r.digest().get().toString()).isEqualTo(D);
    assertThat(r.identifier()).isEqualTo(D);
    assertThat(r.tag().orElse("")).isEqualTo(tag);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|it is empty",
        "https://ghcr.io/a:b|only the oci:// scheme is understood",
        "ghcr.io/Acme/g|path component 'Acme' should be lowercase letters and digits, separated"
            + " by . _ __ or -",
        "ghcr.io/a//g|path component '' should be lowercase letters and digits, separated by . _"
            + " __ or -",
        "ghcr.io/a/g:-bad|tag '-bad' should be 1-128 of A-Z a-z 0-9 _ . - and not start with . or"
            + " -",
        "ghcr.io/a/g@sha256:abc|digest should be sha256:<64 lowercase hex> or sha512:<128"
            + " lowercase hex>, got sha256:abc",
        "bad_host:99999x/a|registry host 'bad_host:99999x' is not a host[:port]",
      })
  void refuses(String text, String why) {
    assertThatThrownBy(() -> Reference.parse(text))
        .isInstanceOf(OciException.class)
        .hasMessage(
            "invalid reference '"
                + text
                + "': "
                + why
                + " (expected [oci://][host[:port]/]path[:tag][@sha256:<hex>])");
  }

  @ParameterizedTest
  @CsvSource({
    "ghcr.io/a/g:1, ghcr.io/a/g:1",
    "alpine, docker.io/library/alpine:latest",
    "oci://localhost:5000/x@" + D + ", localhost:5000/x@" + D,
  })
  void printsCanonically(String text, String shown) throws Exception {
    assertThat(Reference.parse(text)).hasToString(shown);
    assertThat(Reference.parse(shown)).isEqualTo(Reference.parse(text));
  }
}
