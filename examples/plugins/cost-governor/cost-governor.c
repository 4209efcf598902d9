/*
 * cost-governor: hook `pre_query` blocks queries that may read too much.
 *
 * Input:  {"query":"SELECT * FROM users","tables":["users"],"read_only":true}
 * Output: {"action":"block","reason":"..."}, or nothing ("continue") when
 *         1. the query is a SELECT (or, when read_only, a WITH) with `*` in
 *            its select list and one of its tables is listed in the config
 *            key `star_blocked_tables` (comma-separated), or
 *         2. the query is such a statement without a LIMIT clause at its top
 *            level (a LIMIT inside a subquery does not bound the result).
 * The SQL is scanned, not parsed: string literals, quoted identifiers,
 * dollar-quoted bodies and comments are skipped, so the word limit inside
 * them does not count. Input that is not the expected JSON is let through:
 * the proxy, not this plugin, decides what a malformed request means.
 */
#include <ctype.h>

#include "airlock_json.h"
#include "airlock_raw.h"

/* The SQL tokens the rules look at; everything else is TOK_OTHER. */
enum tok {
  TOK_END,
  TOK_WORD,
  TOK_STAR,
  TOK_COMMA,
  TOK_DOT,
  TOK_OPEN,
  TOK_CLOSE,
  TOK_OTHER
};

typedef struct {
  const uint8_t *p;
  const uint8_t *end;
  const uint8_t *word; /* the last TOK_WORD */
  size_t word_len;
} lexer;

/* ASCII only, and inline: wasi-libc's isalnum is a call per byte. */
static bool is_alnum(uint8_t c) { return isalpha(c) || isdigit(c); }

static bool is_word_byte(uint8_t c) {
  return is_alnum(c) || c == '_' || c == '$' || c >= 0x80;
}

/* Where the next byte c is, or end. memchr reads a word at a time. */
static const uint8_t *find(const uint8_t *p, const uint8_t *end, uint8_t c) {
  const uint8_t *at = memchr(p, c, (size_t)(end - p));
  return at != NULL ? at : end;
}

/* Skips a literal quoted with q, where a doubled q stands for itself. */
static void skip_quoted(lexer *lx, uint8_t q) {
  lx->p++;
  do {
    lx->p = find(lx->p, lx->end, q);
    lx->p = lx->p < lx->end ? lx->p + 1 : lx->end;
  } while (lx->p < lx->end && *lx->p == q && ++lx->p < lx->end);
}

/* Skips a PostgreSQL $tag$...$tag$ body; false if lx->p starts none. */
static bool skip_dollar_quoted(lexer *lx) {
  const uint8_t *tag = lx->p;
  const uint8_t *q = tag + 1;
  while (q < lx->end && (is_alnum(*q) || *q == '_')) {
    q++;
  }
  if (q >= lx->end || *q != '$' || (q > tag + 1 && isdigit(tag[1]))) {
    return false; /* $1 is a parameter, not a tag */
  }
  size_t tag_len = (size_t)(q - tag) + 1;
  const uint8_t *s = q + 1;
  for (;;) {
    s = find(s, lx->end, '$');
    if ((size_t)(lx->end - s) < tag_len) {
      break;
    }
    if (memcmp(s, tag, tag_len) == 0) {
      lx->p = s + tag_len;
      return true;
    }
    s++;
  }
  lx->p = lx->end; /* unterminated: the rest is the body */
  return true;
}

static enum tok next_token(lexer *lx) {
  for (;;) {
    while (lx->p < lx->end && isspace(*lx->p)) {
      lx->p++;
    }
    if (lx->p >= lx->end) {
      return TOK_END;
    }
    uint8_t c = *lx->p;
    uint8_t c2 = lx->p + 1 < lx->end ? lx->p[1] : 0;
    if (c == '-' && c2 == '-') {
      lx->p = find(lx->p, lx->end, '\n');
    } else if (c == '/' && c2 == '*') {
      lx->p += 2;
      for (;;) {
        lx->p = find(lx->p, lx->end, '*');
        if (lx->end - lx->p < 2) {
          lx->p = lx->end; /* unterminated: the rest is comment */
          break;
        }
        lx->p++;
        if (*lx->p == '/') {
          lx->p++;
          break;
        }
      }
    } else if (c == '\'' || c == '"' || c == '`') {
      skip_quoted(lx, c); /* a literal or a quoted identifier */
      return TOK_OTHER;
    } else if (c == '$' && skip_dollar_quoted(lx)) {
      return TOK_OTHER;
    } else if (isalpha(c) || c == '_' || c >= 0x80) {
      lx->word = lx->p;
      while (lx->p < lx->end && is_word_byte(*lx->p)) {
        lx->p++;
      }
      lx->word_len = (size_t)(lx->p - lx->word);
      return TOK_WORD;
    } else if (isdigit(c)) {
      while (lx->p < lx->end && (is_alnum(*lx->p) || *lx->p == '.')) {
        lx->p++;
      }
      return TOK_OTHER;
    } else {
      lx->p++;
      switch (c) {
        case '*':
          return TOK_STAR;
        case ',':
          return TOK_COMMA;
        case '.':
          return TOK_DOT;
        case '(':
          return TOK_OPEN;
        case ')':
          return TOK_CLOSE;
        default:
          return TOK_OTHER;
      }
    }
  }
}

