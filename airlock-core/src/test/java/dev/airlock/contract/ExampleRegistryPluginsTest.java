package dev.airlock.contract;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.airlock.internal.Digests;
import dev.airlock.runtime.Engine;
import dev.airlock.runtime.Plugin;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry example plugins (upload-policy, npm-metadata, wasm-format) behind the facades. */
class ExampleRegistryPluginsTest {
  static Engine engine;
  static Plugin wasmFormat;
  static RegistryHooks hooks;

  @BeforeAll
  static void load() throws Exception {
    engine = Engine.builder().build();
    wasmFormat =
        RealPlugins.example(
            engine,
            "wasm-format",
            "wasm-format",
            Map.of(),
            "format_key",
            "parse_metadata",
            "validate",
            "generate_index");
    hooks =
        RegistryHooks.of(
            HookTargets.of(
                List.of(
                    HookTarget.of(
                        RealPlugins.example(
                            engine,
                            "upload-policy",
                            "upload-policy",
                            Map.of("max_bytes", "100", "allowed_extensions", "tgz,wasm"),
                            "validate_upload")),
                    HookTarget.of(
                        RealPlugins.example(
                            engine, "npm-metadata", "npm-metadata", Map.of(), "extract")),
                    HookTarget.of(wasmFormat))));
  }

  @AfterAll
  static void close() {
    engine.close();
  }

  @ParameterizedTest(name = "{0} {1} bytes")
  @CsvSource(
      delimiter = '|',
      nullValues = "-",
      value = {
        "libs/left-pad-1.3.0.tgz|50|-|-",
        "libs/left-pad-1.3.0.tgz|90|-|artifact is 90 bytes, over 80% of the limit of 100 bytes",
        "libs/left-pad-1.3.0.tgz|101|artifact is 101 bytes, over the limit of 100 bytes|-",
        "libs/left-pad-1.3.0.tgz|0|artifact is empty|-",
        "libs/readme.tgz|10|-|file name 'readme.tgz' has no version number",
        "../etc/passwd-1.tgz|10|path has a '.' or '..' segment|-",
        "/abs/x-1.tgz|10|path must be relative (it starts with '/')|-",
        "libs//x-1.tgz|10|path has an empty segment ('//' or a trailing '/')|-",
        "libs/x 1.tgz|10|path has a character outside A-Z a-z 0-9 . _ - + @ ~|-",
        "libs/Left-Pad-1.0.tgz|10|file name must use only a-z 0-9 . _ - + (lowercase)|-",
        "libs/.hidden-1.tgz|10|file name must start with a letter or digit|-",
        "libs/left-pad-1|10|file name has no extension|-",
        "libs/left-pad-1.0.exe|10|file extension is not in allowed_extensions|-",
        "@scope/pkg/pkg-1.0.0.tgz|10|-|-",
      })
  void uploadPolicy_judgesSizeAndNaming(String path, int size, String rejection, String warning) {
    HookOutcome<UploadDecision> out =
        hooks
            .validationHooks()
            .validateUpload(ArtifactInfo.of("libs", path, "npm", size), new byte[size]);

    assertThat(out.failures()).isEmpty();
    assertThat(out.value().rejections())
        .containsExactlyElementsOf(
            rejection == null ? List.of() : List.of(new Remark("upload-policy", rejection)));
    assertThat(out.value().warnings())
        .containsExactlyElementsOf(
            warning == null ? List.of() : List.of(new Remark("upload-policy", warning)));
  }

  @Test
  void uploadPolicy_headerSizeThatLies_isRejected() {
    HookOutcome<UploadDecision> out =
        hooks
            .validationHooks()
            .validateUpload(ArtifactInfo.of("libs", "a/b-1.tgz", "npm", 5), new byte[3]);

    assertThat(out.value().rejections())
        .containsExactly(
            new Remark("upload-policy", "header size_bytes differs from the uploaded length"));
  }

