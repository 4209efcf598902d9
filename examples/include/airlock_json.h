/*
 * airlock_json.h: just enough JSON for hook payloads, for plugins that must
 * not trust their input.
 *
 * Every read is bounded by the cursor's end, nesting is capped at
 * JSON_MAX_DEPTH, and every function reports malformed text by returning
 * false, so a plugin can answer "continue" instead of trapping.
 */
#ifndef AIRLOCK_JSON_H
#define AIRLOCK_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Deeper values are refused: recursion must not exhaust the 64 KiB stack. */
#define JSON_MAX_DEPTH 64

/* A growable byte buffer. After a failed allocation it stays failed. */
typedef struct {
  uint8_t *data;
  size_t len;
  size_t cap;
  bool failed;
} jbuf;

static inline bool jbuf_reserve(jbuf *b, size_t more) {
  if (b->failed) {
    return false;
  }
  if (more <= b->cap - b->len) {
    return true;
  }
  size_t cap = b->cap != 0 ? b->cap : 64;
  while (cap - b->len < more) {
    if (cap > SIZE_MAX / 2) {
      b->failed = true;
      return false;
    }
    cap *= 2;
  }
  uint8_t *data = realloc(b->data, cap);
  if (data == NULL) {
    b->failed = true;
    return false;
  }
  b->data = data;
  b->cap = cap;
  return true;
}

static inline void jbuf_put(jbuf *b, const void *data, size_t n) {
  if (n != 0 && jbuf_reserve(b, n)) {
    memcpy(b->data + b->len, data, n);
    b->len += n;
  }
}

static inline void jbuf_putc(jbuf *b, uint8_t c) { jbuf_put(b, &c, 1); }

static inline void jbuf_puts(jbuf *b, const char *s) {
  jbuf_put(b, s, strlen(s));
}

static inline void jbuf_free(jbuf *b) {
  free(b->data);
  *b = (jbuf){0};
}

static inline bool json_plain_byte(uint8_t c) {
  return c >= 0x20 && c != '"' && c != '\\';
}

/* Appends s as a JSON string literal, quotes included. */
static inline void jbuf_put_json_string(jbuf *b, const uint8_t *s, size_t n) {
  static const char hex[] = "0123456789abcdef";
  jbuf_putc(b, '"');
  size_t i = 0;
  while (i < n) {
    size_t run = i;
    while (run < n && json_plain_byte(s[run])) {
      run++; /* UTF-8 passes through unchanged */
    }
    jbuf_put(b, s + i, run - i);
    if (run == n) {
      break;
    }
    uint8_t c = s[run];
    if (c == '"' || c == '\\') {
      char esc[] = {'\\', (char)c};
      jbuf_put(b, esc, sizeof esc);
    } else if (c == '\n') {
      jbuf_puts(b, "\\n");
    } else if (c == '\r') {
      jbuf_puts(b, "\\r");
    } else if (c == '\t') {
      jbuf_puts(b, "\\t");
    } else {
      char esc[] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
      jbuf_put(b, esc, sizeof esc);
    }
    i = run + 1;
  }
  jbuf_putc(b, '"');
}

/* A read position in JSON text; never moves past end. */
typedef struct {
  const uint8_t *p;
  const uint8_t *end;
} jcur;

static inline void jc_ws(jcur *c) {
  while (c->p < c->end &&
         (*c->p == ' ' || *c->p == '\t' || *c->p == '\n' || *c->p == '\r')) {
    c->p++;
  }
}

/* Skips whitespace; whether the next byte is ch. */
static inline bool jc_peek(jcur *c, uint8_t ch) {
  jc_ws(c);
  return c->p < c->end && *c->p == ch;
}

/* Skips whitespace and ch, if ch is next. */
static inline bool jc_eat(jcur *c, uint8_t ch) {
  if (!jc_peek(c, ch)) {
    return false;
  }
  c->p++;
  return true;
}

static inline bool jc_hex4(jcur *c, uint32_t *out) {
  if (c->end - c->p < 4) {
    return false;
  }
  uint32_t v = 0;
  for (int i = 0; i < 4; i++) {
    uint8_t h = c->p[i];
    uint32_t d;
    if (h >= '0' && h <= '9') {
      d = h - '0';
    } else if (h >= 'a' && h <= 'f') {
      d = h - 'a' + 10;
    } else if (h >= 'A' && h <= 'F') {
      d = h - 'A' + 10;
    } else {
      return false;
    }
    v = v << 4 | d;
  }
  c->p += 4;
  *out = v;
  return true;
}

static inline void jbuf_put_utf8(jbuf *b, uint32_t cp) {
  uint8_t u[4];
  size_t n;
  if (cp < 0x80) {
    u[0] = (uint8_t)cp;
    n = 1;
  } else if (cp < 0x800) {
    u[0] = (uint8_t)(0xC0 | cp >> 6);
    u[1] = (uint8_t)(0x80 | (cp & 0x3F));
    n = 2;
  } else if (cp < 0x10000) {
    u[0] = (uint8_t)(0xE0 | cp >> 12);
    u[1] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
    u[2] = (uint8_t)(0x80 | (cp & 0x3F));
    n = 3;
  } else {
    u[0] = (uint8_t)(0xF0 | cp >> 18);
    u[1] = (uint8_t)(0x80 | (cp >> 12 & 0x3F));
    u[2] = (uint8_t)(0x80 | (cp >> 6 & 0x3F));
    u[3] = (uint8_t)(0x80 | (cp & 0x3F));
    n = 4;
  }
  jbuf_put(b, u, n);
}

