#include "table.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cJSON.h>

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
}

/* 1-based line of byte pos. */
static int table_line_of(const char *data, size_t pos)
{
    int line = 1;
    for (size_t i = 0; i < pos; i++)
        line += data[i] == '\n';
    return line;
}

/* Whether s is UTF-8 (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF). */
int table_utf8(const char *s)
{
    static const unsigned long least[] = {0, 0, 0x80, 0x800, 0x10000};
    for (size_t i = 0; s[i] != '\0';) {
        unsigned char c = (unsigned char)s[i];
        size_t n = c < 0x80 ? 1 : (c >> 5) == 6 ? 2 : (c >> 4) == 14 ? 3 : (c >> 3) == 30 ? 4 : 0;
        if (n == 0)
            return 0;
        unsigned long cp = n == 1 ? c : c & (0x7Fu >> n);
        for (size_t k = 1; k < n; k++) {
            if (((unsigned char)s[i + k] & 0xC0) != 0x80)
                return 0;
            cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3Fu);
        }
        if ((n > 1 && cp < least[n]) || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
            return 0;
        i += n;
    }
    return 1;
}

/* Every field of a row is UTF-8, before the caller sees it. */
static int check_row(Table *t, const TableRow *row)
{
    for (int k = 0; k < t->spec->ncolumns; k++)
        if (row->f[k] != NULL && !table_utf8(row->f[k]))
            return table_row_error(t, row, k, "%s is not UTF-8 text", t->spec->columns[k]);
    return 0;
}

static int column_index(const TableSpec *spec, const char *name)
{
    for (int k = 0; k < spec->ncolumns; k++)
        if (strcmp(name, spec->columns[k]) == 0)
            return k;
    return -1;
}

/* Appends the columns from to to of spec to buf as "a, b and c" (commas only: "a, b, c"). */
static size_t join(const TableSpec *spec, int from, int to, int commas, char *buf, size_t size,
                   size_t n)
{
    for (int k = from; k < to; k++) {
        const char *sep = k == from ? "" : k == to - 1 && !commas ? " and " : ", ";
        int w = snprintf(buf + n, n < size ? size - n : 0, "%s%s", sep, spec->columns[k]);
        n += w > 0 ? (size_t)w : 0;
    }
    return n;
}

/* The required columns as "contract, period, metric and value", and with all, the optional
 * too: "contract, period, metric, value and optionally note and source". */
static const char *names(const TableSpec *spec, char *buf, size_t size, int all)
{
    buf[0] = '\0';
    int optional = all && spec->ncolumns > spec->nrequired;
    size_t n = join(spec, 0, spec->nrequired, optional, buf, size, 0);
    if (optional) {
        n += (size_t)snprintf(buf + n, n < size ? size - n : 0, " and optionally ");
        join(spec, spec->nrequired, spec->ncolumns, 0, buf, size, n);
    }
    return buf;
}

