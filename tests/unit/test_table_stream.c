/*
 * Unit tests of the CSV stream (table_stream, through outcomes_stream), which reads a file a
 * MiB at a time: a file of several MiB whose records straddle the ends of the chunks read
 * (a doubled quote, a line break inside a quoted field, a CRLF, a closing quote, each placed
 * right across one), and a record longer than a chunk, each row arriving whole with its line;
 * a NUL byte far into the file, an empty file and a quoted field never closed refused with
 * their lines. Then outcomes_from_rows, which a portfolio run's contracts are settled from:
 * its digest is of the rows in the order the contract declares its metrics, whatever the order
 * they come in, and each error names the row's own line.
 */
#include "testfile.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "outcomes.h"
#include "table.h"

#define MIB ((size_t)1 << 20) /* the stream's chunk (table.c) */

/* --- A large CSV file, built in memory with the rows it must give ---------------------- */

typedef struct Want {
    char contract[24], period[12], metric[24], value[24];
    char *note; /* malloc'ed */
    int line;
    size_t end; /* the offset just past the record */
} Want;

typedef struct Big {
    char *data;
    size_t len, cap;
    int line; /* of the next record */
    Want *w;
    size_t n, wcap;
    /* The file offset at which the read under way ends: the stream's buffer starts at the
     * first record not yet whole in it, and each read fills it to a MiB (while no record is
     * longer than that). */
    size_t boundary;
    size_t bounds[64]; /* the ends of the reads so far */
    size_t nbounds;
} Big;

static void grow(Big *b, size_t more)
{
    if (b->len + more + 1 > b->cap) {
        while (b->len + more + 1 > b->cap)
            b->cap = b->cap ? b->cap * 2 : (size_t)1 << 16;
        b->data = realloc(b->data, b->cap);
        assert_non_null(b->data);
    }
}

