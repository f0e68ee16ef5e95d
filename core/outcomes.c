#include "outcomes.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cJSON.h>

/* The columns of a CSV header and the fields of a JSON element, in one order; the first
 * NREQUIRED must be present. */
enum { COL_CONTRACT, COL_PERIOD, COL_METRIC, COL_VALUE, COL_NOTE, COL_SOURCE, NCOLS };
#define NREQUIRED 4
static const char *const col_names[NCOLS] = {"contract", "period", "metric",
                                             "value",    "note",   "source"};

/* A quoted field in a message shows at most this many characters: enough to recognise it,
 * escaped so that a binary or hostile field cannot garble the report. */
#define SHOW_CHARS 60
#define SHOW_MAX ((SHOW_CHARS + 3) * 4 + 8)

/* One outcome as read from either format, before it is checked. */
typedef struct Row {
    const char *f[NCOLS]; /* borrowed, NUL-terminated; NULL when the column is absent */
    int line;             /* CSV line, or the line a JSON element starts on (0 if unknown) */
    int index;            /* JSON element index; -1 for CSV */
} Row;

/* What reading one input needs; the arena and out are the caller's. */
typedef struct Reader {
    const char *name; /* file name for messages */
    const Contract *c;
    const Period *p;
    Arena *arena;
    OutcomeSet *out;
    const int *elem_lines; /* JSON: line of each element, 0 if unknown; borrowed */
    OceError *err;
} Reader;

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
}

/* Writes s into buf (SHOW_MAX bytes) quoted and escaped for a message; returns buf. */
static const char *show(const char *s, char *buf)
{
    size_t n = 0;
    buf[n++] = '"';
    for (size_t i = 0; s[i] != '\0'; i++) {
        unsigned char ch = (unsigned char)s[i];
        /* cut between UTF-8 characters, or anyway (invalid UTF-8) within three more bytes */
        if (i >= SHOW_CHARS + 3 || (i >= SHOW_CHARS && (ch & 0xC0) != 0x80)) {
            memcpy(buf + n, "...", 3);
            n += 3;
            break;
        }
        if (ch == '"' || ch == '\\')
            n += (size_t)snprintf(buf + n, SHOW_MAX - n, "\\%c", ch);
        else if (ch < 0x20 || ch == 0x7f)
            n += (size_t)snprintf(buf + n, SHOW_MAX - n, "\\x%02x", ch);
        else
            buf[n++] = (char)ch;
    }
    buf[n++] = '"';
    buf[n] = '\0';
    return buf;
}

