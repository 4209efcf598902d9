/*
 * airlock_extism.h: the Extism plugin ABI (docs/abi.md, "extism") for C
 * plugins, written for Airlock from the documented `extism:host/env` imports.
 *
 * Extism keeps inputs, outputs, config values and vars in host-side memory
 * addressed by 64-bit offsets; a plugin copies bytes in and out with the
 * load and store imports. The ax_* helpers below do that copying. An exported
 * function takes nothing and returns an i32: 0 for success, anything else
 * for failure, with the message given to ax_error.
 *
 *   AX_EXPORT("hello")
 *   int32_t hello(void) {
 *     ax_output_str("hi");
 *     return 0;
 *   }
 */
#ifndef AIRLOCK_EXTISM_H
#define AIRLOCK_EXTISM_H

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define AX_EXPORT(name) __attribute__((export_name(name)))
#define AX_IMPORT(name) \
  __attribute__((import_module("extism:host/env"), import_name(name)))

/* An offset into the host's memory; 0 means "none". */
typedef uint64_t ax_offset;

/* Imports, module "extism:host/env". Only those a plugin calls are linked. */

AX_IMPORT("input_length") uint64_t extism_input_length(void);
AX_IMPORT("input_load_u8") uint32_t extism_input_load_u8(uint64_t index);
AX_IMPORT("input_load_u64") uint64_t extism_input_load_u64(uint64_t index);

AX_IMPORT("alloc") ax_offset extism_alloc(uint64_t size);
AX_IMPORT("free") void extism_free(ax_offset block);
AX_IMPORT("length") uint64_t extism_length(ax_offset block);
AX_IMPORT("load_u8") uint32_t extism_load_u8(ax_offset at);
AX_IMPORT("load_u64") uint64_t extism_load_u64(ax_offset at);
AX_IMPORT("store_u8") void extism_store_u8(ax_offset at, uint32_t value);
AX_IMPORT("store_u64") void extism_store_u64(ax_offset at, uint64_t value);

AX_IMPORT("output_set") void extism_output_set(ax_offset block, uint64_t len);
AX_IMPORT("error_set") void extism_error_set(ax_offset message);

/* Both take a block holding the key; both return a block or 0 (missing). */
AX_IMPORT("config_get") ax_offset extism_config_get(ax_offset key);
AX_IMPORT("var_get") ax_offset extism_var_get(ax_offset key);
/* A value block of 0 deletes the var. */
AX_IMPORT("var_set") void extism_var_set(ax_offset key, ax_offset value);

AX_IMPORT("log_info") void extism_log_info(ax_offset message);
AX_IMPORT("log_debug") void extism_log_debug(ax_offset message);
AX_IMPORT("log_warn") void extism_log_warn(ax_offset message);
AX_IMPORT("log_error") void extism_log_error(ax_offset message);

/* Results of ax_config_get and ax_var_get besides a length. */
#define AX_MISSING (-1)
#define AX_TOO_LONG (-2)

/* Copying between this module's memory and the host's. */

/* Copies len bytes to a fresh host block; 0 when the host refused. */
static inline ax_offset ax_store(const void *data, uint64_t len) {
  const uint8_t *p = data;
  ax_offset block = extism_alloc(len);
  if (block == 0) {
    return 0;
  }
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t word;
    memcpy(&word, p + i, 8); /* wasm is little-endian, as Extism expects */
    extism_store_u64(block + i, word);
  }
  for (; i < len; i++) {
    extism_store_u8(block + i, p[i]);
  }
  return block;
}

/* Copies len bytes from host memory at block into out. */
static inline void ax_load(ax_offset block, void *out, uint64_t len) {
  uint8_t *p = out;
  uint64_t i = 0;
  for (; i + 8 <= len; i += 8) {
    uint64_t word = extism_load_u64(block + i);
    memcpy(p + i, &word, 8);
  }
  for (; i < len; i++) {
    p[i] = (uint8_t)extism_load_u8(block + i);
  }
}

/*
 * The call's input in a NUL-terminated buffer from malloc (free it), its
 * length in *len; NULL when out of memory.
 */
static inline char *ax_input(size_t *len) {
  uint64_t n = extism_input_length();
  if (n >= SIZE_MAX) {
    return NULL;
  }
  char *buf = malloc((size_t)n + 1);
  if (buf == NULL) {
    return NULL;
  }
  uint64_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t word = extism_input_load_u64(i);
    memcpy(buf + i, &word, 8);
  }
  for (; i < n; i++) {
    buf[i] = (char)extism_input_load_u8(i);
  }
  buf[n] = '\0';
  *len = (size_t)n;
  return buf;
}

static inline void ax_output(const void *data, size_t len) {
  ax_offset block = ax_store(data, len);
  if (block != 0) {
    extism_output_set(block, len); /* the host owns the block now */
  }
}

static inline void ax_output_str(const char *s) { ax_output(s, strlen(s)); }

/* Sets the call's error message; return non-zero from the export after it. */
static inline void ax_error(const char *message) {
  ax_offset block = ax_store(message, strlen(message));
  if (block != 0) {
    extism_error_set(block);
  }
}

/* Reads the value block a lookup returned into out; frees the block. */
static inline int64_t ax_take(ax_offset value, void *out, size_t out_max) {
  if (value == 0) {
    return AX_MISSING;
  }
  uint64_t n = extism_length(value);
  int64_t result = AX_TOO_LONG;
  if (n <= out_max) {
    ax_load(value, out, n);
    result = (int64_t)n;
  }
  extism_free(value);
  return result;
}

/*
 * Writes the configuration value for key into out (no terminator) and returns
 * its length; AX_MISSING; AX_TOO_LONG (longer than out_max, nothing written).
 */
static inline int64_t ax_config_get(const char *key, void *out,
                                    size_t out_max) {
  ax_offset k = ax_store(key, strlen(key));
  if (k == 0) {
    return AX_MISSING;
  }
  ax_offset value = extism_config_get(k);
  extism_free(k);
  return ax_take(value, out, out_max);
}

/* Like ax_config_get, for the plugin's vars. */
static inline int64_t ax_var_get(const char *key, void *out, size_t out_max) {
  ax_offset k = ax_store(key, strlen(key));
  if (k == 0) {
    return AX_MISSING;
  }
  ax_offset value = extism_var_get(k);
  extism_free(k);
  return ax_take(value, out, out_max);
}

/* Sets a var; an empty value deletes it (Extism has no empty blocks). */
static inline void ax_var_set(const char *key, const void *data, size_t len) {
  ax_offset k = ax_store(key, strlen(key));
  if (k == 0) {
    return;
  }
  ax_offset v = len == 0 ? 0 : ax_store(data, len);
  if (len == 0 || v != 0) {
    extism_var_set(k, v);
  }
  /* The host copies both; free what we allocated. */
  extism_free(k);
  if (v != 0) {
    extism_free(v);
  }
}

enum ax_level { AX_DEBUG, AX_INFO, AX_WARN, AX_ERROR };

static inline void ax_log(enum ax_level level, const char *message) {
  ax_offset block = ax_store(message, strlen(message));
  if (block == 0) {
    return;
  }
  switch (level) {
    case AX_DEBUG:
      extism_log_debug(block);
      break;
    case AX_INFO:
      extism_log_info(block);
      break;
    case AX_WARN:
      extism_log_warn(block);
      break;
    default:
      extism_log_error(block);
      break;
  }
  extism_free(block);
}

#endif /* AIRLOCK_EXTISM_H */