/* Decodes one \uXXXX escape (the \u already read), pairing surrogates. */
static inline bool jc_unicode_escape(jcur *c, jbuf *out) {
  uint32_t cp;
  if (!jc_hex4(c, &cp) || (cp >= 0xDC00 && cp <= 0xDFFF)) {
    return false; /* a low surrogate must follow a high one */
  }
  if (cp >= 0xD800 && cp <= 0xDBFF) {
    uint32_t low;
    if (c->end - c->p < 2 || c->p[0] != '\\' || c->p[1] != 'u') {
      return false;
    }
    c->p += 2;
    if (!jc_hex4(c, &low) || low < 0xDC00 || low > 0xDFFF) {
      return false;
    }
    cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
  }
  if (out != NULL) {
    jbuf_put_utf8(out, cp);
  }
  return true;
}

/*
 * Reads a string literal, appending its decoded bytes to out (NULL to only
 * skip it). False if there is no well-formed string at the cursor.
 */
static inline bool jc_string(jcur *c, jbuf *out) {
  if (!jc_eat(c, '"')) {
    return false;
  }
  while (c->p < c->end) {
    const uint8_t *run = c->p;
    while (c->p < c->end && json_plain_byte(*c->p)) {
      c->p++;
    }
    if (out != NULL) {
      jbuf_put(out, run, (size_t)(c->p - run)); /* copied a run at a time */
    }
    if (c->p >= c->end) {
      break;
    }
    uint8_t ch = *c->p++;
    if (ch == '"') {
      return true;
    }
    if (ch != '\\') {
      return false; /* control characters must be escaped */
    }
    if (c->p >= c->end) {
      return false;
    }
    uint8_t e = *c->p++;
    uint8_t decoded;
    switch (e) {
      case '"':
      case '\\':
      case '/':
        decoded = e;
        break;
      case 'b':
        decoded = '\b';
        break;
      case 'f':
        decoded = '\f';
        break;
      case 'n':
        decoded = '\n';
        break;
      case 'r':
        decoded = '\r';
        break;
      case 't':
        decoded = '\t';
        break;
      case 'u':
        if (!jc_unicode_escape(c, out)) {
          return false;
        }
        continue;
      default:
        return false;
    }
    if (out != NULL) {
      jbuf_putc(out, decoded);
    }
  }
  return false; /* unterminated */
}

static inline bool jc_digits(jcur *c) {
  const uint8_t *start = c->p;
  while (c->p < c->end && *c->p >= '0' && *c->p <= '9') {
    c->p++;
  }
  return c->p > start;
}

/* -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static inline bool jc_number(jcur *c) {
  if (c->p < c->end && *c->p == '-') {
    c->p++;
  }
  if (c->p < c->end && *c->p == '0') {
    c->p++;
  } else if (!jc_digits(c)) {
    return false;
  }
  if (c->p < c->end && *c->p == '.') {
    c->p++;
    if (!jc_digits(c)) {
      return false;
    }
  }
  if (c->p < c->end && (*c->p == 'e' || *c->p == 'E')) {
    c->p++;
    if (c->p < c->end && (*c->p == '+' || *c->p == '-')) {
      c->p++;
    }
    if (!jc_digits(c)) {
      return false;
    }
  }
  return true;
}

static inline bool jc_word(jcur *c, const char *word) {
  size_t n = strlen(word);
  if ((size_t)(c->end - c->p) < n || memcmp(c->p, word, n) != 0) {
    return false;
  }
  c->p += n;
  return true;
}

/* Skips one value of any kind, checking it is well-formed. */
static inline bool jc_skip(jcur *c, int depth) {
  jc_ws(c);
  if (c->p >= c->end) {
    return false;
  }
  uint8_t open = *c->p;
  if (open == '"') {
    return jc_string(c, NULL);
  }
  if (open != '{' && open != '[') {
    return jc_word(c, "true") || jc_word(c, "false") || jc_word(c, "null") ||
           jc_number(c);
  }
  if (depth >= JSON_MAX_DEPTH) {
    return false;
  }
  uint8_t close = open == '{' ? '}' : ']';
  c->p++;
  if (jc_eat(c, close)) {
    return true;
  }
  do {
    if (open == '{' && (!jc_string(c, NULL) || !jc_eat(c, ':'))) {
      return false;
    }
    if (!jc_skip(c, depth + 1)) {
      return false;
    }
  } while (jc_eat(c, ','));
  return jc_eat(c, close);
}

/* Skips whitespace; whether the text ends there. */
static inline bool jc_at_end(jcur *c) {
  jc_ws(c);
  return c->p == c->end;
}

enum jc_step { JC_MEMBER, JC_DONE, JC_BAD };

/*
 * Steps through the members of an object in one pass. After jc_eat(c, '{'),
 * call it with *first true, then again after consuming each member's value:
 *   JC_MEMBER  the member's decoded name is in key, the cursor at its value;
 *   JC_DONE    the closing brace was read;
 *   JC_BAD     the text is malformed here.
 */
static inline enum jc_step jc_next_member(jcur *c, jbuf *key, bool *first) {
  if (jc_eat(c, '}')) {
    return JC_DONE;
  }
  if (!*first && !jc_eat(c, ',')) {
    return JC_BAD;
  }
  *first = false;
  key->len = 0;
  if (!jc_string(c, key) || key->failed || !jc_eat(c, ':')) {
    return JC_BAD;
  }
  jc_ws(c);
  return JC_MEMBER;
}

/* Whether a decoded member name is name. */
static inline bool jbuf_is(const jbuf *key, const char *name) {
  size_t n = strlen(name);
  return key->len == n && (n == 0 || memcmp(key->data, name, n) == 0);
}

#endif /* AIRLOCK_JSON_H */
