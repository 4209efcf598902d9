package dev.airlock.contract;

import static dev.airlock.contract.PluginJson.known;
import static dev.airlock.contract.PluginJson.string;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.airlock.internal.Text;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads the replies of the registry hooks (docs/contracts/registry.md). */
final class RegistryReplies {
  static final Pattern FORMAT_KEY = Pattern.compile("[a-z0-9][a-z0-9._+-]{0,63}");
  static final int MAX_PAIRS = 1024;
  static final int MAX_KEY_CHARS = 256;

  /** One validation plugin's verdict. */
  record Verdict(boolean allowed, String message, List<String> warnings) {}

  /** One post-processor's reply; {@code data} is null when it did not modify. */
  record Processed(byte[] data, Map<String, String> metadata) {}

  private RegistryReplies() {}

  static String formatKey(byte[] out) throws BadReply {
    String key = new String(out, StandardCharsets.UTF_8);
    if (!FORMAT_KEY.matcher(key).matches()) {
      throw BadReply.malformed(
          "format key "
              + Text.quote(key)
              + " should be 1-64 chars of a-z 0-9 . _ + -, starting with a letter or digit");
    }
    return key;
  }

  static ParseResult parseMetadata(byte[] out) throws BadReply {
    if (out.length == 0) {
      throw BadReply.malformed("no output: expected {\"metadata\":{…}} or {\"error\":\"…\"}");
    }
    ObjectNode n = PluginJson.parse(out);
    if (n.has("error")) {
      known(n, "error reply", Set.of("error"));
      return new ParseResult.Refused(string(n, "error", "error reply"));
    }
    known(n, "reply", Set.of("metadata"));
    ObjectNode m = PluginJson.objectField(n, "metadata", "reply");
    String where = "metadata";
    known(m, where, Set.of("path", "version", "content_type", "size_bytes", "checksum_sha256"));
    try {
      return new ParseResult.Parsed(
          new ArtifactMetadata(
              string(m, "path", where),
              PluginJson.optionalString(m, "version", where),
              string(m, "content_type", where),
              PluginJson.nonNegativeLong(m, "size_bytes", where),
              PluginJson.optionalString(m, "checksum_sha256", where)));
    } catch (IllegalArgumentException e) {
      throw BadReply.malformed(where + ": " + e.getMessage());
    }
  }

  static FormatCheck validate(byte[] out) throws BadReply {
    if (out.length == 0) {
      return FormatCheck.VALID;
    }
    ObjectNode n = PluginJson.parse(out);
    known(n, "reply", Set.of("error"));
    return FormatCheck.invalid(string(n, "error", "reply"));
  }

  static List<IndexFile> generateIndex(byte[] out) throws BadReply {
    if (out.length == 0) {
      return List.of();
    }
    Envelope.Parts env = Envelope.decode(out);
    reportedError(env);
    known(env.header(), "envelope header", Set.of("files"));
    JsonNode files = env.header().get("files");
    if (files == null || !files.isArray()) {
      throw BadReply.malformed(
          "envelope header field 'files' should be an array, got " + PluginJson.kind(files));
    }
    List<IndexFile> result = new ArrayList<>(files.size());
    Set<String> names = new HashSet<>();
    byte[] payload = env.payload();
    int offset = 0;
    for (JsonNode f : files) {
      if (!f.isObject()) {
        throw BadReply.malformed("files entry should be an object, got " + PluginJson.kind(f));
      }
      ObjectNode o = (ObjectNode) f;
      known(o, "files entry", Set.of("name", "size"));
      String name = string(o, "name", "files entry");
      long size = PluginJson.nonNegativeLong(o, "size", "files entry");
      if (size > payload.length - offset) {
        throw BadReply.malformed(
            "file "
                + Text.quote(name)
                + " of "
                + size
                + " bytes runs past the payload ("
                + (payload.length - offset)
                + " bytes left)");
      }
      if (!names.add(name)) {
        throw BadReply.malformed("file " + Text.quote(name) + " is listed twice");
      }
      try {
        result.add(
            new IndexFile(
                name, java.util.Arrays.copyOfRange(payload, offset, offset + (int) size)));
      } catch (IllegalArgumentException e) {
        throw BadReply.malformed(e.getMessage());
      }
      offset += (int) size;
    }
    if (offset != payload.length) {
      throw BadReply.malformed(
          "files add up to " + offset + " bytes but the payload has " + payload.length);
    }
    return result;
  }

  static Map<String, String> extract(byte[] out) throws BadReply {
    if (out.length == 0) {
      return Map.of();
    }
    ObjectNode n = PluginJson.parse(out);
    if (n.has("error")) {
      known(n, "error reply", Set.of("error"));
      throw BadReply.reported(string(n, "error", "error reply"));
    }
    known(n, "reply", Set.of("metadata"));
    return pairs(PluginJson.stringMap(n, "metadata", "reply"));
  }

  static Verdict uploadVerdict(byte[] out) throws BadReply {
    if (out.length == 0) {
      return new Verdict(true, "", List.of());
    }
    ObjectNode n = PluginJson.parse(out);
    String where = "reply";
    known(n, where, Set.of("allowed", "message", "warnings"));
    boolean allowed = PluginJson.bool(n, "allowed", where);
    String message = PluginJson.optionalString(n, "message", where).orElse("");
    if (!allowed && message.isEmpty()) {
      throw BadReply.malformed("a rejection needs a non-empty 'message' saying why");
    }
    return new Verdict(allowed, message, PluginJson.strings(n, "warnings", where));
  }

  static Processed process(byte[] out) throws BadReply {
    if (out.length == 0) {
      return new Processed(null, Map.of());
    }
    Envelope.Parts env = Envelope.decode(out);
    reportedError(env);
    String where = "envelope header";
    known(env.header(), where, Set.of("modified", "metadata"));
    boolean modified = PluginJson.bool(env.header(), "modified", where);
    Map<String, String> metadata = pairs(PluginJson.stringMap(env.header(), "metadata", where));
    if (!modified && env.payload().length != 0) {
      throw BadReply.malformed(
          "\"modified\":false with a payload of "
              + env.payload().length
              + " bytes: send no payload when the data is unchanged");
    }
    return new Processed(modified ? env.payload() : null, metadata);
  }

  private static void reportedError(Envelope.Parts env) throws BadReply {
    if (env.header().has("error")) {
      known(env.header(), "envelope header", Set.of("error"));
      throw BadReply.reported(string(env.header(), "error", "envelope header"));
    }
  }

  private static Map<String, String> pairs(Map<String, String> pairs) throws BadReply {
    if (pairs.size() > MAX_PAIRS) {
      throw BadReply.malformed(pairs.size() + " metadata pairs, over the cap of " + MAX_PAIRS);
    }
    for (String key : pairs.keySet()) {
      if (key.isEmpty() || key.length() > MAX_KEY_CHARS) {
        throw BadReply.malformed(
            "metadata key " + Text.quote(key) + " should be 1-" + MAX_KEY_CHARS + " chars");
      }
    }
    return pairs;
  }
}
