/*
 * upload-policy: validation hook `validate_upload`, a size-and-naming policy
 * for artifact uploads (docs/contracts/registry.md).
 *
 * Input:  an envelope; header {"artifact":{"path":"...","size_bytes":N,...}},
 *         payload the uploaded bytes.
 * Output: nothing when the upload is allowed without warnings, else
 *         {"allowed":true|false,"message":"...","warnings":["..."]}.
 *
 * Rejected (the first rule broken gives the message):
 *   - input that is not an envelope whose header names the artifact's path:
 *     a validation hook must not let through what it cannot read;
 *   - a header size_bytes that differs from the payload's length;
 *   - an empty upload, or one over config `max_bytes` (default 10 MiB);
 *   - a path that is empty, absolute, has an empty, "." or ".." segment, or
 *     a character outside A-Z a-z 0-9 . _ - + @ ~, or is over 1024 bytes;
 *   - a file name (last segment) over 128 bytes, with a character outside
 *     a-z 0-9 . _ - +, not starting with a letter or digit, or without an
 *     extension; or, when config `allowed_extensions` (comma-separated, e.g.
 *     "tgz,jar") is set, with an extension not listed.
 * Warned: an upload over 80% of max_bytes; a file name with no digit (no
 * version in it).
 */
#include "airlock_json.h"
#include "airlock_raw.h"
#include "airlock_envelope.h"

#define DEFAULT_MAX_BYTES UINT64_C(10485760)
#define MAX_PATH 1024u
#define MAX_NAME 128u

typedef struct {
  jbuf path;
  bool have_path;
  bool have_size;
  uint64_t size;
} upload;

typedef struct {
  jbuf message; /* the first rejection, empty when allowed */
  jbuf warnings; /* JSON strings, comma-separated */
  bool warned;
} verdict;

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

/* Reads the "artifact" object's path and size_bytes; skips the rest. */
static bool read_artifact(jcur *c, upload *u) {
  jbuf key = {0};
  bool first = true;
  bool ok = jc_eat(c, '{');
  while (ok) {
    enum jc_step step = jc_next_member(c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE;
      break;
    }
    if (jbuf_is(&key, "path") && !u->have_path) {
      u->have_path = true;
      ok = jc_string(c, &u->path) && !u->path.failed;
    } else if (jbuf_is(&key, "size_bytes") && !u->have_size) {
      u->have_size = true;
      ok = read_u64(c, &u->size);
    } else {
      ok = jc_skip(c, 2);
    }
  }
  jbuf_free(&key);
  return ok;
}

static bool read_header(const airlock_envelope *env, upload *u) {
  jcur c = {env->header, env->header + env->header_len};
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
    if (jbuf_is(&key, "artifact") && !seen) {
      seen = true;
      ok = read_artifact(&c, u);
    } else {
      ok = jc_skip(&c, 1);
    }
  }
  jbuf_free(&key);
  return ok && u->have_path;
}

static void reject(verdict *v, const char *text) {
  if (v->message.len == 0) {
    jbuf_puts(&v->message, text);
  }
}

static void warn(verdict *v, const jbuf *text) {
  if (v->warned) {
    jbuf_putc(&v->warnings, ',');
  }
  v->warned = true;
  jbuf_put_json_string(&v->warnings, text->data, text->len);
}

static bool in_set(uint8_t c, const char *set) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
         (c != 0 && strchr(set, c) != NULL);
}

/* The path rules; the name is the last segment. Returns a message or NULL. */
static const char *check_path(const uint8_t *p, size_t n, size_t *name_at) {
  if (n == 0 || n > MAX_PATH) {
    return "path must be 1 to 1024 bytes";
  }
  if (p[0] == '/') {
    return "path must be relative (it starts with '/')";
  }
  size_t seg = 0;
  for (size_t i = 0; i <= n; i++) {
    if (i < n && p[i] != '/') {
      if (!in_set(p[i], "ABCDEFGHIJKLMNOPQRSTUVWXYZ._-+@~")) {
        return "path has a character outside A-Z a-z 0-9 . _ - + @ ~";
      }
      continue;
    }
    size_t len = i - seg;
    if (len == 0) {
      return "path has an empty segment ('//' or a trailing '/')";
    }
    if ((len == 1 && p[seg] == '.') ||
        (len == 2 && p[seg] == '.' && p[seg + 1] == '.')) {
      return "path has a '.' or '..' segment";
    }
    *name_at = seg;
    seg = i + 1;
  }
  return NULL;
}

