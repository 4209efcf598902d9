/*
 * airlock_raw.h: the raw plugin ABI (docs/abi.md, "raw") for C plugins.
 *
 * Include it in exactly one translation unit of a plugin: besides the host
 * imports it defines the exported `alloc` and `dealloc` the host needs.
 *
 * A hook is an exported function taking the input's address and length and
 * returning the output packed as (out_ptr << 32) | out_len, or 0 for no output
 * ("continue"). The host frees both the input and the output with `dealloc`
 * after the call, so a hook must never return its input buffer itself: return
 * a fresh copy (airlock_return_copy) or a buffer of its own (airlock_return).
 *
 *   AIRLOCK_HOOK("echo")
 *   uint64_t echo(const uint8_t *in, uint32_t len) {
 *     return airlock_return_copy(in, len);
 *   }
 */
#ifndef AIRLOCK_RAW_H
#define AIRLOCK_RAW_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define AIRLOCK_EXPORT(name) __attribute__((export_name(name)))
#define AIRLOCK_HOOK(name) AIRLOCK_EXPORT(name)
#define AIRLOCK_IMPORT(name) \
  __attribute__((import_module("env"), import_name(name)))

/* Results of kv_get and config_get besides a length. */
#define AIRLOCK_MISSING (-1)
#define AIRLOCK_TOO_LONG (-2)

/* Levels for airlock_log. */
enum airlock_level {
  AIRLOCK_TRACE = 0,
  AIRLOCK_DEBUG = 1,
  AIRLOCK_INFO = 2,
  AIRLOCK_WARN = 3,
  AIRLOCK_ERROR = 4,
};

/*
 * Host imports, module "env". The linker imports only those a plugin calls,
 * so declaring all of them here costs nothing.
 */

/* Value length; AIRLOCK_MISSING; AIRLOCK_TOO_LONG (nothing written). */
AIRLOCK_IMPORT("kv_get")
int32_t airlock_kv_get(const void *key, uint32_t key_len, void *out,
                       uint32_t out_max);

/* 0 stored; -1 refused by the host's caps. */
AIRLOCK_IMPORT("kv_set")
int32_t airlock_kv_set(const void *key, uint32_t key_len, const void *val,
                       uint32_t val_len);

/* 0 deleted; -1 missing. */
AIRLOCK_IMPORT("kv_delete")
int32_t airlock_kv_delete(const void *key, uint32_t key_len);

/* Writes 64 lowercase hex digits at out (no terminator); returns 64. */
AIRLOCK_IMPORT("sha256_hex")
int32_t airlock_sha256_hex(const void *in, uint32_t in_len, char *out);

AIRLOCK_IMPORT("log")
void airlock_log(int32_t level, const void *msg, uint32_t msg_len);

/* Same results as airlock_kv_get. */
AIRLOCK_IMPORT("config_get")
int32_t airlock_config_get(const void *key, uint32_t key_len, void *out,
                           uint32_t out_max);

/* Memory the host writes inputs into and frees outputs from. */

AIRLOCK_EXPORT("alloc")
void *airlock_alloc(uint32_t size) {
  /* malloc(0) may return NULL, which the host would take for failure. */
  return malloc(size == 0 ? 1 : size);
}

AIRLOCK_EXPORT("dealloc")
void airlock_dealloc(void *ptr, uint32_t size) {
  (void)size; /* malloc remembers sizes itself */
  free(ptr);
}

/* Output helpers. */

/*
 * Packs a buffer from malloc as a hook result; the host frees it. An empty
 * or NULL buffer is freed here and gives no output.
 */
static inline uint64_t airlock_return(void *buf, uint32_t len) {
  if (buf == NULL || len == 0) {
    free(buf);
    return 0;
  }
  return ((uint64_t)(uintptr_t)buf << 32) | len;
}

/* Returns a copy of data; 0 ("continue") when it is empty or memory ran out. */
static inline uint64_t airlock_return_copy(const void *data, uint32_t len) {
  if (len == 0) {
    return 0;
  }
  void *copy = malloc(len);
  if (copy == NULL) {
    return 0;
  }
  memcpy(copy, data, len);
  return airlock_return(copy, len);
}

static inline uint64_t airlock_return_str(const char *s) {
  return airlock_return_copy(s, (uint32_t)strlen(s));
}

static inline void airlock_log_str(enum airlock_level level, const char *s) {
  airlock_log(level, s, (uint32_t)strlen(s));
}

/*
 * The configuration value for key as a NUL-terminated string from malloc
 * (free it), its length in *len unless len is NULL; NULL when missing, too
 * long (over max_len bytes) or out of memory. The host does not say how long a value is, so
 * this asks again with a larger buffer while the answer is "too long".
 */
static inline char *airlock_config_dup(const char *key, uint32_t max_len,
                                       uint32_t *len) {
  uint32_t key_len = (uint32_t)strlen(key);
  for (uint32_t cap = 256;; cap *= 2) {
    if (cap > max_len) {
      cap = max_len;
    }
    char *buf = malloc((size_t)cap + 1);
    if (buf == NULL) {
      return NULL;
    }
    int32_t n = airlock_config_get(key, key_len, buf, cap);
    if (n >= 0 && (uint32_t)n <= cap) {
      buf[n] = '\0';
      if (len != NULL) {
        *len = (uint32_t)n;
      }
      return buf;
    }
    free(buf);
    if (n != AIRLOCK_TOO_LONG || cap == max_len) {
      return NULL;
    }
  }
}

#endif /* AIRLOCK_RAW_H */
