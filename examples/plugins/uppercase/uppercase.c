/*
 * uppercase: hook `uppercase` returns its input with the ASCII letters a-z
 * made upper case; every other byte, UTF-8 included, is left as it is.
 */
#include "airlock_raw.h"

AIRLOCK_HOOK("uppercase")
uint64_t uppercase(const uint8_t *in, uint32_t len) {
  if (len == 0) {
    return 0;
  }
  uint8_t *out = malloc(len);
  if (out == NULL) {
    return 0;
  }
  for (uint32_t i = 0; i < len; i++) {
    uint8_t c = in[i];
    out[i] = c >= 'a' && c <= 'z' ? (uint8_t)(c - 'a' + 'A') : c;
  }
  return airlock_return(out, len);
}