static void append(Big *b, const char *s, size_t n)
{
    grow(b, n);
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

/* The CSV field of s: quoted (its quotes doubled) when quote is set. */
static void field(Big *b, const char *s, int quote)
{
    if (!quote) {
        append(b, s, strlen(s));
        return;
    }
    append(b, "\"", 1);
    for (; *s; s++) {
        append(b, s, 1);
        if (*s == '"')
            append(b, "\"", 1); /* doubled */
    }
    append(b, "\"", 1);
}

/* Writes a record and keeps what it must give. */
static void row(Big *b, const char *contract, const char *period, const char *metric,
                const char *value, const char *note, int quote_note, const char *eol)
{
    size_t start = b->len;
    field(b, contract, 0);
    append(b, ",", 1);
    field(b, period, 0);
    append(b, ",", 1);
    field(b, metric, strchr(metric, ',') != NULL);
    append(b, ",", 1);
    field(b, value, 0);
    append(b, ",", 1);
    field(b, note, quote_note);
    append(b, eol, strlen(eol));
    if (b->n == b->wcap) {
        b->wcap = b->wcap ? b->wcap * 2 : 4096;
        b->w = realloc(b->w, b->wcap * sizeof *b->w);
        assert_non_null(b->w);
    }
    Want *w = &b->w[b->n++];
    snprintf(w->contract, sizeof w->contract, "%s", contract);
    snprintf(w->period, sizeof w->period, "%s", period);
    snprintf(w->metric, sizeof w->metric, "%s", metric);
    snprintf(w->value, sizeof w->value, "%s", value);
    w->note = strdup(note);
    assert_non_null(w->note);
    w->line = b->line;
    w->end = b->len;
    for (const char *p = note; *p; p++)
        b->line += *p == '\n';
    b->line++;
    size_t was = b->boundary;
    if (start < b->boundary && b->len > b->boundary)
        b->boundary = start + MIB; /* it straddles: the next read starts the buffer at it */
    else if (b->len == b->boundary)
        b->boundary += MIB;
    if (b->boundary != was && b->nbounds < 64)
        b->bounds[b->nbounds++] = was;
}

/* A row of filler, of about 30 to 40 bytes. */
static void filler(Big *b, size_t i)
{
    char c[24], m[24], v[24], note[24];
    snprintf(c, sizeof c, "C%05zu", i % 50000);
    snprintf(m, sizeof m, i % 97 == 0 ? "m,%zu" : "m%zu", i % 7);
    snprintf(v, sizeof v, "%zu.%02zu", i, i % 100);
    if (i % 3 == 0)
        note[0] = '\0';
    else
        snprintf(note, sizeof note, "n%zu", i);
    row(b, c, i % 2 ? "2026-10" : "2026-Q4", m, v, note, i % 11 == 0, "\n");
}

/* Fills until the read under way ends 100 to 200 bytes ahead. */
static void fill_to_boundary(Big *b, size_t *i)
{
    while (b->boundary - b->len > 200)
        filler(b, (*i)++);
    assert_true(b->boundary - b->len >= 100);
}

/* A record whose quoted note is before, pad bytes of 'p', then after: pad chosen so that the
 * first byte of after's text in the file (escaped) is at offset at. */
static void straddle(Big *b, const char *contract, const char *before, const char *after, size_t at)
{
    /* contract,2026-10,avail,99.5," then before (no quotes in it) */
    size_t prefix = strlen(contract) + strlen(",2026-10,avail,99.5,\"") + strlen(before);
    assert_true(at >= b->len + prefix);
    size_t pad = at - b->len - prefix;
    assert_true(pad < 300);
    char note[1000];
    snprintf(note, sizeof note, "%s%.*s%s", before, (int)pad,
             "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
             "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
             "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp"
             "pppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppppp",
             after);
    size_t start = b->len;
    row(b, contract, "2026-10", "avail", "99.5", note, 1, "\n");
    assert_int_equal(start + prefix + pad, at);
}

static void big_free(Big *b)
{
    for (size_t k = 0; k < b->n; k++)
        free(b->w[k].note);
    free(b->w);
    free(b->data);
}

static const char *write_file(const char *name, const char *data, size_t len, char *path)
{
    scratch_path(name, path, 256);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* --- The visitor ------------------------------------------------------------------------ */

typedef struct Check {
    const Big *b;
    size_t n;         /* rows seen */
    size_t bad;       /* rows that were not as written */
    char first[1200]; /* the first of them */
} Check;

static int same(const char *got, const char *want)
{
    return got != NULL && strcmp(got, want) == 0;
}

static int check_row(void *ctx, const char *contract, const char *period, const OutcomeRow *row,
                     OceError *err)
{
    (void)err;
    Check *c = ctx;
    size_t k = c->n++;
    const Want *w = k < c->b->n ? &c->b->w[k] : NULL;
    if (w != NULL && same(contract, w->contract) && same(period, w->period) &&
        same(row->metric, w->metric) && same(row->value, w->value) && same(row->note, w->note) &&
        row->source == NULL && row->line == w->line)
        return 0;
    if (c->bad++ == 0)
        snprintf(c->first, sizeof c->first,
                 "row %zu: got line %d %s,%s,%s,%s note \"%.60s\" (%zu bytes); want line %d "
                 "%s,%s,%s,%s note \"%.60s\" (%zu bytes)",
                 k, row->line, contract, period, row->metric, row->value,
                 row->note ? row->note : "(null)", row->note ? strlen(row->note) : 0,
                 w ? w->line : -1, w ? w->contract : "", w ? w->period : "", w ? w->metric : "",
                 w ? w->value : "", w ? w->note : "", w ? strlen(w->note) : 0);
    return 0;
}

/* --- The tests -------------------------------------------------------------------------- */

static void test_records_across_chunks(void **state)
{
    (void)state;
    Big b = {.line = 1, .boundary = MIB};
    append(&b, "\xEF\xBB\xBF", 3); /* a byte-order mark, skipped */
    append(&b, "contract,period,metric,value,note\n", 34);
    b.line = 2;
    size_t i = 0;

    /* a doubled quote, its first quote the last byte of the first MiB read */
    fill_to_boundary(&b, &i);
    size_t at1 = b.boundary - 1;
    assert_int_equal(at1, MIB - 1);
    straddle(&b, "S1", "first line\n", "\"quoted\" on the second", at1);
    assert_int_equal(b.data[MIB - 1], '"');
    assert_int_equal(b.data[MIB], '"');
    assert_true(b.boundary > MIB); /* the record straddled it */

    /* a line break inside a quoted field, the last byte of the second read */
    fill_to_boundary(&b, &i);
    size_t at2 = b.boundary - 1;
    straddle(&b, "S2", "before the break ", "\nafter the break", at2);
    assert_int_equal(b.data[at2], '\n');

    /* a CRLF whose CR ends the third read */
    fill_to_boundary(&b, &i);
    size_t at3 = b.boundary - 1, start = b.len;
    {
        const char *base = "S3,2026-10,avail,99.5,";
        size_t pad = at3 - start - strlen(base);
        char note[400];
        assert_true(pad < sizeof note);
        memset(note, 'c', pad);
        note[pad] = '\0';
        row(&b, "S3", "2026-10", "avail", "99.5", note, 0, "\r\n");
        assert_int_equal(b.data[at3], '\r');
        assert_int_equal(b.data[at3 + 1], '\n');
    }

    /* a closing quote that ends the fourth read, its record's newline the next's first */
    fill_to_boundary(&b, &i);
    size_t at4 = b.boundary - 1;
    straddle(&b, "S4", "two\nlines ", "", at4);
    assert_int_equal(b.data[at4 - 1], 'p');
    assert_int_equal(b.data[at4], '"');
    assert_int_equal(b.data[at4 + 1], '\n');
    assert_int_equal(b.nbounds, 4);
    assert_int_equal(b.bounds[0], MIB);
    assert_int_equal(b.bounds[3], at4 + 1);

    /* a record longer than a chunk: the buffer grows for it */
    for (int k = 0; k < 1000; k++)
        filler(&b, i++);
    {
        size_t n = MIB + MIB / 2;
        char *note = malloc(n + 1);
        assert_non_null(note);
        for (size_t k = 0; k < n; k++)
            note[k] = k % 1000 == 999 ? '\n' : k % 777 == 0 ? '"' : (char)('a' + k % 26);
        note[n] = '\0';
        row(&b, "HUGE", "2026-11", "avail", "1", note, 1, "\n");
        free(note);
    }
    for (int k = 0; k < 20000; k++)
        filler(&b, i++);
    /* the last record has no newline */
    row(&b, "LAST", "2026-12", "avail", "7", "end", 0, "");
    assert_true(b.len > 4 * MIB);

    char path[256];
    write_file("big.csv", b.data, b.len, path);
    Check c = {.b = &b};
    OceError err;
    error_init(&err);
    int rc = outcomes_stream(path, check_row, &c, &err);
    if (rc != 0)
        fail_msg("refused: line %d: %s", err.line, err.message);
    if (c.bad != 0)
        fail_msg("%zu rows not as written; the first: %s", c.bad, c.first);
    assert_int_equal(c.n, b.n);
    /* the multi-line records counted their lines */
    const Want *last = &b.w[b.n - 1];
    assert_string_equal(last->contract, "LAST");
    int newlines = 0;
    for (size_t k = 0; k < b.len; k++)
        newlines += b.data[k] == '\n';
    assert_int_equal(last->line, newlines + 1);
    big_free(&b);
}

/* The rows a file gives, counted; the stream stops at the first error. */
static int count_row(void *ctx, const char *contract, const char *period, const OutcomeRow *row,
                     OceError *err)
{
    (void)contract, (void)period, (void)row, (void)err;
    ++*(size_t *)ctx;
    return 0;
}

static void test_nul_far_in(void **state)
{
    (void)state;
    Big b = {.line = 1, .boundary = MIB};
    append(&b, "contract,period,metric,value,note\n", 34);
    b.line = 2;
    size_t i = 0;
    /* the record that straddles the first MiB has a line break inside it */
    fill_to_boundary(&b, &i);
    straddle(&b, "S1", "one\ntwo\n", "three", b.boundary - 1);
    while (b.len < 3 * MIB)
        filler(&b, i++);
    size_t before = b.n;
    int nul_line = b.line;
    row(&b, "N", "2026-10", "m", "1", "has a NUL here: @", 0, "\n");
    for (int k = 0; k < 1000; k++)
        filler(&b, i++);
    char *at = strchr(b.data + b.w[before].end - 5, '@');
    assert_non_null(at);
    *at = '\0';
    assert_true((size_t)(at - b.data) > 3 * MIB);

    char path[256];
    write_file("nul.csv", b.data, b.len, path);
    size_t n = 0;
    OceError err;
    error_init(&err);
    assert_int_equal(outcomes_stream(path, count_row, &n, &err), -1);
    assert_int_equal(err.code, OCE_EOUTCOMES);
    assert_string_equal(err.file, path);
    assert_int_equal(err.line, nul_line);
    assert_string_equal(err.message, "the file contains a NUL byte; outcomes are UTF-8 text");
    /* the rows of the reads before the one that brought it were given, and no more */
    size_t read_from = 0, whole = 0;
    for (size_t k = 0; k < b.nbounds; k++)
        if (b.bounds[k] <= (size_t)(at - b.data))
            read_from = b.bounds[k];
    assert_true(read_from > 2 * MIB);
    for (size_t k = 0; k < b.n; k++)
        whole += b.w[k].end <= read_from;
    assert_int_equal(n, whole);
    assert_true(n < before);
    big_free(&b);
}

static void test_empty_file(void **state)
{
    (void)state;
    const char *texts[] = {"", "\n\n\r\n", "\xEF\xBB\xBF"};
    for (size_t k = 0; k < 3; k++) {
        char path[256];
        write_file("empty.csv", texts[k], strlen(texts[k]), path);
        size_t n = 0;
        OceError err;
        error_init(&err);
        assert_int_equal(outcomes_stream(path, count_row, &n, &err), -1);
        assert_int_equal(n, 0);
        assert_int_equal(err.code, OCE_EOUTCOMES);
        assert_string_equal(err.file, path);
        assert_int_equal(err.line, 0);
        assert_string_equal(err.message, "the file is empty; expected a header naming the columns "
                                         "contract, period, metric and value");
    }
}

static void test_quote_never_closed(void **state)
{
    (void)state;
    char path[256];
    const char small[] = "contract,period,metric,value\nA,2026-10,m,1\nB,2026-10,m,\"2\n3\n";
    write_file("open.csv", small, strlen(small), path);
    size_t n = 0;
    OceError err;
    error_init(&err);
    assert_int_equal(outcomes_stream(path, count_row, &n, &err), -1);
    assert_int_equal(n, 1);
    assert_int_equal(err.code, OCE_EOUTCOMES);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "a quoted field is not closed before the end of the file");

    /* past the first MiB, the rest of the file after it read in one record */
    Big b = {.line = 1, .boundary = MIB};
    append(&b, "contract,period,metric,value,note\n", 34);
    b.line = 2;
    for (size_t i = 0; b.len < MIB + MIB / 4; i++)
        filler(&b, i);
    size_t rows = b.n;
    int open_line = b.line;
    append(&b, "B,2026-10,m,1,\"never closed\n", 28);
    /* what follows holds no quote, so nothing closes it */
    for (size_t i = 0; i < 20000; i++)
        append(&b, "X,2026-10,m,1,plain text\n", 25);
    write_file("open-big.csv", b.data, b.len, path);
    n = 0;
    error_init(&err);
    assert_int_equal(outcomes_stream(path, count_row, &n, &err), -1);
    assert_int_equal(n, rows);
    assert_int_equal(err.line, open_line);
    assert_string_equal(err.message, "a quoted field is not closed before the end of the file");
    big_free(&b);
}

/* The rows of a file of several chunks given to a visitor that stops at the 100000th. */
static int stop_at(void *ctx, const char *contract, const char *period, const OutcomeRow *row,
                   OceError *err)
{
    (void)contract, (void)period;
    size_t *n = ctx;
    if (++*n < 100000)
        return 0;
    return error_set(err, OCE_EOUTCOMES, "stopped", row->line, "enough");
}

static void test_visitor_stops(void **state)
{
    (void)state;
    Big b = {.line = 1, .boundary = MIB};
    append(&b, "contract,period,metric,value,note\n", 34);
    b.line = 2;
    for (size_t i = 0; i < 150000; i++)
        filler(&b, i);
    char path[256];
    write_file("stop.csv", b.data, b.len, path);
    size_t n = 0;
    OceError err;
    error_init(&err);
    assert_int_equal(outcomes_stream(path, stop_at, &n, &err), -1);
    assert_int_equal(n, 100000);
    assert_string_equal(err.message, "enough");
    assert_int_equal(err.line, b.w[99999].line);
    big_free(&b);
}

/* --- outcomes_from_rows ----------------------------------------------------------------- */

typedef struct Fixture {
    Decl d;
    DeclVersion v;
    MetricDecl m[3];
    Period p;
    Arena arena;
    OutcomeSet set;
    OceError err;
} Fixture;

static Money dec(const char *s)
{
    Money m;
    if (money_parse(s, NULL, &m, NULL) != 0)
        fail_msg("test value %s does not parse", s);
    return m;
}

/* availability %, to 2 places, 0 to 100; p1_restore_hours; an optional csat. */
static void declare(Fixture *f)
{
    memset(f, 0, sizeof *f);
    f->m[0] = (MetricDecl){.name = "availability",
                           .unit = "%",
                           .required = true,
                           .precision = 2,
                           .has_min = true,
                           .min = dec("0"),
                           .has_max = true,
                           .max = dec("100")};
    f->m[1] = (MetricDecl){
        .name = "p1_restore_hours", .unit = "hours", .required = true, .precision = -1};
    f->m[2] = (MetricDecl){.name = "csat", .unit = "score", .required = false, .precision = -1};
    f->d.id = "SITE-0001";
    snprintf(f->d.currency, sizeof f->d.currency, "GBP");
    f->d.minor_unit = 2;
    f->v = (DeclVersion){.name = "original", .metrics = f->m, .nmetrics = 3};
    f->d.versions = &f->v;
    f->d.nversions = 1;
    assert_int_equal(calendar_parse_period("2026-10", &f->p, NULL), 0);
    arena_init(&f->arena);
    error_init(&f->err);
}

static int from_rows(Fixture *f, int line, const OutcomeRow *rows, size_t n)
{
    error_init(&f->err);
    return outcomes_from_rows("all.csv", line, rows, n, &f->d, &f->v, &f->p, &f->arena, &f->set,
                              &f->err);
}

static void test_digest_by_declared_order(void **state)
{
    (void)state;
    static Fixture f;
    declare(&f);
    const OutcomeRow a[] = {{10, "availability", "99.95", "note", NULL},
                            {14, "p1_restore_hours", "3.5", NULL, "NOC"},
                            {17, "csat", "9.1", NULL, NULL}};
    const OutcomeRow b[] = {{17, "csat", "9.1", NULL, NULL},
                            {14, "p1_restore_hours", "3.5", NULL, "NOC"},
                            {10, "availability", "99.95", "note", NULL}};
    const OutcomeRow c[] = {{3, "p1_restore_hours", "3.5", NULL, NULL},
                            {1, "csat", "9.1", NULL, NULL},
                            {2, "availability", "99.95", NULL, NULL}};
    char want[DIGEST_HEX_SIZE], first[DIGEST_HEX_SIZE];
    const char lines[] = "availability=99.95\np1_restore_hours=3.5\ncsat=9.1\n";
    digest_sha256_hex(lines, strlen(lines), want);

    assert_int_equal(from_rows(&f, 10, a, 3), 0);
    assert_string_equal(f.set.sha256, want);
    snprintf(first, sizeof first, "%s", f.set.sha256);
    assert_int_equal(f.set.n, 3);
    assert_true(f.set.values[0].present);
    assert_money(f.set.values[0].value, -1, "99.95");
    assert_int_equal(f.set.values[0].line, 10);
    assert_string_equal(f.set.values[0].note, "note");
    assert_money(f.set.values[1].value, -1, "3.5");
    assert_int_equal(f.set.values[1].line, 14);
    assert_string_equal(f.set.values[1].source, "NOC");
    assert_int_equal(f.set.values[2].line, 17);
    assert_int_equal(f.set.rows.read, 3);
    assert_int_equal(f.set.rows.used, 3);

    assert_int_equal(from_rows(&f, 17, b, 3), 0);
    assert_string_equal(f.set.sha256, first);
    assert_int_equal(f.set.values[0].line, 10); /* each value keeps its row's line */
    assert_int_equal(f.set.values[2].line, 17);
    assert_int_equal(from_rows(&f, 3, c, 3), 0);
    assert_string_equal(f.set.sha256, first);

    /* a metric not measured has no line; a value written otherwise is another digest */
    const OutcomeRow d[] = {{5, "p1_restore_hours", "3.50", NULL, NULL},
                            {4, "availability", "99.95", NULL, NULL}};
    const char two[] = "availability=99.95\np1_restore_hours=3.50\n";
    digest_sha256_hex(two, strlen(two), want);
    assert_int_equal(from_rows(&f, 4, d, 2), 0);
    assert_string_equal(f.set.sha256, want);
    assert_false(f.set.values[2].present);
    assert_string_not_equal(f.set.sha256, first);

    /* outcomes_from_values, by contrast, takes the order given */
    const char *m1[] = {"csat", "availability", "p1_restore_hours"};
    const char *v1[] = {"9.1", "99.95", "3.5"};
    error_init(&f.err);
    assert_int_equal(outcomes_from_values("c.tests.lua", 3, m1, v1, 3, &f.d, &f.v, &f.p, &f.arena,
                                          &f.set, &f.err),
                     0);
    const char given[] = "csat=9.1\navailability=99.95\np1_restore_hours=3.5\n";
    digest_sha256_hex(given, strlen(given), want);
    assert_string_equal(f.set.sha256, want);
    arena_free(&f.arena);
}

/* Each error names the line of the row it is about; a metric missing, the line given. */
static void test_errors_name_the_row(void **state)
{
    (void)state;
    static Fixture f;
    declare(&f);
    const OutcomeRow bad_value[] = {{10, "availability", "99.95", NULL, NULL},
                                    {14, "p1_restore_hours", "3x", NULL, NULL},
                                    {17, "csat", "9.1", NULL, NULL}};
    assert_int_equal(from_rows(&f, 10, bad_value, 3), -1);
    assert_int_equal(f.err.code, OCE_EOUTCOMES);
    assert_string_equal(f.err.file, "all.csv");
    assert_int_equal(f.err.line, 14);
    assert_non_null(
        strstr(f.err.message, "metric \"p1_restore_hours\": value \"3x\" is not a decimal number"));

    const OutcomeRow places[] = {{21, "p1_restore_hours", "4", NULL, NULL},
                                 {36, "availability", "99.951", NULL, NULL}};
    assert_int_equal(from_rows(&f, 21, places, 2), -1);
    assert_int_equal(f.err.line, 36);
    assert_string_equal(f.err.message,
                        "value \"99.951\" has 3 decimal places; \"availability\" is measured to 2");

    const OutcomeRow range[] = {{8, "availability", "100.01", NULL, NULL}};
    assert_int_equal(from_rows(&f, 8, range, 1), -1);
    assert_int_equal(f.err.line, 8);
    assert_string_equal(f.err.message,
                        "value \"100.01\" is outside the range 0 to 100 of \"availability\"");

    const OutcomeRow twice[] = {{40, "availability", "99", NULL, NULL},
                                {41, "p1_restore_hours", "1", NULL, NULL},
                                {52, "availability", "98", NULL, NULL}};
    assert_int_equal(from_rows(&f, 40, twice, 3), -1);
    assert_int_equal(f.err.line, 52);
    assert_string_equal(f.err.message, "metric \"availability\" is given twice for contract "
                                       "\"SITE-0001\" period 2026-10 (first on line 40)");

    const OutcomeRow unknown[] = {{60, "availability", "99", NULL, NULL},
                                  {61, "availabilty", "99", NULL, NULL}};
    assert_int_equal(from_rows(&f, 60, unknown, 2), -1);
    assert_int_equal(f.err.line, 61);
    assert_string_equal(f.err.message, "unknown metric \"availabilty\" for contract \"SITE-0001\" "
                                       "(did you mean \"availability\"?)");

    const OutcomeRow empty[] = {{70, "availability", "", NULL, NULL}};
    assert_int_equal(from_rows(&f, 70, empty, 1), -1);
    assert_int_equal(f.err.line, 70);
    assert_non_null(strstr(f.err.message, "metric \"availability\": the value is empty"));

    /* a required metric missing: named at the line given (the contract's first row) */
    const OutcomeRow missing[] = {{90, "csat", "8", NULL, NULL},
                                  {95, "availability", "99", NULL, NULL}};
    assert_int_equal(from_rows(&f, 90, missing, 2), -1);
    assert_string_equal(f.err.file, "all.csv");
    assert_int_equal(f.err.line, 90);
    assert_string_equal(f.err.message, "required metric \"p1_restore_hours\" has no value for "
                                       "contract \"SITE-0001\" in period 2026-10");
    assert_int_equal(from_rows(&f, 0, NULL, 0), -1);
    assert_string_equal(f.err.message, "required metrics \"availability\", \"p1_restore_hours\" "
                                       "have no value for contract \"SITE-0001\" in period "
                                       "2026-10");

    /* a row of no line of its own takes the line given */
    const OutcomeRow noline[] = {{0, "availability", "x", NULL, NULL}};
    assert_int_equal(from_rows(&f, 33, noline, 1), -1);
    assert_int_equal(f.err.line, 33);
    arena_free(&f.arena);
}

int main(void)
{
    if (digest_init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_records_across_chunks),
        cmocka_unit_test(test_nul_far_in),
        cmocka_unit_test(test_empty_file),
        cmocka_unit_test(test_quote_never_closed),
        cmocka_unit_test(test_visitor_stops),
        cmocka_unit_test(test_digest_by_declared_order),
        cmocka_unit_test(test_errors_name_the_row),
    };
    return cmocka_run_group_tests(tests, scratch_open, scratch_close);
}
