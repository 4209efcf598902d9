/*
 * extism-echo: the Extism-ABI twin of `echo`, for benchmarks that compare the
 * two ABIs and Airlock with the Extism SDK. Export `echo` sets its input as
 * its output (empty input gives empty output); it reads the input and writes
 * the output through the host 8 bytes at a time, as Extism's plugin kits do.
 */
#include "airlock_extism.h"

AX_EXPORT("echo")
int32_t echo(void) {
  size_t len;
  char *in = ax_input(&len);
  if (in == NULL) {
    ax_error("out of memory");
    return 1;
  }
  ax_output(in, len);
  free(in);
  return 0;
}
