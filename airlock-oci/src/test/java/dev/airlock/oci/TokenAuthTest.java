package dev.airlock.oci;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airlock.oci.auth.Credentials;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** Bearer tokens against our fake registry and realm (unit tests). */
class TokenAuthTest {
  @Test
  void basicCredentials_goToASameHostRealm_asBasic_andTheTokenIsReused() throws Exception {
    try (FakeRegistry reg = new FakeRegistry()) {
      reg.route(
              "GET /token",
              ex ->
                  FakeRegistry.send(
                      ex,
                      200,
                      "application/json",
                      Layouts.utf8("{\"token\":\"tok-1\",\"expires_in\":300}")))
          .route(
              "GET /v2/a/tags/list",
              ex -> {
                if (!"Bearer tok-1".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                  ex.getResponseHeaders()
                      .set(
                          "WWW-Authenticate",
                          "Bearer realm=\"http://127.0.0.1:"
                              + reg.port()
                              + "/token\",service=\"svc\",scope=\"repository:a:pull\"");
                  FakeRegistry.send(ex, 401, "application/json", Layouts.utf8("{}"));
                  return;
                }
                FakeRegistry.send(ex, 200, "application/json", Layouts.utf8("{\"tags\":[\"1\"]}"));
              });
      RegistryClient c =
          RegistryClient.create(
              RegistryConfig.builder()
                  .credentials(r -> Optional.of(new Credentials("alice", "pw")))
                  .build());
      Repository repo = new Repository(reg.host(), "a");
      assertThat(c.listTags(repo)).containsExactly("1");
      assertThat(c.listTags(repo)).containsExactly("1");
      List<FakeRegistry.Seen> tokens =
          reg.seen.stream().filter(s -> s.path().startsWith("/token")).toList();
      assertThat(tokens).hasSize(1);
      assertThat(tokens.get(0).path()).isEqualTo("/token?service=svc&scope=repository%3Aa%3Apull");
      assertThat(tokens.get(0).authorization())
          .isEqualTo(new Credentials("alice", "pw").basicHeader());
    }
  }

  @Test
  void identityToken_isPostedAsARefreshToken() throws Exception {
    try (FakeRegistry reg = new FakeRegistry()) {
      List<String> forms = new CopyOnWriteArrayList<>();
      reg.route(
              "POST /oauth2/token",
              ex -> {
                forms.add(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
                FakeRegistry.send(
                    ex, 200, "application/json", Layouts.utf8("{\"access_token\":\"acc\"}"));
              })
          .route(
              "GET /v2/a/tags/list",
              ex -> {
                if (!"Bearer acc".equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                  ex.getResponseHeaders()
                      .set(
                          "WWW-Authenticate",
                          "Bearer realm=\"http://127.0.0.1:"
                              + reg.port()
                              + "/oauth2/token\",service=\"svc\"");
                  FakeRegistry.send(ex, 401, "application/json", Layouts.utf8("{}"));
                  return;
                }
                FakeRegistry.send(ex, 200, "application/json", Layouts.utf8("{\"tags\":[]}"));
              });
      RegistryClient c =
          RegistryClient.create(
              RegistryConfig.builder()
                  .credentials(r -> Optional.of(new Credentials("<token>", "refresh-me")))
                  .build());
      assertThat(c.listTags(new Repository(reg.host(), "a"))).isEmpty();
      assertThat(forms)
          .containsExactly(
              "service=svc&scope=repository%3Aa%3Apull&grant_type=refresh_token"
                  + "&client_id=airlock&refresh_token=refresh-me");
      assertThat(reg.seen)
          .filteredOn(s -> s.path().startsWith("/oauth2"))
          .allSatisfy(s -> assertThat(s.authorization()).isNull());
    }
  }
}
