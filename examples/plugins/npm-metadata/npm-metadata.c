/*
 * npm-metadata: metadata extractor `extract` for npm packages
 * (docs/contracts/registry.md).
 *
 * Input:  an envelope; header {"artifact_id":"..."}, payload the package's
 *         package.json. The registry takes it from the publish document or
 *         from package/package.json inside the .tgz: this plugin does not
 *         inflate gzip, and says so when given a tarball.
 * Output: {"metadata":{"npm.name":"left-pad","npm.version":"1.3.0",...}}
 *         with those of these top-level fields that are present (first
 *         occurrence): name, version, description, license (or license.type),
 *         author (or author.name), repository (or repository.url), homepage,
 *         keywords (joined with ","), dependencies (their count). Values over
 *         1024 bytes or not valid UTF-8 are left out (and logged). Nothing when none is present;
 *         {"error":"..."} when the input is not an envelope, the payload is a
 *         gzip stream, or it is not one JSON object.
 */
#include "airlock_json.h"
#include "airlock_raw.h"
#include "airlock_envelope.h"

#define MAX_VALUE 1024u

enum field {
  F_NAME,
  F_VERSION,
  F_DESCRIPTION,
  F_LICENSE,
  F_AUTHOR,
  F_REPOSITORY,
  F_HOMEPAGE,
  F_KEYWORDS,
  F_DEPENDENCIES,
  F_COUNT
};

/* JSON field name, metadata key, and for objects the member holding the value. */
static const struct {
  const char *json;
  const char *key;
  const char *inner;
} FIELDS[F_COUNT] = {
    [F_NAME] = {"name", "npm.name", NULL},
    [F_VERSION] = {"version", "npm.version", NULL},
    [F_DESCRIPTION] = {"description", "npm.description", NULL},
    [F_LICENSE] = {"license", "npm.license", "type"},
    [F_AUTHOR] = {"author", "npm.author", "name"},
    [F_REPOSITORY] = {"repository", "npm.repository", "url"},
    [F_HOMEPAGE] = {"homepage", "npm.homepage", NULL},
    [F_KEYWORDS] = {"keywords", "npm.keywords", NULL},
    [F_DEPENDENCIES] = {"dependencies", "npm.dependencies", NULL},
};

typedef struct {
  jbuf value[F_COUNT];
  bool seen[F_COUNT];
} package;

/* A string, or an object's `inner` string member; other values are skipped. */
static bool read_text(jcur *c, const char *inner, jbuf *out) {
  if (jc_peek(c, '"')) {
    return jc_string(c, out);
  }
  if (inner == NULL || !jc_peek(c, '{')) {
    return jc_skip(c, 1);
  }
  jc_eat(c, '{');
  jbuf key = {0};
  bool first = true;
  bool found = false;
  bool ok = true;
  while (ok) {
    enum jc_step step = jc_next_member(c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE;
      break;
    }
    if (!found && jbuf_is(&key, inner) && jc_peek(c, '"')) {
      found = true;
      ok = jc_string(c, out);
    } else {
      ok = jc_skip(c, 2);
    }
  }
  jbuf_free(&key);
  return ok;
}

/* keywords: the strings of an array, joined with ','; others skipped. */
static bool read_keywords(jcur *c, jbuf *out) {
  if (!jc_peek(c, '[')) {
    return jc_skip(c, 1);
  }
  jc_eat(c, '[');
  if (jc_eat(c, ']')) {
    return true;
  }
  do {
    if (jc_peek(c, '"')) {
      if (out->len != 0) {
        jbuf_putc(out, ',');
      }
      if (!jc_string(c, out)) {
        return false;
      }
    } else if (!jc_skip(c, 2)) {
      return false;
    }
  } while (jc_eat(c, ','));
  return jc_eat(c, ']');
}

/* dependencies: the number of members of an object, in decimal. */
static bool read_count(jcur *c, jbuf *out) {
  if (!jc_peek(c, '{')) {
    return jc_skip(c, 1);
  }
  jc_eat(c, '{');
  jbuf key = {0};
  bool first = true;
  uint32_t count = 0;
  bool ok = true;
  while (ok) {
    enum jc_step step = jc_next_member(c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE;
      break;
    }
    count++;
    ok = jc_skip(c, 2);
  }
  jbuf_free(&key);
  char digits[10];
  int n = 0;
  do {
    digits[n++] = (char)('0' + count % 10);
    count /= 10;
  } while (count != 0);
  while (n > 0) {
    jbuf_putc(out, (uint8_t)digits[--n]);
  }
  return ok;
}

static bool read_package(const uint8_t *p, uint32_t len, package *pkg) {
  jcur c = {p, p + len};
  jbuf key = {0};
  bool first = true;
  bool ok = jc_eat(&c, '{');
  while (ok) {
    enum jc_step step = jc_next_member(&c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE && jc_at_end(&c);
      break;
    }
    int f = 0;
    while (f < F_COUNT && !jbuf_is(&key, FIELDS[f].json)) {
      f++;
    }
    if (f == F_COUNT || pkg->seen[f]) {
      ok = jc_skip(&c, 1);
      continue;
    }
    pkg->seen[f] = true;
    jbuf *out = &pkg->value[f];
    if (f == F_KEYWORDS) {
      ok = read_keywords(&c, out);
    } else if (f == F_DEPENDENCIES) {
      ok = read_count(&c, out);
    } else {
      ok = read_text(&c, FIELDS[f].inner, out);
    }
    ok = ok && !out->failed;
  }
  jbuf_free(&key);
  return ok;
}

static uint64_t metadata(package *pkg) {
  jbuf out = {0};
  bool any = false;
  jbuf_puts(&out, "{\"metadata\":{");
  for (int f = 0; f < F_COUNT; f++) {
    jbuf *v = &pkg->value[f];
    if (v->len == 0) {
      continue;
    }
    if (v->len > MAX_VALUE || !airlock_utf8_valid(v->data, v->len)) {
      airlock_log_str(AIRLOCK_WARN,
                      "left out a package.json value over 1024 bytes or not UTF-8");
      continue;
    }
    if (any) {
      jbuf_putc(&out, ',');
    }
    any = true;
    jbuf_put_json_string(&out, (const uint8_t *)FIELDS[f].key,
                         strlen(FIELDS[f].key));
    jbuf_putc(&out, ':');
    jbuf_put_json_string(&out, v->data, v->len);
  }
  jbuf_puts(&out, "}}");
  if (!any) {
    jbuf_free(&out);
    return 0;
  }
  return airlock_return_jbuf(&out);
}

AIRLOCK_HOOK("extract")
uint64_t extract(const uint8_t *in, uint32_t len) {
  airlock_envelope env;
  if (!airlock_envelope_read(in, len, &env)) {
    return airlock_return_json_error("input is not an envelope");
  }
  if (env.payload_len >= 2 && env.payload[0] == 0x1f && env.payload[1] == 0x8b) {
    return airlock_return_json_error(
        "data is a gzip stream (an npm .tgz): pass the content of "
        "package/package.json instead");
  }
  package pkg = {0};
  uint64_t result;
  if (read_package(env.payload, env.payload_len, &pkg)) {
    result = metadata(&pkg);
  } else {
    result = airlock_return_json_error("data is not a package.json object");
  }
  for (int f = 0; f < F_COUNT; f++) {
    jbuf_free(&pkg.value[f]);
  }
  return result;
}
