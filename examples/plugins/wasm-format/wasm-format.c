/*
 * wasm-format: a format handler for WebAssembly modules, format key "wasm"
 * (docs/contracts/registry.md).
 *
 * format_key      no input; output the text "wasm".
 * validate        envelope, header {"path":"..."}, payload the file. Nothing
 *                 when valid, else {"error":"..."}: the file name does not
 *                 end in ".wasm"; the bytes are not a core module (magic
 *                 \0asm, version 1); a section size is not a LEB128 u32 or
 *                 runs past the end; a section id is unknown; a non-custom
 *                 section appears twice.
 * parse_metadata  the same input and checks (a failed check is the
 *                 {"error":"..."} reply), then {"metadata":{"path","version",
 *                 "content_type":"application/wasm","size_bytes",
 *                 "checksum_sha256"}}. The version comes from the file name:
 *                 "echo-1.2.0.wasm" gives "1.2.0" (what follows the last '-'
 *                 that is followed by a digit); none when there is no such '-'.
 * generate_index  JSON {"artifacts":[metadata,...]}; output an envelope with
 *                 header {"files":[{"name":"wasm-index.json","size":N}]} and
 *                 payload {"format":"wasm","count":N,"total_size_bytes":S,
 *                 "modules":[{"path","version","size_bytes",
 *                 "checksum_sha256"},...]}; nothing for no artifacts; an
 *                 envelope with header {"error":"..."} for malformed input.
 */
#include "airlock_json.h"
#include "airlock_raw.h"
#include "airlock_envelope.h"

#define MAX_SECTION_ID 13u /* 13 is the exception-handling proposal's tag section */

AIRLOCK_HOOK("format_key")
uint64_t format_key(const uint8_t *in, uint32_t len) {
  (void)in;
  (void)len;
  return airlock_return_str("wasm");
}

/* Reads an unsigned LEB128 of at most 32 bits at *at; false if malformed. */
static bool leb_u32(const uint8_t *p, size_t n, size_t *at, uint32_t *out) {
  uint32_t v = 0;
  for (int i = 0; i < 5; i++) {
    if (*at >= n) {
      return false;
    }
    uint8_t b = p[(*at)++];
    if (i == 4 && b > 0x0F) {
      return false; /* more than 32 bits */
    }
    v |= (uint32_t)(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) {
      *out = v;
      return true;
    }
  }
  return false;
}

/* Checks the module's header and section framing; a message, or NULL. */
static const char *check_module(const uint8_t *p, size_t n) {
  if (n < 8 || memcmp(p, "\0asm", 4) != 0) {
    return "not a WebAssembly module: no \\0asm magic";
  }
  if (memcmp(p + 4, "\1\0\0\0", 4) != 0) {
    return "not a core WebAssembly module of version 1";
  }
  uint32_t seen = 0;
  size_t at = 8;
  while (at < n) {
    uint8_t id = p[at++];
    uint32_t size;
    if (!leb_u32(p, n, &at, &size)) {
      return "a section size is not a valid LEB128 u32";
    }
    if (size > n - at) {
      return "a section runs past the end of the file";
    }
    if (id > MAX_SECTION_ID) {
      return "unknown section id";
    }
    if (id != 0 && (seen & (1u << id)) != 0) {
      return "a section appears twice";
    }
    seen |= id != 0 ? 1u << id : 0;
    at += size;
  }
  return NULL;
}

/* The "path" of the envelope header, as valid UTF-8; false if there is none. */
static bool read_path(const airlock_envelope *env, jbuf *path) {
  jcur c = {env->header, env->header + env->header_len};
  jbuf key = {0};
  bool first = true;
  bool have = false;
  bool ok = jc_eat(&c, '{');
  while (ok) {
    enum jc_step step = jc_next_member(&c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE && jc_at_end(&c);
      break;
    }
    if (jbuf_is(&key, "path") && !have && jc_peek(&c, '"')) {
      have = true;
      ok = jc_string(&c, path) && !path->failed;
    } else {
      ok = jc_skip(&c, 1);
    }
  }
  jbuf_free(&key);
  return ok && have && path->len != 0 && airlock_utf8_valid(path->data, path->len);
}

static bool ends_with_wasm(const jbuf *path) {
  return path->len > 5 && memcmp(path->data + path->len - 5, ".wasm", 5) == 0;
}

