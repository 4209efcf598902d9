/*
 * airlock_envelope.h: the binary envelope (docs/contracts/README.md) for hooks
 * whose input or output carries raw bytes, such as artifact data, so the
 * bytes never travel base64 inside JSON:
 *
 *   offset 0   4 bytes  magic 00 41 4C 01
 *   offset 4   4 bytes  header length H, unsigned little-endian
 *   offset 8   H bytes  header: one UTF-8 JSON object
 *   offset 8+H          payload: raw bytes to the end
 *
 * Reading checks every length against the input, so a lying header cannot
 * make a plugin read outside it. Include after airlock_raw.h and
 * airlock_json.h.
 */
#ifndef AIRLOCK_ENVELOPE_H
#define AIRLOCK_ENVELOPE_H

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "airlock_json.h"
#include "airlock_raw.h"

#define AIRLOCK_ENVELOPE_PREFIX 8u

static const uint8_t AIRLOCK_ENVELOPE_MAGIC[4] = {0x00, 'A', 'L', 0x01};

typedef struct {
  const uint8_t *header; /* JSON object text, header_len bytes */
  uint32_t header_len;
  const uint8_t *payload; /* raw bytes, payload_len bytes */
  uint32_t payload_len;
} airlock_envelope;

/* Splits an envelope; false if the magic or the header length is wrong. */
static inline bool airlock_envelope_read(const uint8_t *in, uint32_t len,
                                         airlock_envelope *out) {
  if (len < AIRLOCK_ENVELOPE_PREFIX ||
      memcmp(in, AIRLOCK_ENVELOPE_MAGIC, sizeof AIRLOCK_ENVELOPE_MAGIC) != 0) {
    return false;
  }
  uint32_t h = (uint32_t)in[4] | (uint32_t)in[5] << 8 | (uint32_t)in[6] << 16 |
               (uint32_t)in[7] << 24;
  if (h > len - AIRLOCK_ENVELOPE_PREFIX) {
    return false;
  }
  out->header = in + AIRLOCK_ENVELOPE_PREFIX;
  out->header_len = h;
  out->payload = out->header + h;
  out->payload_len = len - AIRLOCK_ENVELOPE_PREFIX - h;
  return true;
}

/*
 * Returns header and payload as an envelope output (the host frees it).
 * When memory runs out this traps rather than answer "no output": for a
 * validation hook no output means "allowed", and a trap lets the host apply
 * the hook's failure policy instead.
 */
static inline uint64_t airlock_envelope_return(const jbuf *header,
                                               const uint8_t *payload,
                                               uint32_t payload_len) {
  if (header->failed || header->len > UINT32_MAX - AIRLOCK_ENVELOPE_PREFIX ||
      payload_len > UINT32_MAX - AIRLOCK_ENVELOPE_PREFIX - header->len) {
    __builtin_trap();
  }
  uint32_t h = (uint32_t)header->len;
  uint32_t total = AIRLOCK_ENVELOPE_PREFIX + h + payload_len;
  uint8_t *out = malloc(total);
  if (out == NULL) {
    __builtin_trap();
  }
  memcpy(out, AIRLOCK_ENVELOPE_MAGIC, sizeof AIRLOCK_ENVELOPE_MAGIC);
  out[4] = (uint8_t)h;
  out[5] = (uint8_t)(h >> 8);
  out[6] = (uint8_t)(h >> 16);
  out[7] = (uint8_t)(h >> 24);
  if (h != 0) {
    memcpy(out + AIRLOCK_ENVELOPE_PREFIX, header->data, h);
  }
  if (payload_len != 0) {
    memcpy(out + AIRLOCK_ENVELOPE_PREFIX + h, payload, payload_len);
  }
  return airlock_return(out, total);
}

/*
 * Whether s is valid UTF-8 (no overlong forms, no surrogates, at most
 * U+10FFFF). Check untrusted bytes before echoing them in a JSON reply: the
 * host refuses replies that are not UTF-8.
 */
static inline bool airlock_utf8_valid(const uint8_t *s, size_t n) {
  size_t i = 0;
  while (i < n) {
    uint8_t c = s[i];
    if (c < 0x80) {
      i++;
      continue;
    }
    size_t len;
    uint32_t cp;
    uint32_t min;
    if ((c & 0xE0) == 0xC0) {
      len = 2, cp = c & 0x1Fu, min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3, cp = c & 0x0Fu, min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4, cp = c & 0x07u, min = 0x10000;
    } else {
      return false;
    }
    if (n - i < len) {
      return false;
    }
    for (size_t k = 1; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return false;
      }
      cp = cp << 6 | (s[i + k] & 0x3Fu);
    }
    if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
      return false;
    }
    i += len;
  }
  return true;
}

/* Returns a finished JSON buffer as output; traps if building it failed. */
static inline uint64_t airlock_return_jbuf(jbuf *out) {
  if (out->failed || out->len > UINT32_MAX) {
    __builtin_trap();
  }
  return airlock_return(out->data, (uint32_t)out->len);
}

/* Returns {"error":message} as plain JSON output. */
static inline uint64_t airlock_return_json_error(const char *message) {
  jbuf out = {0};
  jbuf_puts(&out, "{\"error\":");
  jbuf_put_json_string(&out, (const uint8_t *)message, strlen(message));
  jbuf_putc(&out, '}');
  return airlock_return_jbuf(&out);
}

#endif /* AIRLOCK_ENVELOPE_H */