/* Appends to a message being built in buf, keeping it NUL-terminated when it is cut. */
static void append(char *buf, size_t size, size_t *n, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void append(char *buf, size_t size, size_t *n, const char *fmt, ...)
{
    if (*n >= size)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(buf + *n, size - *n, fmt, ap);
    va_end(ap);
    *n = k < 0 ? size : *n + (size_t)k;
}

/* 1-based line of byte pos. */
static int line_of(const char *data, size_t pos)
{
    int line = 1;
    for (size_t i = 0; i < pos; i++)
        line += data[i] == '\n';
    return line;
}

static int column_index(const char *name)
{
    for (int k = 0; k < NCOLS; k++)
        if (strcmp(name, col_names[k]) == 0)
            return k;
    return -1;
}

/* Records an error about a row: a CSV row is found by its line; a JSON element also by its
 * path (outcomes[3].value), since an element spans lines. col < 0 names the whole element. */
static int row_error(Reader *r, const Row *row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int row_error(Reader *r, const Row *row, int col, const char *fmt, ...)
{
    char msg[sizeof r->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (row->index < 0)
        return error_set(r->err, OCE_EOUTCOMES, r->name, row->line, "%s", msg);
    return error_set(r->err, OCE_EOUTCOMES, r->name, row->line, "outcomes[%d]%s%s: %s", row->index,
                     col >= 0 ? "." : "", col >= 0 ? col_names[col] : "", msg);
}

/* --- Checking a row against the contract. ---------------------------------------------- */

static long metric_index(const Contract *c, const char *name)
{
    for (size_t i = 0; i < c->nmetrics; i++)
        if (strcmp(c->metrics[i].name, name) == 0)
            return (long)i;
    return -1;
}

static int unknown_metric(Reader *r, const Row *row)
{
    const Contract *c = r->c;
    const char **names = arena_alloc(r->arena, (c->nmetrics + 1) * sizeof *names);
    if (names == NULL)
        return nomem(r->err);
    for (size_t i = 0; i < c->nmetrics; i++)
        names[i] = c->metrics[i].name;
    const char *near = error_suggest(row->f[COL_METRIC], names, c->nmetrics);
    char what[SHOW_MAX], list[300];
    show(row->f[COL_METRIC], what);
    if (near != NULL)
        return row_error(r, row, COL_METRIC,
                         "unknown metric %s for contract \"%s\" (did you mean \"%s\"?)", what,
                         c->id, near);
    size_t n = 0;
    append(list, sizeof list, &n, "%s", c->nmetrics ? "it declares " : "it declares no metrics");
    for (size_t i = 0; i < c->nmetrics; i++)
        append(list, sizeof list, &n, "%s%s", i ? ", " : "", names[i]);
    return row_error(r, row, COL_METRIC, "unknown metric %s for contract \"%s\"; %s", what, c->id,
                     list);
}

static int duplicate(Reader *r, const Row *row, const MetricDecl *m, const Outcome *first)
{
    char where[64];
    int elem = first->line - 1;
    if (row->index < 0)
        snprintf(where, sizeof where, "on line %d", first->line);
    else if (r->elem_lines != NULL && r->elem_lines[elem] > 0)
        snprintf(where, sizeof where, "at outcomes[%d], line %d", elem, r->elem_lines[elem]);
    else
        snprintf(where, sizeof where, "at outcomes[%d]", elem);
    return row_error(r, row, COL_METRIC,
                     "metric \"%s\" is given twice for contract \"%s\" period %s (first %s)",
                     m->name, r->c->id, r->p->id, where);
}

/* money_parse's messages are the quoted text (perhaps cut) and then what is wrong with it ("is not
 * a decimal number (write it without an exponent)"); the reason alone follows our own quote of the
 * value. NULL when a message does not have that shape. */
static const char *money_reason(const char *msg)
{
    const char *close = msg[0] == '"' ? strchr(msg + 1, '"') : NULL;
    if (close != NULL && strncmp(close + 1, "...", 3) == 0) /* the text was cut */
        close += 3;
    return close != NULL && close[1] == ' ' && close[2] != '\0' ? close + 2 : NULL;
}

static int row_value(Reader *r, const Row *row, const MetricDecl *m, Money *v)
{
    const char *s = row->f[COL_VALUE];
    char what[SHOW_MAX];
    if (s[0] == '\0')
        return row_error(r, row, COL_VALUE,
                         "metric \"%s\": the value is empty (leave the metric out when it was "
                         "not measured)",
                         m->name);
    OceError perr;
    error_init(&perr);
    if (money_parse(s, m->is_money ? r->c->currency : NULL, v, &perr) == 0)
        return 0;
    const char *reason = money_reason(perr.message);
    if (reason != NULL)
        return row_error(r, row, COL_VALUE, "metric \"%s\": value %s %s", m->name, show(s, what),
                         reason);
    return row_error(r, row, COL_VALUE, "metric \"%s\": value %s: %s", m->name, show(s, what),
                     perr.message);
}

static int check_precision(Reader *r, const Row *row, const MetricDecl *m, Money v)
{
    int places = money_places(v);
    char what[SHOW_MAX];
    show(row->f[COL_VALUE], what);
    if (!m->is_money && money_digits(v) > METRIC_MAX_DIGITS)
        return row_error(r, row, COL_VALUE,
                         "value %s has %d significant digits; a measured value has at most %d "
                         "(amounts of money are declared with the contract currency as unit)",
                         what, money_digits(v), METRIC_MAX_DIGITS);
    if (m->precision < 0 || places <= m->precision)
        return 0;
    if (m->precision == 0)
        return row_error(r, row, COL_VALUE,
                         "value %s has %d decimal place%s; \"%s\" is measured in whole numbers",
                         what, places, places == 1 ? "" : "s", m->name);
    return row_error(r, row, COL_VALUE, "value %s has %d decimal place%s; \"%s\" is measured to %d",
                     what, places, places == 1 ? "" : "s", m->name, m->precision);
}

static int check_range(Reader *r, const Row *row, const MetricDecl *m, Money v)
{
    int lo = 0, hi = 0;
    if ((m->has_min && money_cmp(v, m->min, &lo, r->err) != 0) ||
        (m->has_max && money_cmp(v, m->max, &hi, r->err) != 0))
        return -1;
    if (lo >= 0 && hi <= 0)
        return 0;
    char what[SHOW_MAX], min[MONEY_STR_MAX], max[MONEY_STR_MAX];
    show(row->f[COL_VALUE], what);
    money_format(m->min, -1, min, sizeof min);
    money_format(m->max, -1, max, sizeof max);
    if (m->has_min && m->has_max)
        return row_error(r, row, COL_VALUE, "value %s is outside the range %s to %s of \"%s\"",
                         what, min, max, m->name);
    if (m->has_min)
        return row_error(r, row, COL_VALUE, "value %s is below the minimum %s of \"%s\"", what, min,
                         m->name);
    return row_error(r, row, COL_VALUE, "value %s is above the maximum %s of \"%s\"", what, max,
                     m->name);
}

/* An empty note or source is no note: CSV cannot tell the two apart. */
static int copy_text(Reader *r, const char *s, const char **out)
{
    *out = NULL;
    if (s == NULL || s[0] == '\0')
        return 0;
    *out = arena_strdup(r->arena, s);
    return *out != NULL ? 0 : nomem(r->err);
}

static int store(Reader *r, const Row *row, Outcome *o, Money v)
{
    o->present = true;
    o->value = v;
    o->line = row->index < 0 ? row->line : row->index + 1;
    if (copy_text(r, row->f[COL_NOTE], &o->note) != 0 ||
        copy_text(r, row->f[COL_SOURCE], &o->source) != 0)
        return -1;
    return 0;
}

/* Checks a row of the contract and period being settled and keeps its value; rows of other
 * contracts or periods belong to other settlements and are skipped unchecked. */
static int accept_row(Reader *r, const Row *row)
{
    if (strcmp(row->f[COL_CONTRACT], r->c->id) != 0 || strcmp(row->f[COL_PERIOD], r->p->id) != 0)
        return 0;
    long i = metric_index(r->c, row->f[COL_METRIC]);
    if (i < 0)
        return unknown_metric(r, row);
    const MetricDecl *m = &r->c->metrics[i];
    Outcome *o = &r->out->values[i];
    if (o->present)
        return duplicate(r, row, m, o);
    Money v;
    if (row_value(r, row, m, &v) != 0 || check_precision(r, row, m, v) != 0 ||
        check_range(r, row, m, v) != 0)
        return -1;
    return store(r, row, o, v);
}

/* Every required metric must have a value; all the missing ones are named at once. */
static int check_required(Reader *r)
{
    char list[300];
    size_t n = 0, missing = 0;
    for (size_t i = 0; i < r->c->nmetrics; i++) {
        if (!r->c->metrics[i].required || r->out->values[i].present)
            continue;
        append(list, sizeof list, &n, "%s\"%s\"", missing++ ? ", " : "", r->c->metrics[i].name);
    }
    if (missing == 0)
        return 0;
    return error_set(r->err, OCE_EOUTCOMES, r->name, 0,
                     missing == 1 ? "required metric %s has no value for contract \"%s\" in "
                                    "period %s"
                                  : "required metrics %s have no value for contract \"%s\" in "
                                    "period %s",
                     list, r->c->id, r->p->id);
}

/* --- CSV (RFC 4180). -------------------------------------------------------------------- */

/* Field offsets kept per record: a valid header or row has at most NCOLS fields, and a header
 * with more names an unknown or repeated column among its first NCOLS + 1. */
#define CSV_KEEP (NCOLS + 1)

typedef struct Csv {
    const char *p, *end;
    int line;     /* line of p */
    int rec_line; /* line the current record starts on */
    char *buf;    /* the record's fields, unquoted, each NUL-terminated; owned */
    size_t len, cap;
    size_t start[CSV_KEEP]; /* offsets of the first fields in buf */
    size_t nfields;         /* fields in the record; may exceed CSV_KEEP */
    int blank;              /* the record is an empty line */
} Csv;

static int csv_push(Csv *cs, char ch, Reader *r)
{
    if (cs->len == cs->cap) {
        size_t want = cs->cap ? cs->cap * 2 : 256;
        char *p = want > cs->cap ? realloc(cs->buf, want) : NULL;
        if (p == NULL)
            return nomem(r->err);
        cs->buf = p;
        cs->cap = want;
    }
    cs->buf[cs->len++] = ch;
    return 0;
}

/* A CR ends a line only before an LF or at the end of the input; elsewhere it is data. */
static int csv_at_field_end(const Csv *cs)
{
    const char *p = cs->p;
    return p >= cs->end || *p == ',' || *p == '\n' ||
           (*p == '\r' && (p + 1 == cs->end || p[1] == '\n'));
}

static int csv_quoted(Csv *cs, Reader *r)
{
    int opened = cs->line;
    cs->p++; /* the opening quote */
    for (;;) {
        if (cs->p >= cs->end)
            return error_set(r->err, OCE_EOUTCOMES, r->name, opened,
                             "a quoted field is not closed before the end of the file");
        char ch = *cs->p++;
        if (ch == '"' && (cs->p >= cs->end || *cs->p != '"')) {
            if (csv_at_field_end(cs))
                return 0;
            return error_set(r->err, OCE_EOUTCOMES, r->name, cs->line,
                             "text after the closing quote of a field; a quote inside a "
                             "quoted field is written twice (\"\")");
        }
        if (ch == '"')
            cs->p++; /* a doubled quote stands for one */
        else if (ch == '\n')
            cs->line++;
        if (csv_push(cs, ch, r) != 0)
            return -1;
    }
}

static int csv_plain(Csv *cs, Reader *r)
{
    while (!csv_at_field_end(cs)) {
        if (*cs->p == '"')
            return error_set(r->err, OCE_EOUTCOMES, r->name, cs->line,
                             "a quote inside an unquoted field; put the whole field in quotes "
                             "and write the quote twice (\"\")");
        if (csv_push(cs, *cs->p++, r) != 0)
            return -1;
    }
    return 0;
}

static int csv_field(Csv *cs, Reader *r, int *quoted)
{
    if (cs->nfields < CSV_KEEP)
        cs->start[cs->nfields] = cs->len;
    cs->nfields++;
    *quoted = cs->p < cs->end && *cs->p == '"';
    if ((*quoted ? csv_quoted(cs, r) : csv_plain(cs, r)) != 0)
        return -1;
    return csv_push(cs, '\0', r);
}

/* Reads the next record into cs->buf: 1 when one was read, 0 at the end, -1 on error. */
static int csv_record(Csv *cs, Reader *r)
{
    if (cs->p >= cs->end)
        return 0;
    cs->len = 0;
    cs->nfields = 0;
    cs->rec_line = cs->line;
    int quoted = 0;
    for (;;) {
        if (csv_field(cs, r, &quoted) != 0)
            return -1;
        if (cs->p >= cs->end || *cs->p != ',')
            break;
        cs->p++;
    }
    cs->blank = cs->nfields == 1 && cs->buf[0] == '\0' && !quoted;
    if (cs->p < cs->end && *cs->p == '\r')
        cs->p++;
    if (cs->p < cs->end && *cs->p == '\n') {
        cs->p++;
        cs->line++;
    }
    return 1;
}

static int csv_next(Csv *cs, Reader *r)
{
    int rc;
    while ((rc = csv_record(cs, r)) == 1 && cs->blank)
        ;
    return rc;
}

static int csv_column(Reader *r, const Csv *cs, const char *name, int *col, size_t i)
{
    int k = column_index(name);
    char what[SHOW_MAX];
    if (k >= 0 && col[k] < 0) {
        col[k] = (int)i;
        return 0;
    }
    if (k >= 0)
        return error_set(r->err, OCE_EOUTCOMES, r->name, cs->rec_line,
                         "column \"%s\" appears twice in the header", name);
    const char *near = error_suggest(name, col_names, NCOLS);
    if (near != NULL)
        return error_set(r->err, OCE_EOUTCOMES, r->name, cs->rec_line,
                         "unknown column %s in the header (did you mean \"%s\"?)", show(name, what),
                         near);
    return error_set(r->err, OCE_EOUTCOMES, r->name, cs->rec_line,
                     "unknown column %s in the header; the columns are contract, period, "
                     "metric, value and optionally note and source",
                     show(name, what));
}

/* Reads the header (the first non-blank record) into col: the field index of each column,
 * -1 for an absent optional one. */
static int csv_header(Csv *cs, Reader *r, int *col)
{
    int rc = csv_next(cs, r);
    if (rc <= 0)
        return rc < 0 ? -1
                      : error_set(r->err, OCE_EOUTCOMES, r->name, 0,
                                  "the file is empty; expected a header naming the columns "
                                  "contract, period, metric and value");
    for (int k = 0; k < NCOLS; k++)
        col[k] = -1;
    for (size_t i = 0; i < cs->nfields && i < CSV_KEEP; i++)
        if (csv_column(r, cs, cs->buf + cs->start[i], col, i) != 0)
            return -1;
    for (int k = 0; k < NREQUIRED; k++)
        if (col[k] < 0)
            return error_set(r->err, OCE_EOUTCOMES, r->name, cs->rec_line,
                             "the header has no column \"%s\"; it must name contract, period, "
                             "metric and value",
                             col_names[k]);
    return 0;
}

static int csv_rows(Csv *cs, Reader *r, const int *col, size_t ncols)
{
    int rc;
    while ((rc = csv_next(cs, r)) == 1) {
        if (cs->nfields != ncols)
            return error_set(r->err, OCE_EOUTCOMES, r->name, cs->rec_line,
                             "%zu field%s, but the header has %zu", cs->nfields,
                             cs->nfields == 1 ? "" : "s", ncols);
        Row row = {.line = cs->rec_line, .index = -1};
        for (int k = 0; k < NCOLS; k++)
            row.f[k] = col[k] >= 0 ? cs->buf + cs->start[col[k]] : NULL;
        if (accept_row(r, &row) != 0)
            return -1;
    }
    return rc;
}

static int csv_read(Reader *r, const char *data, size_t len)
{
    Csv cs = {.p = data, .end = data + len, .line = 1};
    int col[NCOLS];
    int rc = csv_header(&cs, r, col);
    if (rc == 0)
        rc = csv_rows(&cs, r, col, cs.nfields);
    free(cs.buf);
    return rc;
}

/* --- JSON. ------------------------------------------------------------------------------ */

/* Index of the quote closing the JSON string opened at s[i], counting the lines it spans. */
static size_t json_string_end(const char *s, size_t len, size_t i, int *line)
{
    size_t j = i + 1;
    for (; j < len && s[j] != '"'; j += s[j] == '\\' ? 2 : 1)
        *line += s[j] == '\n';
    return j;
}

/* Finds the line each element of the top-level "outcomes" array starts on, since cJSON keeps
 * no positions. The text is valid JSON (cJSON accepted it), so a flat scan of brackets, keys
 * and commas suffices. When it does not find n elements (the key written with escapes) every
 * line stays 0 and errors give only paths. */
static void json_element_lines(const char *s, size_t len, int *lines, int n)
{
    int line = 1, depth = 0, found = 0, seen = 0, pending = 0, expect = 0, inside = 0;
    const char *key = "";
    size_t keylen = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = s[i];
        line += ch == '\n';
        if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\n')
            continue;
        int at_value = pending; /* this token is the value of the first "outcomes" key */
        pending = 0;
        if (expect && ch != ']') { /* an element starts here */
            if (found < n)
                lines[found] = line;
            found++;
        }
        expect = 0;
        if (ch == '"') {
            size_t j = json_string_end(s, len, i, &line);
            key = s + i + 1;
            keylen = j - i - 1;
            i = j;
        } else if (ch == ':' && depth == 1) {
            pending = !seen && keylen == 8 && memcmp(key, "outcomes", 8) == 0;
            seen |= pending;
        } else if (ch == '{' || ch == '[') {
            depth++;
            expect = ch == '[' && at_value;
            inside = expect ? depth : inside;
        } else if (ch == '}' || ch == ']') {
            inside = depth == inside ? 0 : inside;
            depth--;
        } else if (ch == ',') {
            expect = inside != 0 && depth == inside;
        }
    }
    if (found != n)
        memset(lines, 0, (size_t)n * sizeof *lines);
}

/* cJSON's error position is approximate, so the message quotes the text on either side. */
static int json_syntax_error(Reader *r, const char *text, size_t len, const char *at)
{
    size_t pos = at != NULL && at >= text && at <= text + len ? (size_t)(at - text) : len;
    size_t bol = pos, eol = pos;
    while (bol > 0 && text[bol - 1] != '\n')
        bol--;
    while (eol < len && text[eol] != '\n' && text[eol] != '\r')
        eol++;
    size_t from = pos - bol > 12 ? pos - 12 : bol, to = eol - pos > 12 ? pos + 12 : eol;
    char near[32], what[SHOW_MAX];
    snprintf(near, sizeof near, "%.*s", (int)(to - from), text + from);
    int first = r->err != NULL && !error_failed(r->err);
    if (pos >= len)
        error_set(r->err, OCE_EOUTCOMES, r->name, line_of(text, pos),
                  "not valid JSON: the file ends before the JSON does");
    else
        error_set(r->err, OCE_EOUTCOMES, r->name, line_of(text, pos), "not valid JSON near %s",
                  show(near, what));
    if (first)
        r->err->column = (int)(pos - bol) + 1;
    return -1;
}

static const char *json_type(const cJSON *j)
{
    return cJSON_IsNumber(j)   ? "a number"
           : cJSON_IsBool(j)   ? "a boolean"
           : cJSON_IsNull(j)   ? "null"
           : cJSON_IsArray(j)  ? "an array"
           : cJSON_IsObject(j) ? "an object"
                               : "a string";
}

static int json_member(Reader *r, Row *row, const cJSON *m, unsigned *seen)
{
    char what[SHOW_MAX];
    int k = column_index(m->string);
    if (k < 0) {
        const char *near = error_suggest(m->string, col_names, NCOLS);
        return row_error(r, row, -1, "unknown field %s%s%s%s", show(m->string, what),
                         near ? " (did you mean \"" : "", near ? near : "", near ? "\"?)" : "");
    }
    if (*seen & (1u << k))
        return row_error(r, row, -1, "field \"%s\" appears twice", col_names[k]);
    *seen |= 1u << k;
    if (k == COL_VALUE && cJSON_IsNumber(m))
        return row_error(r, row, k,
                         "write the value as a decimal string, e.g. \"99.95\", not a JSON number");
    if (k >= NREQUIRED && cJSON_IsNull(m))
        return 0; /* an optional field given as null is absent */
    if (!cJSON_IsString(m))
        return row_error(r, row, k, "expected a string, not %s", json_type(m));
    row->f[k] = m->valuestring;
    return 0;
}

static int json_element(Reader *r, const cJSON *e, int index)
{
    Row row = {.line = r->elem_lines[index], .index = index};
    if (!cJSON_IsObject(e))
        return row_error(r, &row, -1,
                         "expected an object with contract, period, metric and value, not %s",
                         json_type(e));
    unsigned seen = 0;
    for (const cJSON *m = e->child; m != NULL; m = m->next)
        if (json_member(r, &row, m, &seen) != 0)
            return -1;
    for (int k = 0; k < NREQUIRED; k++)
        if (row.f[k] == NULL)
            return row_error(r, &row, -1, "missing \"%s\"", col_names[k]);
    return accept_row(r, &row);
}

static int json_outcomes(Reader *r, const cJSON *root, const char *text, size_t len)
{
    const cJSON *arr =
        cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, "outcomes") : NULL;
    if (!cJSON_IsArray(arr))
        return error_set(r->err, OCE_EOUTCOMES, r->name, 0,
                         "expected an object with an \"outcomes\" array");
    int n = cJSON_GetArraySize(arr);
    int *lines = calloc((size_t)n + 1, sizeof *lines);
    if (lines == NULL)
        return nomem(r->err);
    json_element_lines(text, len, lines, n);
    r->elem_lines = lines;
    int rc = 0, i = 0;
    for (const cJSON *e = arr->child; e != NULL && rc == 0; e = e->next)
        rc = json_element(r, e, i++);
    r->elem_lines = NULL;
    free(lines);
    return rc;
}

/* cJSON wants the text NUL-terminated to refuse trailing garbage, so it parses a copy. */
static int json_read(Reader *r, const char *data, size_t len)
{
    char *text = malloc(len + 1);
    if (text == NULL)
        return nomem(r->err);
    memcpy(text, data, len);
    text[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    int rc =
        root == NULL ? json_syntax_error(r, text, len, end) : json_outcomes(r, root, text, len);
    cJSON_Delete(root);
    free(text);
    return rc;
}

/* --- Reading. --------------------------------------------------------------------------- */

typedef enum Format { FORMAT_NONE, FORMAT_CSV, FORMAT_JSON } Format;

static Format format_of(const char *name)
{
    const char *dot = strrchr(name, '.');
    if (dot != NULL && strcasecmp(dot, ".csv") == 0)
        return FORMAT_CSV;
    if (dot != NULL && strcasecmp(dot, ".json") == 0)
        return FORMAT_JSON;
    return FORMAT_NONE;
}

static int set_init(Reader *r)
{
    OutcomeSet *out = r->out;
    memset(out, 0, sizeof *out);
    out->n = r->c->nmetrics;
    out->values = arena_alloc(r->arena, (out->n ? out->n : 1) * sizeof *out->values);
    return out->values != NULL ? 0 : nomem(r->err);
}

int outcomes_parse(const char *name, const char *data, size_t len, const Contract *c,
                   const Period *p, Arena *arena, OutcomeSet *out, OceError *err)
{
    Reader r = {.name = name, .c = c, .p = p, .arena = arena, .out = out, .err = err};
    Format format = format_of(name);
    if (format == FORMAT_NONE)
        return error_set(err, OCE_EOUTCOMES, name, 0,
                         "cannot tell the format of the outcomes: the file name must end in "
                         ".csv or .json");
    if (set_init(&r) != 0)
        return -1;
    digest_sha256_hex(data, len, out->sha256);
    const char *nul = memchr(data, '\0', len);
    if (nul != NULL)
        return error_set(err, OCE_EOUTCOMES, name, line_of(data, (size_t)(nul - data)),
                         "the file contains a NUL byte; outcomes are UTF-8 text");
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte-order mark */
        data += 3;
        len -= 3;
    }
    int rc = format == FORMAT_CSV ? csv_read(&r, data, len) : json_read(&r, data, len);
    return rc != 0 ? -1 : check_required(&r);
}

int outcomes_from_values(const char *name, int line, const char *const *metrics,
                         const char *const *values, size_t n, const Contract *c, const Period *p,
                         Arena *arena, OutcomeSet *out, OceError *err)
{
    Reader r = {.name = name, .c = c, .p = p, .arena = arena, .out = out, .err = err};
    if (set_init(&r) != 0)
        return -1;
    const char *text = "";
    for (size_t i = 0; i < n; i++) {
        Row row = {
            .f = {c->id, p->id, metrics[i], values[i], NULL, NULL}, .line = line, .index = -1};
        if (accept_row(&r, &row) != 0)
            return -1;
        text = arena_printf(arena, "%s%s=%s\n", text, metrics[i], values[i]);
        if (text == NULL)
            return nomem(err);
    }
    digest_sha256_hex(text, strlen(text), out->sha256);
    if (check_required(&r) != 0) {
        err->line = line; /* the case that lacks it */
        return -1;
    }
    return 0;
}

/* Reads the whole file, whatever its size or kind (a pipe has no size to ask for). */
static char *read_all(const char *path, size_t *len, OceError *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        error_set(err, OCE_EIO, path, 0, "cannot open the outcomes file: %s", strerror(errno));
        return NULL;
    }
    char *buf = NULL;
    size_t n = 0, cap = 0, got = 1;
    while (got > 0) {
        if (n == cap) {
            char *p = cap * 2 + 65536 > cap ? realloc(buf, cap * 2 + 65536) : NULL;
            if (p == NULL)
                break;
            buf = p;
            cap = cap * 2 + 65536;
        }
        got = fread(buf + n, 1, cap - n, f);
        n += got;
    }
    int e = errno, bad = ferror(f), full = got > 0;
    fclose(f);
    if (!bad && !full) {
        *len = n;
        return buf;
    }
    free(buf);
    if (full)
        nomem(err);
    else
        error_set(err, OCE_EIO, path, 0, "cannot read the outcomes file: %s", strerror(e));
    return NULL;
}

int outcomes_read(const char *path, const Contract *c, const Period *p, Arena *arena,
                  OutcomeSet *out, OceError *err)
{
    size_t len = 0;
    char *data = read_all(path, &len, err);
    if (data == NULL)
        return -1;
    int rc = outcomes_parse(path, data, len, c, p, arena, out, err);
    free(data);
    return rc;
}
