package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Tag lists and referrers follow {@code Link} pages (fake registry; 2.8 does not page tags). */
class TagPagingTest {
  @Test
  void tags_followLinkPages_inOrder() throws Exception {
    try (FakeRegistry reg = new FakeRegistry()) {
      reg.route(
          "GET /v2/a/tags/list",
          ex -> {
            String q = ex.getRequestURI().getRawQuery();
            if (q.contains("last=b")) {
              FakeRegistry.send(
                  ex, 200, "application/json", Layouts.utf8("{\"name\":\"a\",\"tags\":[\"c\"]}"));
              return;
            }
            ex.getResponseHeaders().set("Link", "</v2/a/tags/list?n=2&last=b>; rel=\"next\"");
            FakeRegistry.send(
                ex,
                200,
                "application/json",
                Layouts.utf8("{\"name\":\"a\",\"tags\":[\"a\",\"b\"]}"));
          });
      RegistryClient c = RegistryClient.create(RegistryConfig.builder().pageSize(2).build());
      assertThat(c.listTags(new Repository(reg.host(), "a"))).containsExactly("a", "b", "c");
      assertThat(reg.seen)
          .extracting(FakeRegistry.Seen::path)
          .containsExactly("/v2/a/tags/list?n=2", "/v2/a/tags/list?n=2&last=b");
    }
  }

  @Test
  void endlessPaging_isStopped() throws Exception {
    try (FakeRegistry reg = new FakeRegistry()) {
      reg.route(
          "GET /v2/a/tags/list",
          ex -> {
            ex.getResponseHeaders().set("Link", "</v2/a/tags/list?n=1>; rel=\"next\"");
            FakeRegistry.send(ex, 200, "application/json", Layouts.utf8("{\"tags\":[\"x\"]}"));
          });
      RegistryClient c = RegistryClient.create(RegistryConfig.builder().build());
      assertThatThrownBy(() -> c.listTags(new Repository(reg.host(), "a")))
          .hasMessage("registry " + reg.host() + " sent more than 1000 pages of tags for a");
    }
  }

  @Test
  void referrers_supportedAnswerIsParsed_404MeansUnsupported() throws Exception {
    try (FakeRegistry reg = new FakeRegistry()) {
      Digest subject = Digest.sha256(Layouts.utf8("subject"));
      byte[] sig = Layouts.utf8("sig");
      reg.route(
          "GET /v2/a/referrers/" + subject,
          ex ->
              FakeRegistry.send(
                  ex,
                  200,
                  MediaTypes.OCI_INDEX,
                  Layouts.utf8(
                      "{\"schemaVersion\":2,\"mediaType\":\""
                          + MediaTypes.OCI_INDEX
                          + "\",\"manifests\":[{\"mediaType\":\""
                          + MediaTypes.OCI_MANIFEST
                          + "\",\"digest\":\""
                          + Digest.sha256(sig)
                          + "\",\"size\":3,\"artifactType\":\"application/vnd.dev.cosign.artifact.sig.v1"
                          + "+json\"}]}")));
      RegistryClient c = RegistryClient.create(RegistryConfig.builder().build());
      Referrers r =
          c.referrers(new Repository(reg.host(), "a"), subject, java.util.Optional.empty());
      assertThat(r.supported()).isTrue();
      assertThat(r.manifests())
          .singleElement()
          .satisfies(
              d ->
                  assertThat(d.artifactType())
                      .contains("application/vnd.dev.cosign.artifact.sig.v1+json"));
      assertThat(c.referrers(new Repository(reg.host(), "b"), subject, java.util.Optional.empty()))
          .isEqualTo(Referrers.unsupported());
    }
  }
}