static const char *check_name(const uint8_t *s, size_t n) {
  if (n > MAX_NAME) {
    return "file name is over 128 bytes";
  }
  for (size_t i = 0; i < n; i++) {
    if (!in_set(s[i], "._-+")) {
      return "file name must use only a-z 0-9 . _ - + (lowercase)";
    }
  }
  if (!((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9'))) {
    return "file name must start with a letter or digit";
  }
  const uint8_t *dot = NULL;
  for (size_t i = 0; i < n; i++) {
    dot = s[i] == '.' ? s + i : dot;
  }
  if (dot == NULL || dot == s + n - 1) {
    return "file name has no extension";
  }
  return NULL;
}

/* Whether ext is in the comma-separated list. */
static bool listed(const char *list, const uint8_t *ext, size_t n) {
  for (const char *p = list; *p != '\0';) {
    const char *comma = strchr(p, ',');
    size_t len = comma != NULL ? (size_t)(comma - p) : strlen(p);
    if (len == n && memcmp(p, ext, n) == 0) {
      return true;
    }
    p += len + (comma != NULL);
  }
  return false;
}

static uint64_t max_bytes(void) {
  char *text = airlock_config_dup("max_bytes", 32, NULL);
  uint64_t max = DEFAULT_MAX_BYTES;
  if (text != NULL) {
    jcur c = {(const uint8_t *)text, (const uint8_t *)text + strlen(text)};
    uint64_t v;
    if (read_u64(&c, &v) && jc_at_end(&c) && v > 0) {
      max = v;
    } else {
      airlock_log_str(AIRLOCK_WARN, "config max_bytes is not a number > 0");
    }
    free(text);
  }
  return max;
}

static void check_size(verdict *v, uint64_t size, uint64_t max) {
  jbuf text = {0};
  if (size == 0) {
    reject(v, "artifact is empty");
  } else if (size > max) {
    jbuf_puts(&text, "artifact is ");
    put_u64(&text, size);
    jbuf_puts(&text, " bytes, over the limit of ");
    put_u64(&text, max);
    jbuf_puts(&text, " bytes");
    jbuf_putc(&text, '\0');
    reject(v, text.failed ? "artifact is too large" : (const char *)text.data);
  } else if (size > max / 5 * 4) {
    jbuf_puts(&text, "artifact is ");
    put_u64(&text, size);
    jbuf_puts(&text, " bytes, over 80% of the limit of ");
    put_u64(&text, max);
    jbuf_puts(&text, " bytes");
    warn(v, &text);
  }
  jbuf_free(&text);
}

static void check_naming(verdict *v, const jbuf *path) {
  size_t at = 0;
  const char *why = check_path(path->data, path->len, &at);
  const uint8_t *name = path->data + at;
  size_t n = path->len - at;
  if (why == NULL) {
    why = check_name(name, n);
  }
  if (why != NULL) {
    reject(v, why);
    return;
  }
  const uint8_t *ext = name + n;
  while (ext[-1] != '.') {
    ext--;
  }
  size_t ext_len = (size_t)(name + n - ext);
  char *allowed = airlock_config_dup("allowed_extensions", 4096, NULL);
  if (allowed != NULL && allowed[0] != '\0' && !listed(allowed, ext, ext_len)) {
    reject(v, "file extension is not in allowed_extensions");
  }
  free(allowed);
  bool digit = false;
  for (size_t i = 0; i < n; i++) {
    digit = digit || (name[i] >= '0' && name[i] <= '9');
  }
  if (!digit) {
    jbuf text = {0};
    jbuf_puts(&text, "file name '");
    jbuf_put(&text, name, n); /* checked: a-z 0-9 . _ - + only */
    jbuf_puts(&text, "' has no version number");
    warn(v, &text);
    jbuf_free(&text);
  }
}

static uint64_t answer(verdict *v) {
  bool allowed = v->message.len == 0;
  if (allowed && !v->warned) {
    return 0;
  }
  jbuf out = {0};
  jbuf_puts(&out, allowed ? "{\"allowed\":true" : "{\"allowed\":false");
  if (!allowed) {
    jbuf_puts(&out, ",\"message\":");
    jbuf_put_json_string(&out, v->message.data, v->message.len);
  }
  if (v->warned) {
    jbuf_puts(&out, ",\"warnings\":[");
    jbuf_put(&out, v->warnings.data, v->warnings.len);
    jbuf_putc(&out, ']');
  }
  jbuf_putc(&out, '}');
  out.failed = out.failed || v->message.failed || v->warnings.failed;
  return airlock_return_jbuf(&out);
}

AIRLOCK_HOOK("validate_upload")
uint64_t validate_upload(const uint8_t *in, uint32_t len) {
  airlock_envelope env;
  upload u = {0};
  verdict v = {0};
  if (!airlock_envelope_read(in, len, &env) || !read_header(&env, &u)) {
    reject(&v, "input is not a validate_upload envelope naming the artifact's path");
  } else if (u.have_size && u.size != env.payload_len) {
    reject(&v, "header size_bytes differs from the uploaded length");
  } else {
    check_size(&v, env.payload_len, max_bytes());
    check_naming(&v, &u.path);
  }
  uint64_t result = answer(&v);
  jbuf_free(&u.path);
  jbuf_free(&v.message);
  jbuf_free(&v.warnings);
  return result;
}