int table_row_error(const Table *t, const TableRow *row, int col, const char *fmt, ...)
{
    char msg[sizeof t->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (row->index < 0)
        return error_set(t->err, t->spec->code, t->name, row->line, "%s", msg);
    return error_set(t->err, t->spec->code, t->name, row->line, "%s[%d]%s%s: %s", t->spec->what,
                     row->index, col >= 0 ? "." : "", col >= 0 ? t->spec->columns[col] : "", msg);
}

void table_where(const Table *t, int line, int index, char *buf, size_t size)
{
    if (index < 0)
        snprintf(buf, size, "on line %d", line);
    else if (t->elem_lines != NULL && t->elem_lines[index] > 0)
        snprintf(buf, size, "at %s[%d], line %d", t->spec->what, index, t->elem_lines[index]);
    else
        snprintf(buf, size, "at %s[%d]", t->spec->what, index);
}

/* --- CSV (RFC 4180). -------------------------------------------------------------------- */

/* Field offsets kept per record: a valid header or row has at most TABLE_COLUMNS_MAX fields,
 * and a header with more names an unknown or repeated column among the first of them. */
#define CSV_KEEP (TABLE_COLUMNS_MAX + 1)

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

static int csv_push(Csv *cs, char ch, Table *r)
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

static int csv_quoted(Csv *cs, Table *r)
{
    int opened = cs->line;
    cs->p++; /* the opening quote */
    for (;;) {
        if (cs->p >= cs->end)
            return error_set(r->err, r->spec->code, r->name, opened,
                             "a quoted field is not closed before the end of the file");
        char ch = *cs->p++;
        if (ch == '"' && (cs->p >= cs->end || *cs->p != '"')) {
            if (csv_at_field_end(cs))
                return 0;
            return error_set(r->err, r->spec->code, r->name, cs->line,
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

static int csv_plain(Csv *cs, Table *r)
{
    while (!csv_at_field_end(cs)) {
        if (*cs->p == '"')
            return error_set(r->err, r->spec->code, r->name, cs->line,
                             "a quote inside an unquoted field; put the whole field in quotes "
                             "and write the quote twice (\"\")");
        if (csv_push(cs, *cs->p++, r) != 0)
            return -1;
    }
    return 0;
}

static int csv_field(Csv *cs, Table *r, int *quoted)
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
static int csv_record(Csv *cs, Table *r)
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

static int csv_next(Csv *cs, Table *r)
{
    int rc;
    while ((rc = csv_record(cs, r)) == 1 && cs->blank)
        ;
    return rc;
}

static int csv_column(Table *r, const Csv *cs, const char *name, int *col, size_t i)
{
    int k = column_index(r->spec, name);
    char what[ERROR_QUOTE_MAX];
    if (k >= 0 && col[k] < 0) {
        col[k] = (int)i;
        return 0;
    }
    if (k >= 0)
        return error_set(r->err, r->spec->code, r->name, cs->rec_line,
                         "column \"%s\" appears twice in the header", name);
    const char *near = error_suggest(name, r->spec->columns, (size_t)r->spec->ncolumns);
    if (near != NULL)
        return error_set(r->err, r->spec->code, r->name, cs->rec_line,
                         "unknown column %s in the header (did you mean \"%s\"?)",
                         error_quote(name, what), near);
    char all[300];
    return error_set(r->err, r->spec->code, r->name, cs->rec_line,
                     "unknown column %s in the header; the columns are %s", error_quote(name, what),
                     names(r->spec, all, sizeof all, 1));
}

/* Reads the header (the first non-blank record) into col: the field index of each column,
 * -1 for an absent optional one. */
static int csv_header(Csv *cs, Table *r, int *col)
{
    int rc = csv_next(cs, r);
    char required[300];
    names(r->spec, required, sizeof required, 0);
    if (rc <= 0)
        return rc < 0 ? -1
                      : error_set(r->err, r->spec->code, r->name, 0,
                                  "the file is empty; expected a header naming the columns %s",
                                  required);
    for (int k = 0; k < r->spec->ncolumns; k++)
        col[k] = -1;
    for (size_t i = 0; i < cs->nfields && i < CSV_KEEP; i++)
        if (csv_column(r, cs, cs->buf + cs->start[i], col, i) != 0)
            return -1;
    for (int k = 0; k < r->spec->nrequired; k++)
        if (col[k] < 0)
            return error_set(r->err, r->spec->code, r->name, cs->rec_line,
                             "the header has no column \"%s\"; it must name %s",
                             r->spec->columns[k], required);
    return 0;
}

static int csv_rows(Csv *cs, Table *r, const int *col, size_t ncols, TableVisit visit, void *ctx)
{
    int rc;
    while ((rc = csv_next(cs, r)) == 1) {
        if (cs->nfields != ncols)
            return error_set(r->err, r->spec->code, r->name, cs->rec_line,
                             "%zu field%s, but the header has %zu", cs->nfields,
                             cs->nfields == 1 ? "" : "s", ncols);
        TableRow row = {.line = cs->rec_line, .index = -1};
        for (int k = 0; k < r->spec->ncolumns; k++)
            row.f[k] = col[k] >= 0 ? cs->buf + cs->start[col[k]] : NULL;
        int stop = check_row(r, &row) != 0 ? -1 : visit(ctx, r, &row);
        if (stop != 0)
            return stop;
    }
    return rc;
}

static int csv_read(Table *r, const char *data, size_t len, TableVisit visit, void *ctx)
{
    Csv cs = {.p = data, .end = data + len, .line = 1};
    int col[TABLE_COLUMNS_MAX];
    int rc = csv_header(&cs, r, col);
    if (rc == 0)
        rc = csv_rows(&cs, r, col, cs.nfields, visit, ctx);
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

/* Finds the line each element of the top-level array (under key) starts on, since cJSON keeps
 * no positions. The text is valid JSON (cJSON accepted it), so a flat scan of brackets, keys
 * and commas suffices. When it does not find n elements (the key written with escapes) every
 * line stays 0 and errors give only paths. */
static void json_element_lines(const char *s, size_t len, const char *want, int *lines, int n)
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
            pending = !seen && keylen == strlen(want) && memcmp(key, want, keylen) == 0;
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
static int json_syntax_error(Table *r, const char *text, size_t len, const char *at)
{
    size_t pos = at != NULL && at >= text && at <= text + len ? (size_t)(at - text) : len;
    size_t bol = pos, eol = pos;
    while (bol > 0 && text[bol - 1] != '\n')
        bol--;
    while (eol < len && text[eol] != '\n' && text[eol] != '\r')
        eol++;
    size_t from = pos - bol > 12 ? pos - 12 : bol, to = eol - pos > 12 ? pos + 12 : eol;
    char near[32], what[ERROR_QUOTE_MAX];
    snprintf(near, sizeof near, "%.*s", (int)(to - from), text + from);
    int first = r->err != NULL && !error_failed(r->err);
    if (pos >= len)
        error_set(r->err, r->spec->code, r->name, table_line_of(text, pos),
                  "not valid JSON: the file ends before the JSON does");
    else
        error_set(r->err, r->spec->code, r->name, table_line_of(text, pos),
                  "not valid JSON near %s", error_quote(near, what));
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

static int json_member(Table *r, TableRow *row, const cJSON *m, unsigned *seen)
{
    char what[ERROR_QUOTE_MAX];
    const TableSpec *spec = r->spec;
    int k = column_index(spec, m->string);
    if (k < 0) {
        const char *near = error_suggest(m->string, spec->columns, (size_t)spec->ncolumns);
        return table_row_error(r, row, -1, "unknown field %s%s%s%s", error_quote(m->string, what),
                               near ? " (did you mean \"" : "", near ? near : "",
                               near ? "\"?)" : "");
    }
    if (*seen & (1u << k))
        return table_row_error(r, row, -1, "field \"%s\" appears twice", spec->columns[k]);
    *seen |= 1u << k;
    if (k == spec->text_only && cJSON_IsNumber(m))
        return table_row_error(r, row, k, "%s", spec->hint);
    if (k == spec->nullable && cJSON_IsNull(m)) {
        row->f[k] = ""; /* the empty text it stands for */
        return 0;
    }
    if (k >= spec->nrequired && cJSON_IsNull(m))
        return 0; /* an optional field given as null is absent */
    if (!cJSON_IsString(m))
        return table_row_error(r, row, k, "expected a string, not %s", json_type(m));
    row->f[k] = m->valuestring;
    return 0;
}

static int json_element(Table *r, const cJSON *e, int index, TableVisit visit, void *ctx)
{
    TableRow row = {.line = r->elem_lines[index], .index = index};
    char required[300];
    if (!cJSON_IsObject(e))
        return table_row_error(r, &row, -1, "expected an object with %s, not %s",
                               names(r->spec, required, sizeof required, 0), json_type(e));
    unsigned seen = 0;
    for (const cJSON *m = e->child; m != NULL; m = m->next)
        if (json_member(r, &row, m, &seen) != 0)
            return -1;
    for (int k = 0; k < r->spec->nrequired; k++)
        if (row.f[k] == NULL)
            return table_row_error(r, &row, -1, "missing \"%s\"", r->spec->columns[k]);
    return check_row(r, &row) != 0 ? -1 : visit(ctx, r, &row);
}

static int json_rows(Table *r, const cJSON *root, const char *text, size_t len, TableVisit visit,
                     void *ctx)
{
    const cJSON *arr =
        cJSON_IsObject(root) ? cJSON_GetObjectItemCaseSensitive(root, r->spec->what) : NULL;
    if (!cJSON_IsArray(arr))
        return error_set(r->err, r->spec->code, r->name, 0,
                         "expected an object with an \"%s\" array", r->spec->what);
    /* cJSON finds the first of a key given twice; the rows of the second would be lost. So
     * would those under another key ("more_outcomes"): other keys are for plain values, such
     * as where the file came from, and an array or object under one is refused. */
    int keys = 0;
    for (const cJSON *m = root->child; m != NULL; m = m->next) {
        keys += strcmp(m->string, r->spec->what) == 0;
        if (strcmp(m->string, r->spec->what) != 0 && (cJSON_IsArray(m) || cJSON_IsObject(m))) {
            char what[ERROR_QUOTE_MAX];
            const char *hint = error_suggest(m->string, &r->spec->what, 1);
            return error_set(r->err, r->spec->code, r->name, 0,
                             "unknown key %s%s%s%s: the file's rows are in one \"%s\" array, "
                             "and its other keys hold plain values",
                             error_quote(m->string, what), hint ? " (did you mean \"" : "",
                             hint ? hint : "", hint ? "\"?)" : "", r->spec->what);
        }
    }
    if (keys > 1)
        return error_set(r->err, r->spec->code, r->name, 0,
                         "the key \"%s\" appears %d times; give all the rows in one array",
                         r->spec->what, keys);
    int n = cJSON_GetArraySize(arr);
    int *lines = calloc((size_t)n + 1, sizeof *lines);
    if (lines == NULL)
        return nomem(r->err);
    json_element_lines(text, len, r->spec->what, lines, n);
    r->elem_lines = lines;
    int rc = 0, i = 0;
    for (const cJSON *e = arr->child; e != NULL && rc == 0; e = e->next)
        rc = json_element(r, e, i++, visit, ctx);
    r->elem_lines = NULL;
    free(lines);
    return rc;
}

/* cJSON wants the text NUL-terminated to refuse trailing garbage, so it parses a copy. */
/* The position of an escaped NUL (\u0000) in JSON text, or -1: cJSON would cut the string
 * there, so "u1\u0000x" would read as "u1". */
long table_escaped_nul(const char *s, size_t len)
{
    for (size_t i = 0; i + 6 <= len; i++) {
        if (s[i] != '\\')
            continue;
        if (s[i + 1] == 'u' && strncmp(s + i + 2, "0000", 4) == 0)
            return (long)i;
        i++; /* an escape of two characters: \\ is not the start of another */
    }
    return -1;
}

static int json_read(Table *r, const char *data, size_t len, TableVisit visit, void *ctx)
{
    long nul = table_escaped_nul(data, len);
    if (nul >= 0)
        return error_set(r->err, r->spec->code, r->name, table_line_of(data, (size_t)nul),
                         "the file contains \\u0000, a NUL character; %s are text", r->spec->what);
    char *text = malloc(len + 1);
    if (text == NULL)
        return nomem(r->err);
    memcpy(text, data, len);
    text[len] = '\0';
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
    int rc = root == NULL ? json_syntax_error(r, text, len, end)
                          : json_rows(r, root, text, len, visit, ctx);
    cJSON_Delete(root);
    free(text);
    return rc;
}

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

int table_parse(const char *name, const char *data, size_t len, const TableSpec *spec,
                TableVisit visit, void *ctx, OceError *err)
{
    Table t = {name, spec, NULL, err};
    Format format = format_of(name);
    if (format == FORMAT_NONE)
        return error_set(err, spec->code, name, 0,
                         "cannot tell the format of the %s: the file name must end in .csv or "
                         ".json",
                         spec->what);
    const char *nul = memchr(data, '\0', len);
    if (nul != NULL)
        return error_set(err, spec->code, name, table_line_of(data, (size_t)(nul - data)),
                         "the file contains a NUL byte; %s are UTF-8 text", spec->what);
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* a UTF-8 byte-order mark */
        data += 3;
        len -= 3;
    }
    return format == FORMAT_CSV ? csv_read(&t, data, len, visit, ctx)
                                : json_read(&t, data, len, visit, ctx);
}

/* "1 GiB (1073741824 bytes)", or "100 bytes" for a limit of no whole MiB. */
static void size_name(size_t n, char *buf, size_t size)
{
    if (n >= (1u << 30) && n % (1u << 30) == 0)
        snprintf(buf, size, "%zu GiB (%zu bytes)", n >> 30, n);
    else if (n >= (1u << 20) && n % (1u << 20) == 0)
        snprintf(buf, size, "%zu MiB (%zu bytes)", n >> 20, n);
    else
        snprintf(buf, size, "%zu bytes", n);
}

static int too_big(const char *path, const char *what, size_t max, OceError *err)
{
    char limit[64];
    size_name(max, limit, sizeof limit);
    return error_set(err, OCE_EOUTCOMES, path, 0, "%s is over %s, the limit for an input file",
                     what, limit);
}

/* Reads fd into *buf (*cap bytes, growing, never past max + 1) after its first *n bytes; stops
 * at the end, past max, or after a read that brought a NUL byte: no input file may hold one
 * (table_parse refuses it), so the rest of /dev/zero need not be read. -1 on a read error
 * (errno), -2 when out of memory. */
static int read_all(int fd, size_t max, char **buf, size_t *cap, size_t *n)
{
    for (;;) {
        if (*n == *cap) {
            size_t want = *cap < 65536 ? 65536 : *cap + *cap / 2;
            char *p = realloc(*buf, want < max + 1 ? want : max + 1);
            if (p == NULL)
                return -2;
            *buf = p;
            *cap = want < max + 1 ? want : max + 1;
        }
        ssize_t got = read(fd, *buf + *n, *cap - *n);
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            return got < 0 ? -1 : 0;
        const char *nul = memchr(*buf + *n, '\0', (size_t)got);
        *n += (size_t)got;
        if (nul != NULL || *n > max)
            return 0;
    }
}

char *table_read_bounded(const char *path, const char *what, size_t max, size_t *len, OceError *err)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        error_set(err, OCE_EIO, path, 0, "cannot open %s: %s", what, strerror(errno));
        return NULL;
    }
    /* A regular file over the limit is refused unread; one within it is read into one
     * buffer of its size (and a byte, to see that it ends there). */
    struct stat st;
    int regular = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (regular && (uintmax_t)st.st_size > max) {
        close(fd);
        too_big(path, what, max, err);
        return NULL;
    }
    size_t cap = regular ? (size_t)st.st_size + 1 : 0, n = 0;
    char *buf = cap ? malloc(cap) : NULL;
    int rc = cap && buf == NULL ? -2 : read_all(fd, max, &buf, &cap, &n);
    int e = errno;
    close(fd);
    if (rc == 0 && n <= max) {
        *len = n;
        return buf;
    }
    free(buf);
    if (rc == -1)
        error_set(err, OCE_EIO, path, 0, "cannot read %s: %s", what, strerror(e));
    else if (rc == -2)
        nomem(err);
    else
        too_big(path, what, max, err);
    return NULL;
}

char *table_read_file(const char *path, const char *what, size_t *len, OceError *err)
{
    return table_read_bounded(path, what, TABLE_FILE_MAX, len, err);
}

/* --- Streaming a CSV file. ------------------------------------------------------------ */

#define STREAM_CHUNK ((size_t)1 << 20)

/* The end of the last whole record in data[0..len), which starts at a record: just past the
 * last newline outside quotes (a quote doubled inside a quoted field toggles twice). 0 when no
 * record ends in it. */
static size_t last_record_end(const char *data, size_t len)
{
    size_t end = 0;
    int q = 0;
    for (size_t i = 0; i < len; i++) {
        if (data[i] == '"')
            q = !q;
        else if (data[i] == '\n' && !q)
            end = i + 1;
    }
    return end;
}

static int read_some(int fd, char *buf, size_t room, size_t *got)
{
    for (;;) {
        ssize_t n = read(fd, buf, room);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        *got = (size_t)n;
        return 0;
    }
}

int table_stream(const char *path, const char *what, const TableSpec *spec, TableVisit visit,
                 void *ctx, OceError *err)
{
    if (format_of(path) != FORMAT_CSV) {
        size_t len;
        char *data = table_read_file(path, what, &len, err);
        if (data == NULL)
            return -1;
        int rc = table_parse(path, data, len, spec, visit, ctx, err);
        free(data);
        return rc;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return error_set(err, OCE_EIO, path, 0, "cannot read %s: %s", what, strerror(errno));
    Table t = {path, spec, NULL, err};
    Csv cs = {.line = 1};
    int col[TABLE_COLUMNS_MAX];
    size_t cap = STREAM_CHUNK, len = 0, ncols = 0;
    char *buf = malloc(cap);
    int rc = buf == NULL ? nomem(err) : 0, header = 0, eof = 0, first = 1;
    while (rc == 0 && !(eof && len == 0)) {
        if (!eof) {
            if (len == cap) {
                char *more = cap < ((size_t)1 << 30) ? realloc(buf, cap * 2) : NULL;
                if (more == NULL) {
                    rc = error_set(err, spec->code, path, cs.line,
                                   "a record of more than 1 GiB: is the file CSV?");
                    break;
                }
                buf = more;
                cap *= 2;
            }
            size_t got;
            if (read_some(fd, buf + len, cap - len, &got) != 0) {
                rc = error_set(err, OCE_EIO, path, 0, "cannot read %s: %s", what, strerror(errno));
                break;
            }
            const char *nul = memchr(buf + len, '\0', got);
            if (nul != NULL) {
                rc = error_set(err, spec->code, path,
                               cs.line + table_line_of(buf, (size_t)(nul - buf)) - 1,
                               "the file contains a NUL byte; %s are UTF-8 text", spec->what);
                break;
            }
            eof = got == 0;
            len += got;
            if (first && (len >= 3 || eof)) {
                first = 0;
                if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) { /* a byte-order mark */
                    memmove(buf, buf + 3, len - 3);
                    len -= 3;
                }
            }
        }
        /* buf starts at a record, outside quotes */
        size_t end = eof ? len : last_record_end(buf, len);
        if (end == 0)
            continue; /* no whole record yet: read more */
        cs.p = buf;
        cs.end = buf + end;
        if (!header) {
            rc = csv_header(&cs, &t, col);
            ncols = cs.nfields;
            header = rc == 0;
        }
        if (rc == 0)
            rc = csv_rows(&cs, &t, col, ncols, visit, ctx);
        memmove(buf, buf + end, len - end);
        len -= end;
        if (eof)
            break;
    }
    if (rc == 0 && !header)
        rc = csv_header(&cs, &t, col); /* an empty file: the header's error */
    free(cs.buf);
    free(buf);
    close(fd);
    return rc;
}
