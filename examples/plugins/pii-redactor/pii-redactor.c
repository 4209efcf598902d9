/*
 * pii-redactor: hook `post_query` masks personal data in result rows.
 *
 * Input:  {"query":"...","columns":["email","card"],
 *          "rows":[["alice@example.com","4111 1111 1111 1111",42]]}
 * Output: {"action":"rewrite","rows":[["a***@example.com",
 *          "**** **** **** 1111",42]]}: every row, in order, when some string
 *         cell changed; nothing ("continue") when none did or the input is
 *         not the expected JSON.
 *
 * In string cells (anywhere in the text, not only whole cells):
 *   - an e-mail address keeps the first character of its local part and its
 *     domain: alice@example.com -> a***@example.com;
 *   - a card number, 13 to 19 digits with single spaces or dashes between
 *     them and a valid Luhn check digit, keeps its last four digits:
 *     4111-1111-1111-1111 -> **** **** **** 1111.
 * Numbers, booleans, null and nested values are copied as they are.
 */
#include <ctype.h>

#include "airlock_json.h"
#include "airlock_raw.h"

static bool is_local_byte(uint8_t c) {
  return isalnum(c) || c == '.' || c == '_' || c == '%' || c == '+' ||
         c == '-';
}

static bool is_domain_byte(uint8_t c) {
  return isalnum(c) || c == '.' || c == '-';
}

/*
 * Length of the domain at the start of s: labels of letters, digits and
 * dashes joined by single dots, at least two labels, the last of two or more
 * letters. 0 if there is none.
 */
static size_t domain_length(const uint8_t *s, size_t n) {
  size_t end = 0;
  while (end < n && is_domain_byte(s[end])) {
    end++;
  }
  while (end > 0 && (s[end - 1] == '.' || s[end - 1] == '-')) {
    end--; /* sentence punctuation after an address */
  }
  if (end == 0 || !isalnum(s[0])) {
    return 0;
  }
  size_t tld = end;
  while (tld > 0 && s[tld - 1] != '.') {
    tld--;
  }
  if (tld == 0 || end - tld < 2) {
    return 0;
  }
  for (size_t i = tld; i < end; i++) {
    if (!isalpha(s[i])) {
      return 0;
    }
  }
  for (size_t i = 1; i < end; i++) {
    if (s[i] == '.' && s[i - 1] == '.') {
      return 0;
    }
  }
  return end;
}

/* Copies s to out with e-mail addresses masked; whether any was. */
static bool mask_emails(const uint8_t *s, size_t n, jbuf *out) {
  size_t copied = 0;
  bool changed = false;
  for (size_t at = 0; at < n; at++) {
    if (s[at] != '@') {
      continue;
    }
    size_t start = at;
    while (start > copied && is_local_byte(s[start - 1])) {
      start--;
    }
    size_t domain = domain_length(s + at + 1, n - at - 1);
    if (start == at || domain == 0) {
      continue; /* also skips an already masked a***@ */
    }
    jbuf_put(out, s + copied, start + 1 - copied);
    jbuf_puts(out, "***@");
    jbuf_put(out, s + at + 1, domain);
    copied = at + 1 + domain;
    at = copied - 1;
    changed = true;
  }
  jbuf_put(out, s + copied, n - copied);
  return changed;
}

/* The Luhn check: doubling every second digit from the right. */
static bool luhn_valid(const uint8_t *digits, size_t n) {
  unsigned sum = 0;
  for (size_t i = 0; i < n; i++) {
    unsigned d = digits[n - 1 - i] - '0';
    if (i % 2 == 1) {
      d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    }
    sum += d;
  }
  return sum % 10 == 0;
}

/* Copies s to out with card numbers masked; whether any was. */
static bool mask_cards(const uint8_t *s, size_t n, jbuf *out) {
  size_t copied = 0;
  bool changed = false;
  size_t i = 0;
  while (i < n) {
    if (!isdigit(s[i])) {
      i++;
      continue;
    }
    /* The whole run of digits and single separators starting here. */
    uint8_t digits[19];
    size_t count = 0;
    size_t end = i;
    while (end < n) {
      if (isdigit(s[end])) {
        if (count < sizeof digits) {
          digits[count] = s[end];
        }
        count++;
        end++;
      } else if ((s[end] == ' ' || s[end] == '-') && end + 1 < n &&
                 isdigit(s[end + 1])) {
        end++;
      } else {
        break;
      }
    }
    if (count >= 13 && count <= 19 && luhn_valid(digits, count)) {
      jbuf_put(out, s + copied, i - copied);
      jbuf_puts(out, "**** **** **** ");
      jbuf_put(out, digits + count - 4, 4);
      copied = end;
      changed = true;
    }
    i = end;
  }
  jbuf_put(out, s + copied, n - copied);
  return changed;
}