/* Reads input and checks it; a message, or NULL with path and env set. */
static const char *check_input(const uint8_t *in, uint32_t len, airlock_envelope *env,
                               jbuf *path) {
  if (!airlock_envelope_read(in, len, env) || !read_path(env, path)) {
    return "input is not an envelope whose header has a UTF-8 \"path\"";
  }
  if (!ends_with_wasm(path)) {
    return "file name does not end in .wasm";
  }
  return check_module(env->payload, env->payload_len);
}

AIRLOCK_HOOK("validate")
uint64_t validate(const uint8_t *in, uint32_t len) {
  airlock_envelope env;
  jbuf path = {0};
  const char *why = check_input(in, len, &env, &path);
  jbuf_free(&path);
  return why == NULL ? 0 : airlock_return_json_error(why);
}

static void put_u64(jbuf *b, uint64_t v) {
  char digits[20];
  int n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  while (n > 0) {
    jbuf_putc(b, (uint8_t)digits[--n]);
  }
}

/* The version in a path's file name (path ends in ".wasm"); len 0 for none. */
static void version_of(const jbuf *path, const uint8_t **v, size_t *v_len) {
  const uint8_t *p = path->data;
  size_t end = path->len - 5; /* before ".wasm" */
  size_t name = 0;
  for (size_t i = 0; i < end; i++) {
    name = p[i] == '/' ? i + 1 : name;
  }
  *v_len = 0;
  for (size_t i = end; i-- > name;) {
    if (p[i] == '-' && i + 1 < end && p[i + 1] >= '0' && p[i + 1] <= '9') {
      *v = p + i + 1;
      *v_len = end - i - 1;
      return;
    }
  }
}

AIRLOCK_HOOK("parse_metadata")
uint64_t parse_metadata(const uint8_t *in, uint32_t len) {
  airlock_envelope env;
  jbuf path = {0};
  const char *why = check_input(in, len, &env, &path);
  if (why != NULL) {
    jbuf_free(&path);
    return airlock_return_json_error(why);
  }
  char sha[64];
  airlock_sha256_hex(env.payload, env.payload_len, sha);
  const uint8_t *version = NULL;
  size_t version_len = 0;
  version_of(&path, &version, &version_len);
  jbuf out = {0};
  jbuf_puts(&out, "{\"metadata\":{\"path\":");
  jbuf_put_json_string(&out, path.data, path.len);
  if (version_len != 0) {
    jbuf_puts(&out, ",\"version\":");
    jbuf_put_json_string(&out, version, version_len);
  }
  jbuf_puts(&out, ",\"content_type\":\"application/wasm\",\"size_bytes\":");
  put_u64(&out, env.payload_len);
  jbuf_puts(&out, ",\"checksum_sha256\":\"");
  jbuf_put(&out, sha, sizeof sha);
  jbuf_puts(&out, "\"}}");
  jbuf_free(&path);
  return airlock_return_jbuf(&out);
}

/* Reads a JSON integer >= 0 of at most 2^53; false for anything else. */
static bool read_u64(jcur *c, uint64_t *out) {
  jc_ws(c);
  const uint8_t *start = c->p;
  uint64_t v = 0;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
    if (v > (UINT64_C(1) << 53) / 10) {
      return false;
    }
    v = v * 10 + (uint64_t)(*c->p - '0');
    c->p++;
  }
  if (c->p == start || (c->p - start > 1 && *start == '0')) {
    return false;
  }
  if (c->p < c->end && (*c->p == '.' || *c->p == 'e' || *c->p == 'E')) {
    return false; /* a fraction is not a size */
  }
  *out = v;
  return true;
}

/* An optional string member: a string (valid UTF-8) or null. */
static bool read_optional(jcur *c, jbuf *out) {
  if (jc_peek(c, 'n')) {
    return jc_skip(c, 2);
  }
  out->len = 0;
  return jc_string(c, out) && !out->failed && airlock_utf8_valid(out->data, out->len);
}

