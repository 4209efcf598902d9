/*
 * greeter: an Extism-ABI plugin that uses config, vars and logging.
 *
 * greet: input "Ada", config greeting="Hi" -> output "Hi, Ada! (call 1)";
 *        the greeting defaults to "Hello". Each call adds one to the var
 *        `count` (decimal text) and logs "greet call N" at info.
 * fail:  sets the error "deliberate failure" and returns 1.
 */
#include "airlock_extism.h"

/* A longer configured greeting is ignored: the default is used instead. */
#define MAX_GREETING 256

/* Writes v in decimal at out (20 bytes suffice); returns the length. */
static size_t format_u64(uint64_t v, char *out) {
  char digits[20];
  size_t n = 0;
  do {
    digits[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v != 0);
  for (size_t i = 0; i < n; i++) {
    out[i] = digits[n - 1 - i];
  }
  return n;
}

/* The var `count` plus one, stored back; a missing or garbled var is 0. */
static uint64_t next_count(void) {
  char text[20];
  int64_t n = ax_var_get("count", text, sizeof text);
  uint64_t count = 0;
  for (int64_t i = 0; i < n; i++) {
    if (text[i] < '0' || text[i] > '9' || count > (UINT64_MAX - 9) / 10) {
      count = 0;
      break;
    }
    count = count * 10 + (uint64_t)(text[i] - '0');
  }
  count++;
  size_t len = format_u64(count, text);
  ax_var_set("count", text, len);
  return count;
}

AX_EXPORT("greet")
int32_t greet(void) {
  char greeting[MAX_GREETING];
  int64_t greeting_len = ax_config_get("greeting", greeting, sizeof greeting);
  if (greeting_len < 0) {
    greeting_len = 5;
    memcpy(greeting, "Hello", 5);
  }

  char number[20];
  size_t number_len = format_u64(next_count(), number);

  char line[32] = "greet call ";
  memcpy(line + 11, number, number_len);
  line[11 + number_len] = '\0';
  ax_log(AX_INFO, line);

  size_t name_len;
  char *name = ax_input(&name_len);
  size_t out_len = (size_t)greeting_len + 2 + name_len + 8 + number_len + 1;
  char *out = name == NULL ? NULL : malloc(out_len);
  if (out == NULL) {
    free(name);
    ax_error("out of memory");
    return 1;
  }
  /* "<greeting>, <name>! (call N)" */
  char *p = out;
  memcpy(p, greeting, (size_t)greeting_len);
  p += greeting_len;
  memcpy(p, ", ", 2);
  p += 2;
  memcpy(p, name, name_len);
  p += name_len;
  memcpy(p, "! (call ", 8);
  p += 8;
  memcpy(p, number, number_len);
  p += number_len;
  *p = ')';
  ax_output(out, out_len);
  free(out);
  free(name);
  return 0;
}

AX_EXPORT("fail")
int32_t fail(void) {
  ax_error("deliberate failure");
  return 1;
}