/* Scratch buffers reused for every cell. */
typedef struct {
  jbuf text;
  jbuf emails_masked;
  jbuf masked;
} scratch;

/* Reads one string cell and appends it, masked, to out; false if malformed. */
static bool redact_cell(jcur *c, scratch *s, jbuf *out, bool *changed) {
  s->text.len = 0;
  s->emails_masked.len = 0;
  s->masked.len = 0;
  if (!jc_string(c, &s->text)) {
    return false;
  }
  if (s->text.len == 0) {
    jbuf_puts(out, "\"\"");
    return true;
  }
  jbuf *mid = &s->emails_masked;
  *changed |= mask_emails(s->text.data, s->text.len, mid);
  *changed |= mask_cards(mid->data, mid->len, &s->masked);
  jbuf_put_json_string(out, s->masked.data, s->masked.len);
  return true;
}

/* Appends one row (depth 2 of the payload) to out; false if malformed. */
static bool redact_row(jcur *c, scratch *s, jbuf *out, bool *changed) {
  if (!jc_eat(c, '[')) {
    return false;
  }
  jbuf_putc(out, '[');
  if (!jc_eat(c, ']')) {
    bool first = true;
    do {
      if (!first) {
        jbuf_putc(out, ',');
      }
      first = false;
      if (jc_peek(c, '"')) {
        if (!redact_cell(c, s, out, changed)) {
          return false;
        }
      } else {
        const uint8_t *start = c->p;
        if (!jc_skip(c, 3)) {
          return false;
        }
        jbuf_put(out, start, (size_t)(c->p - start)); /* as it was */
      }
    } while (jc_eat(c, ','));
    if (!jc_eat(c, ']')) {
      return false;
    }
  }
  jbuf_putc(out, ']');
  return true;
}

/* Appends the "rows" array, redacted, to out; false if malformed. */
static bool redact_rows(jcur *c, scratch *s, jbuf *out, bool *changed) {
  if (!jc_eat(c, '[')) {
    return false;
  }
  jbuf_putc(out, '[');
  if (!jc_eat(c, ']')) {
    bool first = true;
    do {
      if (!first) {
        jbuf_putc(out, ',');
      }
      first = false;
      if (!redact_row(c, s, out, changed)) {
        return false;
      }
    } while (jc_eat(c, ','));
    if (!jc_eat(c, ']')) {
      return false;
    }
  }
  jbuf_putc(out, ']');
  return true;
}

AIRLOCK_HOOK("post_query")
uint64_t post_query(const uint8_t *in, uint32_t len) {
  /* One pass: the payload is checked while the rows are rewritten. */
  jcur c = {in, in + len};
  jbuf key = {0};
  jbuf out = {0};
  scratch s = {0};
  bool changed = false;
  bool have_rows = false;
  bool ok = jc_eat(&c, '{');
  bool first = true;
  jbuf_puts(&out, "{\"action\":\"rewrite\",\"rows\":");
  while (ok) {
    enum jc_step step = jc_next_member(&c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE && jc_at_end(&c);
      break;
    }
    if (jbuf_is(&key, "rows") && !have_rows) {
      have_rows = true;
      ok = redact_rows(&c, &s, &out, &changed);
    } else {
      ok = jc_skip(&c, 1);
    }
  }
  jbuf_putc(&out, '}');
  ok = ok && have_rows && !out.failed && !s.text.failed &&
       !s.emails_masked.failed && !s.masked.failed && out.len <= UINT32_MAX;
  jbuf_free(&key);
  jbuf_free(&s.text);
  jbuf_free(&s.emails_masked);
  jbuf_free(&s.masked);
  if (!ok || !changed) {
    jbuf_free(&out);
    return 0;
  }
  return airlock_return(out.data, (uint32_t)out.len);
}
