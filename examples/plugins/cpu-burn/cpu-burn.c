/*
 * cpu-burn: CPU-bound raw-ABI hooks for benchmarks, each with a Java twin in
 * airlock-benchmarks doing the same arithmetic.
 *
 * fnv1a: any bytes -> their 64-bit FNV-1a hash, 8 bytes little-endian.
 * fib:   4 bytes, n little-endian -> fib(n) computed by naive recursion
 *        (fib(0) = 0, fib(1) = 1), 8 bytes little-endian; other input gives
 *        no output.
 * spin:  never returns (a runaway loop, for deadline tests); no host calls.
 */
#include "airlock_raw.h"

AIRLOCK_HOOK("fnv1a")
uint64_t fnv1a(const uint8_t *in, uint32_t len) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (uint32_t i = 0; i < len; i++) {
    h ^= in[i];
    h *= 0x100000001b3ULL;
  }
  return airlock_return_copy(&h, sizeof h);
}

/* noinline: the recursion stays a real call, as in the Java twin. */
__attribute__((noinline)) static uint64_t fib_of(uint32_t n) {
  return n < 2 ? n : fib_of(n - 1) + fib_of(n - 2);
}

AIRLOCK_HOOK("fib")
uint64_t fib(const uint8_t *in, uint32_t len) {
  if (len != 4) {
    return 0;
  }
  uint32_t n;
  memcpy(&n, in, 4);
  if (n > 90) {
    return 0;
  }
  uint64_t r = fib_of(n);
  return airlock_return_copy(&r, sizeof r);
}

/* A volatile store on every turn, so the loop cannot be optimized away. */
static volatile uint32_t turns;

AIRLOCK_HOOK("spin")
uint64_t spin(const uint8_t *in, uint32_t len) {
  (void)in;
  (void)len;
  for (;;) {
    turns++;
  }
}
