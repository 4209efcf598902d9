/*
 * echo: hook `echo` returns its input unchanged (a copy: the host frees the
 * input and the output separately). Empty input gives no output.
 */
#include "airlock_raw.h"

AIRLOCK_HOOK("echo")
uint64_t echo(const uint8_t *in, uint32_t len) {
  return airlock_return_copy(in, len);
}