  @Test
  void npmMetadata_extractsThePackageJsonFields() throws Exception {
    String packageJson =
        """
        {"name":"left-pad","version":"1.3.0","description":"String left pad",
         "license":{"type":"WTFPL"},"author":{"name":"azer","email":"a@b.c"},
         "repository":{"type":"git","url":"git://github.com/stevemao/left-pad.git"},
         "keywords":["leftpad","left",7,"pad"],"dependencies":{"a":"1","b":"2"},
         "name":"shadowed","scripts":{"test":"node test"}}
        """;

    HookOutcome<ExtractedMetadata> out =
        hooks.metadataExtractors().extract("npm/left-pad/1.3.0", packageJson.getBytes(UTF_8));

    assertThat(out.failures()).isEmpty();
    assertThat(out.value().byPlugin().get("npm-metadata"))
        .containsExactly(
            Map.entry("npm.name", "left-pad"),
            Map.entry("npm.version", "1.3.0"),
            Map.entry("npm.description", "String left pad"),
            Map.entry("npm.license", "WTFPL"),
            Map.entry("npm.author", "azer"),
            Map.entry("npm.repository", "git://github.com/stevemao/left-pad.git"),
            Map.entry("npm.keywords", "leftpad,left,pad"),
            Map.entry("npm.dependencies", "2"));
  }