static uint8_t ascii_lower(uint8_t c) {
  return c >= 'A' && c <= 'Z' ? (uint8_t)(c - 'A' + 'a') : c;
}

static bool same_ci(const uint8_t *a, size_t a_len, const uint8_t *b,
                    size_t b_len) {
  if (a_len != b_len) {
    return false;
  }
  for (size_t i = 0; i < a_len; i++) {
    if (ascii_lower(a[i]) != ascii_lower(b[i])) {
      return false;
    }
  }
  return true;
}

/* The keywords the rules look at. */
enum keyword {
  KW_NONE,
  KW_SELECT,
  KW_FROM,
  KW_LIMIT,
  KW_DISTINCT,
  KW_ALL,
  KW_WITH
};

static bool word_equals(const lexer *lx, const char *keyword, size_t len) {
  return same_ci(lx->word, lx->word_len, (const uint8_t *)keyword, len);
}

/* Called for every token, so it looks at the length first. */
static enum keyword keyword_of(const lexer *lx, enum tok t) {
  if (t != TOK_WORD) {
    return KW_NONE;
  }
  switch (lx->word_len) {
    case 3:
      return word_equals(lx, "all", 3) ? KW_ALL : KW_NONE;
    case 4:
      return word_equals(lx, "from", 4)   ? KW_FROM
             : word_equals(lx, "with", 4) ? KW_WITH
                                          : KW_NONE;
    case 5:
      return word_equals(lx, "limit", 5) ? KW_LIMIT : KW_NONE;
    case 6:
      return word_equals(lx, "select", 6) ? KW_SELECT : KW_NONE;
    case 8:
      return word_equals(lx, "distinct", 8) ? KW_DISTINCT : KW_NONE;
    default:
      return KW_NONE;
  }
}

typedef struct {
  bool judged;    /* a statement these rules apply to */
  bool limited;   /* has a LIMIT at its top level */
  bool star;      /* has `*` or `t.*` in a select list */
} shape;

/* Select lists are tracked per nesting level, up to this depth. */
#define MAX_NESTING 64

static shape scan(const uint8_t *sql, size_t len, bool read_only) {
  shape s = {0};
  lexer lx = {sql, sql + len, NULL, 0};
  enum tok t = next_token(&lx);
  int top = 0; /* parentheses around the whole statement */
  while (t == TOK_OPEN) {
    top++;
    t = next_token(&lx);
  }
  enum keyword kw = keyword_of(&lx, t);
  s.judged = kw == KW_SELECT || (read_only && kw == KW_WITH);
  bool in_list[MAX_NESTING] = {false}; /* between SELECT and FROM, per level */
  int depth = top;
  bool star_may_follow = false; /* after SELECT, DISTINCT, ALL, `,` or `.` */
  for (; t != TOK_END; t = next_token(&lx), kw = keyword_of(&lx, t)) {
    bool tracked = depth >= 0 && depth < MAX_NESTING;
    if (t == TOK_OPEN) {
      depth++;
      if (depth >= 0 && depth < MAX_NESTING) {
        in_list[depth] = false;
      }
    } else if (t == TOK_CLOSE) {
      depth--;
    } else if (kw == KW_LIMIT && depth <= top) {
      s.limited = true;
    } else if (kw == KW_SELECT && tracked) {
      in_list[depth] = true;
    } else if (kw == KW_FROM && tracked) {
      in_list[depth] = false;
    } else if (t == TOK_STAR && tracked && in_list[depth] && star_may_follow) {
      s.star = true; /* `*` or `t.*`; not count(*), not a * b */
    }
    star_may_follow = kw == KW_SELECT || kw == KW_DISTINCT || kw == KW_ALL ||
                      t == TOK_COMMA || t == TOK_DOT;
  }
  return s;
}

