package dev.airlock.contract;

import static dev.airlock.contract.FailureMode.FAIL_CLOSED;
import static dev.airlock.contract.FailureMode.FAIL_OPEN;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The registry hooks' combination rules, envelopes and failures, with scripted plugins. */
class RegistryHooksTest {
  static final ArtifactInfo INFO = ArtifactInfo.of("libs", "a/b-1.0.tgz", "npm", 3);
  static final byte[] DATA = {1, 2, 3};

  static RegistryHooks hooks(FailurePolicy policy, FakeTarget... targets) {
    return RegistryHooks.of(HookTargets.of(List.of(targets)), policy);
  }

  static RegistryHooks hooks(FakeTarget... targets) {
    return hooks(FailurePolicy.defaults(), targets);
  }

  static byte[] envelope(String header, byte[] payload) throws Exception {
    return Envelope.encode((ObjectNode) PluginJson.MAPPER.readTree(header), payload);
  }

  @Test
  void formatKey_claimedByTwoPlugins_isRefusedNamingBoth() {
    FakeTarget a = FakeTarget.named("wasm-a").replies("format_key", "wasm");
    FakeTarget b = FakeTarget.named("wasm-b").replies("format_key", "wasm");
    FakeTarget c = FakeTarget.named("rpm").replies("format_key", "rpm");

    assertThatThrownBy(() -> hooks(c, a, b).formatHandlers())
        .isInstanceOfSatisfying(
            FormatKeyConflictException.class,
            e -> {
              assertThat(e.formatKey()).isEqualTo("wasm");
              assertThat(e.plugins()).containsExactly("wasm-a", "wasm-b");
            })
        .hasMessage(
            "format key 'wasm' is claimed by plugins 'wasm-a' and 'wasm-b': a format has one"
                + " handler; disable all but one of them");
  }

  @Test
  void formatKey_failing_throwsWhenClosed_leavesThePluginOutWhenOpen() throws Exception {
    FakeTarget bad = FakeTarget.named("bad").replies("format_key", "Not A Key!");
    FakeTarget rpm = FakeTarget.named("rpm").replies("format_key", "rpm");

    assertThatThrownBy(() -> hooks(bad, rpm).formatHandlers())
        .isInstanceOf(HookFailedException.class)
        .hasMessage(
            "plugin 'bad' hook 'format_key' returned malformed output: format key 'Not A Key!'"
                + " should be 1-64 chars of a-z 0-9 . _ + -, starting with a letter or digit");
    FormatHandlers open =
        hooks(FailurePolicy.builder().mode("format_key", FAIL_OPEN).build(), bad, rpm)
            .formatHandlers();
    assertThat(open.formatKeys()).containsExactly("rpm");
    assertThat(open.handler("rpm")).contains("rpm");
    assertThat(open.failures()).extracting(HookFailure::plugin).containsExactly("bad");
  }