  @Test
  void npmMetadata_aTarball_isReportedAndSkippedUnderTheDefaultFailOpen() throws Exception {
    HookOutcome<ExtractedMetadata> out =
        hooks.metadataExtractors().extract("npm/x", new byte[] {0x1f, (byte) 0x8b, 8, 0});

    assertThat(out.value().byPlugin()).isEmpty();
    assertThat(out.failures())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.reason()).isEqualTo(HookFailure.Reason.PLUGIN_ERROR);
              assertThat(f.message())
                  .isEqualTo(
                      "plugin 'npm-metadata' hook 'extract' reported an error: data is a gzip"
                          + " stream (an npm .tgz): pass the content of package/package.json"
                          + " instead");
            });
  }

  @Test
  void npmMetadata_hostilePackageJson_givesAnErrorOrLeavesValuesOut_neverTraps() throws Exception {
    String deep = "[".repeat(100_000);
    String longName = "{\"name\":\"" + "x".repeat(5000) + "\",\"version\":\"1.0.0\"}";

    HookOutcome<ExtractedMetadata> nested =
        hooks.metadataExtractors().extract("x", ("{\"a\":" + deep).getBytes(UTF_8));
    HookOutcome<ExtractedMetadata> huge =
        hooks.metadataExtractors().extract("x", longName.getBytes(UTF_8));

    assertThat(nested.failures().getFirst().message())
        .isEqualTo(
            "plugin 'npm-metadata' hook 'extract' reported an error: data is not a package.json"
                + " object");
    assertThat(huge.value().merged()).containsExactly(Map.entry("npm.version", "1.0.0"));
  }

  @Test
  void wasmFormat_isDiscoveredUnderItsKey_andValidatesARealModule() throws Exception {
    FormatHandlers formats = hooks.formatHandlers();
    byte[] echo = RealPlugins.exampleWasm("echo");

    assertThat(formats.formatKeys()).containsExactly("wasm");
    assertThat(formats.handler("wasm")).contains("wasm-format");
    assertThat(formats.validate("wasm", "modules/echo-1.2.0.wasm", echo).value())
        .isEqualTo(FormatCheck.VALID);
  }

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "echo.txt|whole|file name does not end in .wasm",
        "echo.wasm|first 20 bytes|a section runs past the end of the file",
        "echo.wasm|magic changed|not a WebAssembly module: no \\0asm magic",
        "echo.wasm|version 2|not a core WebAssembly module of version 1",
        "echo.wasm|section id 99|unknown section id",
        "echo.wasm|size LEB of 6 bytes|a section size is not a valid LEB128 u32",
      })
  void wasmFormat_refusesBrokenModules(String path, String damage, String message)
      throws Exception {
    byte[] wasm = RealPlugins.exampleWasm("echo");
    byte[] data =
        switch (damage) {
          case "first 20 bytes" -> Arrays.copyOf(wasm, 20);
          case "magic changed" -> patch(wasm, 1, 'b');
          case "version 2" -> patch(wasm, 4, 2);
          case "section id 99" -> concat(Arrays.copyOf(wasm, 8), new byte[] {99, 0});
          case "size LEB of 6 bytes" ->
              concat(
                  Arrays.copyOf(wasm, 8),
                  new byte[] {
                    1, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0
                  });
          default -> wasm;
        };
    FormatHandlers formats = hooks.formatHandlers();

    assertThat(formats.validate("wasm", path, data).value())
        .isEqualTo(FormatCheck.invalid(message));
    assertThat(formats.parseMetadata("wasm", path, data).value())
        .isEqualTo(new ParseResult.Refused(message));
  }

  @Test
  void wasmFormat_parsesMetadata_withTheVersionFromTheNameAndTheHostsSha256() throws Exception {
    byte[] echo = RealPlugins.exampleWasm("echo");

    HookOutcome<ParseResult> out =
        hooks.formatHandlers().parseMetadata("wasm", "modules/echo-1.2.0-rc.1.wasm", echo);

    assertThat(out.value())
        .isEqualTo(
            new ParseResult.Parsed(
                new ArtifactMetadata(
                    "modules/echo-1.2.0-rc.1.wasm",
                    Optional.of("1.2.0-rc.1"),
                    "application/wasm",
                    echo.length,
                    Optional.of(Digests.sha256Hex(echo)))));
    assertThat(out.decidedBy()).contains("wasm-format");
  }

  @Test
  void wasmFormat_generatesAJsonIndex() throws Exception {
    List<ArtifactMetadata> artifacts =
        List.of(
            new ArtifactMetadata(
                "m/a-1.0.wasm",
                Optional.of("1.0"),
                "application/wasm",
                10,
                Optional.of("ab".repeat(32))),
            new ArtifactMetadata(
                "m/b.wasm", Optional.empty(), "application/wasm", 5, Optional.empty()));

    List<IndexFile> files = hooks.formatHandlers().generateIndex("wasm", artifacts).value();

    assertThat(files).extracting(IndexFile::name).containsExactly("wasm-index.json");
    JsonNode index = PluginJson.MAPPER.readTree(files.getFirst().content());
    assertThat(index)
        .isEqualTo(
            PluginJson.MAPPER.readTree(
                """
                {"format":"wasm","count":2,"total_size_bytes":15,"modules":[
                  {"path":"m/a-1.0.wasm","version":"1.0","size_bytes":10,
                   "checksum_sha256":"%s"},
                  {"path":"m/b.wasm","size_bytes":5}]}
                """
                    .formatted("ab".repeat(32))));
    assertThat(hooks.formatHandlers().generateIndex("wasm", List.of()).value()).isEmpty();
  }

  @Test
  void wasmFormat_loadedTwice_theKeyConflictNamesBothPlugins() throws Exception {
    Plugin copy =
        RealPlugins.example(
            engine,
            "wasm-format",
            "wasm-format-copy",
            Map.of(),
            "format_key",
            "parse_metadata",
            "validate",
            "generate_index");
    RegistryHooks twice =
        RegistryHooks.of(HookTargets.of(List.of(HookTarget.of(wasmFormat), HookTarget.of(copy))));

    assertThatThrownBy(twice::formatHandlers)
        .isInstanceOf(FormatKeyConflictException.class)
        .hasMessage(
            "format key 'wasm' is claimed by plugins 'wasm-format' and 'wasm-format-copy': a"
                + " format has one handler; disable all but one of them");
  }

  private static byte[] patch(byte[] b, int at, int value) {
    byte[] c = b.clone();
    c[at] = (byte) value;
    return c;
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }
}
