package dev.airlock.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code GET /plugins?status=&type=}: empty means all, an unknown value is a 400, never []. */
class ListFiltersIT {
  @TempDir Path data;
  ServerFixture s;

  @BeforeEach
  void start() throws Exception {
    s = ServerFixture.start(data);
    assertThat(s.installExample("echo").status()).isEqualTo(201);
    assertThat(s.installExample("upload-policy").status()).isEqualTo(201);
    assertThat(s.post("/api/v1/plugins/echo/enable", null).status()).isEqualTo(200);
  }

  @AfterEach
  void stop() {
    s.close();
  }

  List<String> ids(String query) throws Exception {
    var r = s.get("/api/v1/plugins" + query);
    assertThat(r.status()).as(query + ": " + r.text()).isEqualTo(200);
    return r.json().get("items").findValuesAsText("id");
  }

  @Test
  void emptyFilters_meanNoFilter() throws Exception {
    assertThat(ids("")).containsExactly("echo", "upload-policy");
    assertThat(ids("?status=")).containsExactly("echo", "upload-policy");
    assertThat(ids("?type=")).containsExactly("echo", "upload-policy");
    assertThat(ids("?status=&type=")).containsExactly("echo", "upload-policy");
  }

  @Test
  void knownValues_filter() throws Exception {
    assertThat(ids("?status=enabled")).containsExactly("echo");
    assertThat(ids("?status=disabled")).containsExactly("upload-policy");
    assertThat(ids("?status=unloaded")).isEmpty();
    assertThat(ids("?type=validator")).containsExactly("upload-policy");
    assertThat(ids("?type=custom&status=")).containsExactly("echo");
    assertThat(ids("?type=validator&status=enabled")).isEmpty();
  }

  @Test
  void unknownStatus_is400_namingTheAllowedValues() throws Exception {
    var r = s.get("/api/v1/plugins?status=on");
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.json().get("error").asText()).isEqualTo("bad_request");
    assertThat(r.json().get("message").asText())
        .isEqualTo(
            "status 'on' is not valid: expected one of enabled, disabled, failed, unloaded (or"
                + " none for all)");
    assertThat(s.get("/api/v1/plugins?status=Enabled").status()).isEqualTo(400);
  }

  @Test
  void unknownType_is400_namingTheAllowedValues() throws Exception {
    var r = s.get("/api/v1/plugins?status=enabled&type=validators");
    assertThat(r.status()).as(r.text()).isEqualTo(400);
    assertThat(r.json().get("message").asText())
        .isEqualTo(
            "type 'validators' is not valid: expected one of format_handler, authentication,"
                + " authorization, validator, metadata_extractor, post_processor, query_hook,"
                + " custom (or none for all)");
  }
}