/* Reads one artifact and appends its index entry to modules. */
static bool read_artifact(jcur *c, jbuf *modules, uint64_t *total) {
  jbuf key = {0};
  jbuf path = {0};
  jbuf version = {0};
  jbuf sha = {0};
  bool have_path = false;
  bool have_size = false;
  uint64_t size = 0;
  bool first = true;
  bool ok = jc_eat(c, '{');
  while (ok) {
    enum jc_step step = jc_next_member(c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE;
      break;
    }
    if (jbuf_is(&key, "path") && !have_path) {
      have_path = true;
      ok = read_optional(c, &path) && path.len != 0;
    } else if (jbuf_is(&key, "size_bytes") && !have_size) {
      have_size = true;
      ok = read_u64(c, &size);
    } else if (jbuf_is(&key, "version") && version.len == 0) {
      ok = read_optional(c, &version);
    } else if (jbuf_is(&key, "checksum_sha256") && sha.len == 0) {
      ok = read_optional(c, &sha);
    } else {
      ok = jc_skip(c, 2);
    }
  }
  ok = ok && have_path && have_size;
  if (ok) {
    *total += size;
    jbuf_puts(modules, modules->len == 0 ? "{\"path\":" : ",{\"path\":");
    jbuf_put_json_string(modules, path.data, path.len);
    if (version.len != 0) {
      jbuf_puts(modules, ",\"version\":");
      jbuf_put_json_string(modules, version.data, version.len);
    }
    jbuf_puts(modules, ",\"size_bytes\":");
    put_u64(modules, size);
    if (sha.len != 0) {
      jbuf_puts(modules, ",\"checksum_sha256\":");
      jbuf_put_json_string(modules, sha.data, sha.len);
    }
    jbuf_putc(modules, '}');
  }
  jbuf_free(&key);
  jbuf_free(&path);
  jbuf_free(&version);
  jbuf_free(&sha);
  return ok;
}

/* Reads {"artifacts":[...]}, appending entries; false if malformed. */
static bool read_index_input(const uint8_t *in, uint32_t len, jbuf *modules,
                             uint64_t *count, uint64_t *total) {
  jcur c = {in, in + len};
  jbuf key = {0};
  bool first = true;
  bool seen = false;
  bool ok = jc_eat(&c, '{');
  while (ok) {
    enum jc_step step = jc_next_member(&c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE && jc_at_end(&c);
      break;
    }
    if (!jbuf_is(&key, "artifacts") || seen) {
      ok = jc_skip(&c, 1);
      continue;
    }
    seen = true;
    ok = jc_eat(&c, '[');
    if (ok && !jc_eat(&c, ']')) {
      do {
        ok = read_artifact(&c, modules, total);
        *count += ok;
      } while (ok && jc_eat(&c, ','));
      ok = ok && jc_eat(&c, ']');
    }
  }
  jbuf_free(&key);
  return ok && seen && !modules->failed;
}

static uint64_t index_error(const char *message) {
  jbuf header = {0};
  jbuf_puts(&header, "{\"error\":");
  jbuf_put_json_string(&header, (const uint8_t *)message, strlen(message));
  jbuf_putc(&header, '}');
  uint64_t result = airlock_envelope_return(&header, NULL, 0);
  jbuf_free(&header);
  return result;
}

AIRLOCK_HOOK("generate_index")
uint64_t generate_index(const uint8_t *in, uint32_t len) {
  jbuf modules = {0};
  uint64_t count = 0;
  uint64_t total = 0;
  if (!read_index_input(in, len, &modules, &count, &total)) {
    jbuf_free(&modules);
    return index_error("input is not {\"artifacts\":[...]} with a path and size_bytes each");
  }
  if (count == 0) {
    jbuf_free(&modules);
    return 0;
  }
  jbuf index = {0};
  jbuf_puts(&index, "{\"format\":\"wasm\",\"count\":");
  put_u64(&index, count);
  jbuf_puts(&index, ",\"total_size_bytes\":");
  put_u64(&index, total);
  jbuf_puts(&index, ",\"modules\":[");
  jbuf_put(&index, modules.data, modules.len);
  jbuf_puts(&index, "]}");
  jbuf_free(&modules);
  jbuf header = {0};
  jbuf_puts(&header, "{\"files\":[{\"name\":\"wasm-index.json\",\"size\":");
  put_u64(&header, index.len);
  jbuf_puts(&header, "}]}");
  if (index.failed) {
    __builtin_trap(); /* out of memory: let the host's failure policy decide */
  }
  uint64_t result = airlock_envelope_return(&header, index.data, (uint32_t)index.len);
  jbuf_free(&index);
  jbuf_free(&header);
  return result;
}
