package dev.airlock.server;

import io.javalin.http.Context;
import io.javalin.http.UploadedFile;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Receives a multipart install: field {@code file} (a {@code .tar.gz}, a {@code .zip} with {@code
 * plugin.toml}, or a bare {@code .wasm}) and, for the last two, field {@code signature}. A body
 * over the cap is refused with 413 before it is read when its length is declared, and as soon as
 * the cap is passed otherwise; nothing is stored either way.
 */
final class Uploads {
  private static final Pattern PLUGIN = Pattern.compile("[a-z][a-z0-9_-]{0,127}");
  private final long maxBytes;

  Uploads(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Refuses a declared length over the cap, before any of the body is read. */
  void checkDeclaredLength(Context ctx) {
    long declared = ctx.req().getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(declared + " bytes declared");
    }
  }

  ApiException tooLarge(String what) {
    return new ApiException(
        413,
        "payload_too_large",
        "the upload is over the limit of " + maxBytes + " bytes (" + what + "); nothing was stored",
        Map.of("limit", maxBytes));
  }

  Staged receive(Context ctx, Path staging) {
    checkDeclaredLength(ctx);
    UploadedFile file;
    UploadedFile signature;
    try {
      file = ctx.uploadedFile("file");
      signature = ctx.uploadedFile("signature");
    } catch (RuntimeException e) {
      String m = String.valueOf(e.getMessage()) + " " + e.getCause();
      if (m.contains("max") || m.contains("exceed") || m.contains("size")) {
        throw tooLarge("the body ran past it");
      }
      throw ApiException.badRequest("the multipart body cannot be read: " + e.getMessage());
    }
    if (file == null) {
      throw ApiException.badRequest(
          "a multipart install needs the plugin in field 'file' (.tar.gz, .zip or .wasm)");
    }
    Path raw = staging.resolve("upload.bin");
    copy(file, raw);
    String kind = Verification.format(new Staged(raw, null, ""));
    Path named;
    try {
      if (kind.equals("wasm")) {
        String stem = stem(file.filename());
        if (!PLUGIN.matcher(stem).matches()) {
          throw ApiException.unprocessable(
              "invalid_artefact",
              "a bare .wasm upload is named after its plugin: file name "
                  + Ids.show(file.filename())
                  + " does not give a valid plugin name (1-128 lowercase letters, digits, '-' or"
                  + " '_', starting with a letter, then .wasm)");
        }
        named = Files.move(raw, staging.resolve(stem + ".wasm"));
      } else {
        named =
            Files.move(raw, staging.resolve(kind.equals("zip") ? "upload.zip" : "upload.tar.gz"));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Path sig = null;
    if (signature != null) {
      sig = staging.resolve("upload.sig");
      copy(signature, sig);
    }
    return new Staged(named, sig, "upload:" + safeName(file.filename()));
  }

  private void copy(UploadedFile part, Path target) {
    try (InputStream in = part.content();
        OutputStream out = Files.newOutputStream(target)) {
      byte[] buf = new byte[65536];
      long total = 0;
      int n;
      while ((n = in.read(buf)) > 0) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge("the body ran past it");
        }
        out.write(buf, 0, n);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String stem(String filename) {
    String base = safeName(filename);
    return base.endsWith(".wasm") ? base.substring(0, base.length() - 5) : base;
  }

  /** The last path segment, for the record. */
  static String safeName(String filename) {
    if (filename == null) {
      return "";
    }
    String base =
        filename.substring(Math.max(filename.lastIndexOf('/'), filename.lastIndexOf('\\')) + 1);
    return base.replaceAll("[^A-Za-z0-9._-]", "_");
  }
}