/* Whether a config entry names table, bare or schema-qualified. */
static bool names_table(const uint8_t *entry, size_t entry_len,
                        const uint8_t *table, size_t table_len) {
  const uint8_t *dot = memchr(table, '.', table_len);
  const uint8_t *bare = table;
  while (dot != NULL) { /* the part after the last dot */
    bare = dot + 1;
    dot = memchr(bare, '.', table_len - (size_t)(bare - table));
  }
  size_t bare_len = table_len - (size_t)(bare - table);
  return entry_len != 0 && (same_ci(entry, entry_len, table, table_len) ||
                            same_ci(entry, entry_len, bare, bare_len));
}

/* Whether the comma-separated list holds an entry naming table. */
static bool listed(const char *list, const uint8_t *table, size_t table_len) {
  const char *p = list;
  while (*p != '\0') {
    const char *end = p;
    while (*end != '\0' && *end != ',') {
      end++;
    }
    const char *a = p;
    const char *b = end;
    while (a < b && isspace((uint8_t)*a)) {
      a++;
    }
    while (b > a && isspace((uint8_t)b[-1])) {
      b--;
    }
    if (names_table((const uint8_t *)a, (size_t)(b - a), table, table_len)) {
      return true;
    }
    p = *end == ',' ? end + 1 : end;
  }
  return false;
}

/*
 * With the cursor at the payload's "tables" array, puts the first table the
 * config lists in table; whether there was one.
 */
static bool blocked_star_table(jcur tables, jbuf *table) {
  char *list = airlock_config_dup("star_blocked_tables", 64 * 1024, NULL);
  if (list == NULL) {
    return false;
  }
  bool found = false;
  if (jc_eat(&tables, '[') && !jc_eat(&tables, ']')) {
    do {
      table->len = 0;
      if (!jc_string(&tables, table) || table->failed) {
        break;
      }
      found = listed(list, table->data, table->len);
    } while (!found && jc_eat(&tables, ','));
  }
  free(list);
  return found;
}

/* The fields of a pre_query payload the rules use. */
typedef struct {
  jbuf query;
  bool read_only;
  jcur tables; /* at the "tables" value; p is NULL when there is none */
} payload;

/* Reads the payload in one pass; false if it is not a well-formed object. */
static bool read_payload(const uint8_t *in, uint32_t len, payload *out) {
  jcur c = {in, in + len};
  jbuf key = {0};
  bool have_query = false;
  bool ok = jc_eat(&c, '{');
  bool first = true;
  while (ok) {
    enum jc_step step = jc_next_member(&c, &key, &first);
    if (step != JC_MEMBER) {
      ok = step == JC_DONE && jc_at_end(&c);
      break;
    }
    if (jbuf_is(&key, "query") && !have_query && jc_peek(&c, '"')) {
      have_query = true;
      ok = jc_string(&c, &out->query) && !out->query.failed;
      continue;
    }
    if (jbuf_is(&key, "read_only")) {
      out->read_only = jc_peek(&c, 't');
    } else if (jbuf_is(&key, "tables") && out->tables.p == NULL) {
      out->tables = c;
    }
    ok = jc_skip(&c, 1);
  }
  jbuf_free(&key);
  return ok && have_query;
}

static uint64_t block(const char *before, const jbuf *name, const char *after) {
  jbuf msg = {0};
  jbuf out = {0};
  jbuf_puts(&msg, before);
  if (name != NULL) {
    jbuf_put(&msg, name->data, name->len);
  }
  jbuf_puts(&msg, after);
  jbuf_puts(&out, "{\"action\":\"block\",\"reason\":");
  jbuf_put_json_string(&out, msg.data, msg.len);
  jbuf_putc(&out, '}');
  bool failed = msg.failed || out.failed;
  jbuf_free(&msg);
  if (failed) {
    jbuf_free(&out);
    return 0;
  }
  return airlock_return(out.data, (uint32_t)out.len);
}

AIRLOCK_HOOK("pre_query")
uint64_t pre_query(const uint8_t *in, uint32_t len) {
  payload p = {0};
  bool ok = read_payload(in, len, &p);
  shape s = {0};
  if (ok && p.query.len != 0) {
    s = scan(p.query.data, p.query.len, p.read_only);
  }
  jbuf_free(&p.query);
  if (!ok || !s.judged) {
    return 0; /* malformed input or another statement: let the proxy decide */
  }
  /* Checked first: adding a LIMIT would not make this one acceptable. */
  if (s.star && p.tables.p != NULL) {
    jbuf table = {0};
    uint64_t result = 0;
    if (blocked_star_table(p.tables, &table)) {
      result = block("SELECT * on table ", &table,
                     " is not allowed: name the columns");
    }
    jbuf_free(&table);
    if (result != 0) {
      return result;
    }
  }
  if (!s.limited) {
    return block("SELECT without LIMIT: add a LIMIT clause", NULL, "");
  }
  return 0;
}