  @Test
  void formatHandlers_sendPathEnvelopes_andReadTheReplies() throws Exception {
    FakeTarget h =
        FakeTarget.named("h")
            .replies("format_key", "x")
            .replies(
                "parse_metadata",
                "{\"metadata\":{\"path\":\"p.x\",\"version\":\"1\",\"content_type\":\"t/x\","
                    + "\"size_bytes\":3}}")
            .replies("validate", "{\"error\":\"bad magic\"}")
            .replies(
                "generate_index",
                envelope(
                    "{\"files\":[{\"name\":\"a.json\",\"size\":2},{\"name\":\"b\",\"size\":1}]}",
                    "{}!".getBytes(UTF_8)));
    FormatHandlers f = hooks(h).formatHandlers();

    HookOutcome<ParseResult> parsed = f.parseMetadata("x", "p.x", DATA);
    HookOutcome<FormatCheck> check = f.validate("x", "p.x", DATA);
    HookOutcome<List<IndexFile>> index = f.generateIndex("x", List.of());

    assertThat(parsed.value())
        .isEqualTo(
            new ParseResult.Parsed(
                new ArtifactMetadata("p.x", Optional.of("1"), "t/x", 3, Optional.empty())));
    assertThat(parsed.decidedBy()).contains("h");
    assertThat(h.inputs.get(1)).isEqualTo(envelope("{\"path\":\"p.x\"}", DATA));
    assertThat(check.value()).isEqualTo(FormatCheck.invalid("bad magic"));
    assertThat(index.value())
        .containsExactly(
            new IndexFile("a.json", "{}".getBytes(UTF_8)), new IndexFile("b", new byte[] {'!'}));
    assertThat(h.lastInput()).isEqualTo("{\"artifacts\":[]}");
    assertThatThrownBy(() -> f.validate("rpm", "p", DATA))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("formatKey: no plugin handles format 'rpm' (formats: [x])");
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "{\"files\":[{\"name\":\"../etc/passwd\",\"size\":1}]}|x|index file name should be a plain"
            + " file name (letters, digits, . _ -; no leading dot, no '..', at most 128 chars), got"
            + " '../etc/passwd'",
        "{\"files\":[{\"name\":\"a\",\"size\":5}]}|x|file 'a' of 5 bytes runs past the payload (1"
            + " bytes left)",
        "{\"files\":[{\"name\":\"a\",\"size\":0},{\"name\":\"a\",\"size\":1}]}|x|file 'a' is listed"
            + " twice",
        "{\"files\":[]}|x|files add up to 0 bytes but the payload has 1",
        "{\"files\":[{\"name\":\"a\",\"size\":-1}]}|x|files entry field 'size' should be a whole"
            + " number >= 0, got a number",
        "{\"error\":\"no artifacts I know\"}||reported an error: no artifacts I know",
      })
  void generateIndex_hostileEnvelope_failsClosed(String header, String payload, String problem)
      throws Exception {
    byte[] reply = envelope(header, payload == null ? new byte[0] : payload.getBytes(UTF_8));
    FakeTarget h =
        FakeTarget.named("h").replies("format_key", "x").replies("generate_index", reply);
    FormatHandlers f = hooks(h).formatHandlers();

    assertThatThrownBy(() -> f.generateIndex("x", List.of()))
        .isInstanceOfSatisfying(
            HookFailedException.class, e -> assertThat(e.failure().mode()).isEqualTo(FAIL_CLOSED))
        .hasMessageEndingWith(problem);
  }

  @Test
  void parseMetadata_failure_refusesWhenClosed_givesGenericMetadataWhenOpen() throws Exception {
    FakeTarget h = FakeTarget.named("h").replies("format_key", "x").traps("parse_metadata");

    HookOutcome<ParseResult> closed = hooks(h).formatHandlers().parseMetadata("x", "p", DATA);
    HookOutcome<ParseResult> open =
        hooks(FailurePolicy.builder().mode("parse_metadata", FAIL_OPEN).build(), h)
            .formatHandlers()
            .parseMetadata("x", "p", DATA);

    assertThat(closed.value())
        .isEqualTo(
            new ParseResult.Refused("plugin 'h' failed; hook 'parse_metadata' fails closed"));
    assertThat(open.value()).isEqualTo(new ParseResult.Parsed(ArtifactMetadata.generic("p", 3)));
    assertThat(open.decidedBy()).isEmpty();
  }

  @Test
  void validateUpload_asksEveryPlugin_andCombinesRejectionsAndWarnings() throws Exception {
    FakeTarget size =
        FakeTarget.named("size")
            .replies(
                "validate_upload",
                "{\"allowed\":false,\"message\":\"too big\",\"warnings\":[\"w1\"]}");
    FakeTarget name =
        FakeTarget.named("name")
            .replies("validate_upload", "{\"allowed\":true,\"warnings\":[\"w2\"]}");
    FakeTarget crash = FakeTarget.named("crash").traps("validate_upload");
    FakeTarget quiet = FakeTarget.named("quiet").replies("validate_upload", "");

    HookOutcome<UploadDecision> out =
        hooks(size, name, crash, quiet).validationHooks().validateUpload(INFO, DATA);

    assertThat(out.value().allowed()).isFalse();
    assertThat(out.value().rejections())
        .containsExactly(
            new Remark("size", "too big"),
            new Remark("crash", "plugin 'crash' failed; hook 'validate_upload' fails closed"));
    assertThat(out.value().warnings())
        .containsExactly(new Remark("size", "w1"), new Remark("name", "w2"));
    assertThat(out.decidedBy()).contains("size");
    assertThat(out.called()).containsExactly("size", "name", "crash", "quiet");
    assertThat(quiet.inputs.getFirst())
        .isEqualTo(
            envelope(
                "{\"artifact\":{\"repository\":\"libs\",\"path\":\"a/b-1.0.tgz\",\"format\":\"npm\","
                    + "\"size_bytes\":3,\"content_type\":\"application/octet-stream\"}}",
                DATA));
  }

  @Test
  void validateUpload_aRejectionWithoutMessage_isMalformed_andFailOpenAllows() {
    FakeTarget bad = FakeTarget.named("bad").replies("validate_upload", "{\"allowed\":false}");

    HookOutcome<UploadDecision> out =
        hooks(FailurePolicy.builder().mode("validate_upload", FAIL_OPEN).build(), bad)
            .validationHooks()
            .validateUpload(INFO, DATA);

    assertThat(out.value().allowed()).isTrue();
    assertThat(out.failures().getFirst().message())
        .isEqualTo(
            "plugin 'bad' hook 'validate_upload' returned malformed output: a rejection needs a"
                + " non-empty 'message' saying why");
  }

  @Test
  void extract_mergesInOrder_earlierWins_skipsFailuresWhenOpen_throwsWhenClosed() throws Exception {
    FakeTarget a =
        FakeTarget.named("a").replies("extract", "{\"metadata\":{\"k\":\"a\",\"x\":\"1\"}}");
    FakeTarget b = FakeTarget.named("b").replies("extract", "{\"metadata\":{\"k\":\"b\"}}");
    FakeTarget err = FakeTarget.named("err").replies("extract", "{\"error\":\"gzip\"}");

    HookOutcome<ExtractedMetadata> out =
        hooks(a, err, b).metadataExtractors().extract("id-1", DATA);

    assertThat(out.value().merged()).containsExactly(Map.entry("k", "a"), Map.entry("x", "1"));
    assertThat(out.value().byPlugin()).containsOnlyKeys("a", "b");
    assertThat(out.failures().getFirst().message())
        .isEqualTo("plugin 'err' hook 'extract' reported an error: gzip");
    assertThat(a.inputs.getFirst()).isEqualTo(envelope("{\"artifact_id\":\"id-1\"}", DATA));
    assertThatThrownBy(
            () ->
                hooks(FailurePolicy.builder().mode("extract", FAIL_CLOSED).build(), a, err)
                    .metadataExtractors()
                    .extract("id-1", DATA))
        .isInstanceOf(HookFailedException.class)
        .hasMessage("plugin 'err' hook 'extract' reported an error: gzip");
  }

  @Test
  void process_chainsModifiedBytes_mergesMetadataLaterWins() throws Exception {
    FakeTarget gzip =
        FakeTarget.named("gzip")
            .replies(
                "process",
                envelope("{\"modified\":true,\"metadata\":{\"enc\":\"gz\"}}", new byte[] {9}));
    FakeTarget scan =
        FakeTarget.named("scan")
            .replies(
                "process",
                envelope(
                    "{\"modified\":false,\"metadata\":{\"enc\":\"x\",\"av\":\"ok\"}}",
                    new byte[0]));

    HookOutcome<ProcessedArtifact> out = hooks(gzip, scan).postProcessors().process("id", DATA);

    assertThat(out.value())
        .isEqualTo(
            new ProcessedArtifact(
                new byte[] {9}, true, Map.of("enc", "x", "av", "ok"), List.of("gzip")));
    assertThat(out.decidedBy()).contains("gzip");
    assertThat(scan.inputs.getFirst())
        .isEqualTo(envelope("{\"artifact_id\":\"id\"}", new byte[] {9}));
  }

  @Test
  void process_failureClosedThrows_unmodifiedWithPayloadIsMalformed() throws Exception {
    FakeTarget liar =
        FakeTarget.named("liar")
            .replies("process", envelope("{\"modified\":false}", new byte[] {1}));

    assertThatThrownBy(() -> hooks(liar).postProcessors().process("id", DATA))
        .isInstanceOf(HookFailedException.class)
        .hasMessage(
            "plugin 'liar' hook 'process' returned malformed output: \"modified\":false with a"
                + " payload of 1 bytes: send no payload when the data is unchanged");
    HookOutcome<ProcessedArtifact> open =
        hooks(FailurePolicy.builder().mode("process", FAIL_OPEN).build(), liar)
            .postProcessors()
            .process("id", DATA);
    assertThat(open.value().data()).isEqualTo(DATA);
    assertThat(open.value().modified()).isFalse();
  }
}
