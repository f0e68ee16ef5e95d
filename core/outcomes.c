#include "outcomes.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "incidents.h"
#include "rows.h"
#include "table.h"

/* The columns of a CSV header and the fields of a JSON element, in one order; the first
 * four must be present. */
enum { COL_CONTRACT, COL_PERIOD, COL_METRIC, COL_VALUE, COL_NOTE, COL_SOURCE, NCOLS };
static const char *const col_names[NCOLS] = {"contract", "period", "metric",
                                             "value",    "note",   "source"};
static const TableSpec spec = {
    "outcomes", col_names,
    NCOLS,      4,
    COL_VALUE,  "write the value as a decimal string, e.g. \"99.95\", not a JSON number",
    -1,         OCE_EOUTCOMES};

typedef TableRow Row;

/* The row nearest to what a missing required metric's row would be, for the error's hint. */
typedef struct Nearest {
    long score;     /* lower is nearer; LONG_MAX: none */
    char where[64]; /* "on line 36", "at outcomes[3], line 9" */
    char what[160]; /* ", for period 2026-11, which has it on line 37 too" */
} Nearest;

/* A row of the contract for a missing metric in another period. */
typedef struct Sighting {
    char period[16];
    long metric;
    char where[64];
} Sighting;

/* What the search for the missing metrics' nearest rows keeps; in the reader's arena. */
typedef struct Hints {
    Nearest *nearest; /* per metric */
    Sighting *seen;   /* every sighting so far, to tell a period that has a metric twice */
    size_t nseen, cap;
} Hints;

/* What reading one input needs; the arena and out are the caller's. */
typedef struct Reader {
    const char *name; /* file name for messages */
    const Decl *d;
    const DeclVersion *v; /* the version the period is settled by: its metrics */
    const Period *p;
    Arena *arena;
    OutcomeSet *out;
    const Table *t; /* the file being read; NULL for a test case's values */
    RowScope scope; /* whose rows are kept */
    Hints *hints;   /* when the missing metrics' nearest rows are looked for, else NULL */
    OceError *err;
} Reader;

#define SHOW_MAX ERROR_QUOTE_MAX
#define show error_quote

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
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

/* An error about a row, found by its line (CSV, a test case) or its path (JSON). */
static int row_error(Reader *r, const Row *row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static int row_error(Reader *r, const Row *row, int col, const char *fmt, ...)
{
    char msg[sizeof r->err->message];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (r->t != NULL)
        return table_row_error(r->t, row, col, "%s", msg);
    return error_set(r->err, OCE_EOUTCOMES, r->name, row->line, "%s", msg);
}

/* --- Checking a row against the contract. ---------------------------------------------- */

static long metric_index(const DeclVersion *v, const char *name)
{
    for (size_t i = 0; i < v->nmetrics; i++)
        if (strcmp(v->metrics[i].name, name) == 0)
            return (long)i;
    return -1;
}

static int unknown_metric(Reader *r, const Row *row)
{
    const Decl *d = r->d;
    const DeclVersion *v = r->v;
    const char **names = arena_alloc(r->arena, (v->nmetrics + 1) * sizeof *names);
    if (names == NULL)
        return nomem(r->err);
    for (size_t i = 0; i < v->nmetrics; i++)
        names[i] = v->metrics[i].name;
    const char *near = error_suggest(row->f[COL_METRIC], names, v->nmetrics);
    char what[SHOW_MAX], list[300];
    show(row->f[COL_METRIC], what);
    if (near != NULL)
        return row_error(r, row, COL_METRIC,
                         "unknown metric %s for contract \"%s\" (did you mean \"%s\"?)", what,
                         d->id, near);
    size_t n = 0;
    append(list, sizeof list, &n, "%s", v->nmetrics ? "it declares " : "it declares no metrics");
    for (size_t i = 0; i < v->nmetrics; i++)
        append(list, sizeof list, &n, "%s%s", i ? ", " : "", names[i]);
    return row_error(r, row, COL_METRIC, "unknown metric %s for contract \"%s\"; %s", what, d->id,
                     list);
}

static int duplicate(Reader *r, const Row *row, const MetricDecl *m, const Outcome *first)
{
    char where[64];
    if (r->t != NULL)
        table_where(r->t, first->line, row->index < 0 ? -1 : first->line - 1, where, sizeof where);
    else
        snprintf(where, sizeof where, "on line %d", first->line);
    return row_error(r, row, COL_METRIC,
                     "metric \"%s\" is given twice for contract \"%s\" period %s (first %s)",
                     m->name, r->d->id, r->p->id, where);
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
    if (money_parse(s, m->is_money ? r->d->currency : NULL, v, &perr) == 0)
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
    if (money_whole_digits(v) > METRIC_MAX_WHOLE_DIGITS)
        return row_error(r, row, COL_VALUE,
                         "metric \"%s\": value %s is out of range: a metric value is below 10^18",
                         m->name, what);
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
 * contracts or periods belong to other settlements and are set aside unchecked, and counted.
 * A row that only looks like another's (a mistyped period or contract id) is an error. */
static int accept_row(Reader *r, const Row *row)
{
    char why[300];
    RowFate fate =
        rows_classify(&r->scope, row->f[COL_CONTRACT], row->f[COL_PERIOD], why, sizeof why);
    if (fate == ROW_BAD_CONTRACT || fate == ROW_BAD_PERIOD)
        return row_error(r, row, fate == ROW_BAD_CONTRACT ? COL_CONTRACT : COL_PERIOD, "%s", why);
    rows_count(&r->out->rows, fate);
    if (fate != ROW_USED)
        return 0;
    long i = metric_index(r->v, row->f[COL_METRIC]);
    if (i < 0)
        return unknown_metric(r, row);
    const MetricDecl *m = &r->v->metrics[i];
    Outcome *o = &r->out->values[i];
    if (m->derived)
        return row_error(r, row, COL_METRIC,
                         "metric \"%s\" is derived from the incident log; it is not measured",
                         m->name);
    if (o->present)
        return duplicate(r, row, m, o);
    Money v;
    if (row_value(r, row, m, &v) != 0 || check_precision(r, row, m, v) != 0 ||
        check_range(r, row, m, v) != 0)
        return -1;
    return store(r, row, o, v);
}

/* Whether metric i is required and has no value. */
static bool missing(const Reader *r, size_t i)
{
    const MetricDecl *m = &r->v->metrics[i];
    return m->required && !m->derived && !r->out->values[i].present;
}

/* How near a row is: the metric's own row in another period that has it twice (one of the
 * two was surely meant for another period) is nearest, the closest period first; then its row
 * in another period; then, in the period settled, a metric whose name is a small edit away. */
#define SCORE_ONCE 10000L
#define SCORE_NAME 100000000L

/* Keeps row as n's nearest if it is nearer; what says how it is near. */
static void consider(Nearest *n, long score, const Table *t, const Row *row, const char *what)
{
    if (score >= n->score)
        return;
    n->score = score;
    table_where(t, row->line, row->index, n->where, sizeof n->where);
    snprintf(n->what, sizeof n->what, "%s", what);
}

/* The earlier sighting of metric i in period, or NULL; this one is recorded. */
static const Sighting *sighted(Reader *r, const Table *t, const Row *row, long i)
{
    Hints *h = r->hints;
    for (size_t k = 0; k < h->nseen; k++)
        if (h->seen[k].metric == i && strcmp(h->seen[k].period, row->f[COL_PERIOD]) == 0)
            return &h->seen[k];
    if (h->nseen == h->cap) {
        size_t want = h->cap ? h->cap * 2 : 16;
        Sighting *more = arena_alloc(r->arena, want * sizeof *more);
        if (more == NULL)
            return NULL; /* only a hint is lost */
        if (h->nseen)
            memcpy(more, h->seen, h->nseen * sizeof *more);
        h->seen = more;
        h->cap = want;
    }
    Sighting *s = &h->seen[h->nseen++];
    snprintf(s->period, sizeof s->period, "%s", row->f[COL_PERIOD]);
    s->metric = i;
    table_where(t, row->line, row->index, s->where, sizeof s->where);
    return NULL;
}

/* Looks at one row for what the missing metrics' rows may have been meant as. */
static int look(void *ctx, const Table *t, const TableRow *row)
{
    Reader *r = ctx;
    char why[300], what[sizeof r->hints->nearest->what];
    RowFate fate =
        rows_classify(&r->scope, row->f[COL_CONTRACT], row->f[COL_PERIOD], why, sizeof why);
    const char *metric = row->f[COL_METRIC];
    long i = metric_index(r->v, metric);
    Period q;
    if (fate == ROW_OTHER_PERIOD && i >= 0 && missing(r, (size_t)i) &&
        calendar_parse_period(row->f[COL_PERIOD], &q, NULL) == 0) {
        long months = (q.start.year - r->p->start.year) * 12L + q.start.month - r->p->start.month;
        const Sighting *twice = sighted(r, t, row, i);
        if (twice != NULL)
            snprintf(what, sizeof what, ", for period %s, which has it %s too", q.id, twice->where);
        else
            snprintf(what, sizeof what, ", for period %s", q.id);
        consider(&r->hints->nearest[i], (months < 0 ? -months : months) + (twice ? 0 : SCORE_ONCE),
                 t, row, what);
    }
    for (size_t k = 0; fate == ROW_USED && i >= 0 && k < r->v->nmetrics; k++) {
        const char *name = r->v->metrics[k].name;
        char shown[SHOW_MAX];
        if (!missing(r, k) || error_suggest(metric, &name, 1) == NULL)
            continue;
        snprintf(what, sizeof what, ", of metric %s", show(metric, shown));
        consider(&r->hints->nearest[k], SCORE_NAME, t, row, what);
    }
    return 0;
}

/* Reads the file again for the rows nearest to the missing metrics' (only when some are
 * missing: a settlement that succeeds reads its file once). */
static int find_nearest(Reader *r, const char *data, size_t len)
{
    Hints *h = arena_alloc(r->arena, sizeof *h);
    Nearest *n = arena_alloc(r->arena, (r->v->nmetrics + 1) * sizeof *n);
    if (h == NULL || n == NULL)
        return nomem(r->err);
    *h = (Hints){.nearest = n};
    for (size_t i = 0; i < r->v->nmetrics; i++)
        n[i].score = LONG_MAX;
    r->hints = h;
    return table_parse(r->name, data, len, &spec, look, r, r->err);
}

/* Every required metric must have a value; all the missing ones are named at once, each with
 * the row nearest to it when one was looked for and found. */
static int check_required(Reader *r)
{
    char list[300], hints[400] = "";
    size_t n = 0, h = 0, count = 0;
    for (size_t i = 0; i < r->v->nmetrics; i++) {
        if (!missing(r, i))
            continue;
        const char *name = r->v->metrics[i].name;
        append(list, sizeof list, &n, "%s\"%s\"", count++ ? ", " : "", name);
        const Nearest *near = r->hints != NULL ? &r->hints->nearest[i] : NULL;
        if (near != NULL && near->score != LONG_MAX)
            append(hints, sizeof hints, &h, "; the nearest row for \"%s\" is %s%s", name,
                   near->where, near->what);
    }
    if (count == 0)
        return 0;
    return error_set(r->err, OCE_EOUTCOMES, r->name, 0,
                     count == 1 ? "required metric %s has no value for contract \"%s\" in "
                                  "period %s%s"
                                : "required metrics %s have no value for contract \"%s\" in "
                                  "period %s%s",
                     list, r->d->id, r->p->id, hints);
}

/* --- Reading. --------------------------------------------------------------------------- */

static int set_init(Reader *r)
{
    OutcomeSet *out = r->out;
    memset(out, 0, sizeof *out);
    out->n = r->v->nmetrics;
    out->values = arena_alloc(r->arena, (out->n ? out->n : 1) * sizeof *out->values);
    return out->values != NULL ? 0 : nomem(r->err);
}

static int visit(void *ctx, const Table *t, const TableRow *row)
{
    Reader *r = ctx;
    r->t = t;
    return accept_row(r, row);
}

/* A reader of this contract period's rows, with its set of outcomes made ready. */
static int reader_start(Reader *r, const char *name, const Decl *d, const DeclVersion *v,
                        const Period *p, Arena *arena, OutcomeSet *out, OceError *err)
{
    *r = (Reader){.name = name,
                  .d = d,
                  .v = v,
                  .p = p,
                  .arena = arena,
                  .out = out,
                  .scope = {.contract = d->id, .period = p},
                  .err = err};
    return set_init(r);
}

int outcomes_parse(const char *name, const char *data, size_t len, const Decl *d,
                   const DeclVersion *v, const Period *p, Arena *arena, OutcomeSet *out,
                   OceError *err)
{
    Reader r;
    if (reader_start(&r, name, d, v, p, arena, out, err) != 0)
        return -1;
    digest_sha256_hex(data, len, out->sha256);
    if (table_parse(name, data, len, &spec, visit, &r, err) != 0)
        return -1;
    r.t = NULL;
    for (size_t i = 0; i < v->nmetrics; i++)
        if (missing(&r, i))
            return find_nearest(&r, data, len) != 0 ? -1 : check_required(&r);
    return 0;
}

/* The outcomes from rows, their digest taken in the order given or by_metric. */
static int from_rows(const char *name, int line, const OutcomeRow *rows, size_t n, bool by_metric,
                     const Decl *d, const DeclVersion *v, const Period *p, Arena *arena,
                     OutcomeSet *out, OceError *err)
{
    Reader r;
    if (reader_start(&r, name, d, v, p, arena, out, err) != 0)
        return -1;
    for (size_t i = 0; i < n; i++) {
        Row row = {.f = {d->id, p->id, rows[i].metric, rows[i].value, rows[i].note, rows[i].source},
                   .line = rows[i].line > 0 ? rows[i].line : line,
                   .index = -1};
        if (accept_row(&r, &row) != 0)
            return -1;
    }
    /* The lines in the order given, or in the order of the metrics, so that the digest does
     * not depend on how a file's rows were sorted. */
    DigestSha256 h;
    digest_sha256_begin(&h);
    for (size_t k = 0; k < (by_metric ? v->nmetrics : n); k++) {
        const OutcomeRow *o = by_metric ? NULL : &rows[k];
        for (size_t i = 0; by_metric && i < n && o == NULL; i++)
            if (strcmp(rows[i].metric, v->metrics[k].name) == 0)
                o = &rows[i];
        if (o == NULL)
            continue;
        digest_sha256_add(&h, o->metric, strlen(o->metric));
        digest_sha256_add(&h, "=", 1);
        digest_sha256_add(&h, o->value, strlen(o->value));
        digest_sha256_add(&h, "\n", 1);
    }
    digest_sha256_end(&h, out->sha256);
    if (check_required(&r) != 0) {
        error_at(err, name, line); /* the case, or the contract's first row, that lacks it */
        return -1;
    }
    return 0;
}

int outcomes_from_rows(const char *name, int line, const OutcomeRow *rows, size_t n, const Decl *d,
                       const DeclVersion *v, const Period *p, Arena *arena, OutcomeSet *out,
                       OceError *err)
{
    return from_rows(name, line, rows, n, true, d, v, p, arena, out, err);
}

int outcomes_from_values(const char *name, int line, const char *const *metrics,
                         const char *const *values, size_t n, const Decl *d, const DeclVersion *v,
                         const Period *p, Arena *arena, OutcomeSet *out, OceError *err)
{
    OutcomeRow *rows = arena_alloc(arena, (n ? n : 1) * sizeof *rows);
    if (rows == NULL)
        return nomem(err);
    for (size_t i = 0; i < n; i++)
        rows[i] = (OutcomeRow){line, metrics[i], values[i], NULL, NULL};
    return from_rows(name, line, rows, n, false, d, v, p, arena, out, err);
}

typedef struct Streamed {
    OutcomesVisit give;
    void *ctx;
} Streamed;

static int stream_row(void *ctx, const Table *t, const TableRow *row)
{
    const Streamed *s = ctx;
    OutcomeRow r = {row->line, row->f[COL_METRIC], row->f[COL_VALUE], row->f[COL_NOTE],
                    row->f[COL_SOURCE]};
    return s->give(s->ctx, row->f[COL_CONTRACT], row->f[COL_PERIOD], &r, t->err);
}

int outcomes_stream(const char *path, OutcomesVisit give, void *ctx, OceError *err)
{
    Streamed s = {give, ctx};
    return table_stream(path, "the outcomes file", &spec, stream_row, &s, err);
}

int outcomes_read(const char *path, const Decl *d, const DeclVersion *v, const Period *p,
                  Arena *arena, OutcomeSet *out, OceError *err)
{
    size_t len = 0;
    char *data = table_read_file(path, "the outcomes file", &len, err);
    if (data == NULL)
        return -1;
    int rc = outcomes_parse(path, data, len, d, v, p, arena, out, err);
    free(data);
    return rc;
}

bool outcomes_derives(const DeclVersion *v)
{
    for (size_t i = 0; i < v->nmetrics; i++)
        if (v->metrics[i].derived)
            return true;
    return false;
}

bool outcomes_measures(const DeclVersion *v)
{
    for (size_t i = 0; i < v->nmetrics; i++)
        if (!v->metrics[i].derived)
            return true;
    return false;
}

int outcomes_derive(OutcomeSet *set, const Decl *d, const DeclVersion *v, const Period *p,
                    const IncidentLog *log, Arena *arena, OceError *err)
{
    set->incidents = log;
    set->report = NULL;
    set->incident_rows = (RowCount){0};
    if (!outcomes_derives(v))
        return log == NULL ? 0
                           : error_set(err, OCE_EUSAGE, NULL, 0,
                                       "contract \"%s\" derives no metric from incidents: leave "
                                       "out the incident log",
                                       d->id);
    if (log == NULL)
        return error_set(
            err, OCE_EUSAGE, NULL, 0,
            "contract \"%s\" derives metrics from its incident log: give it (--incidents "
            "FILE, or incidents = \"file\" in a test case)",
            d->id);
    Date first = calendar_date_cmp(d->effective_from, p->start) > 0 ? d->effective_from : p->start;
    Date last = calendar_date_cmp(d->effective_to, p->end) < 0 ? d->effective_to : p->end;
    Instant from, to;
    service_bounds(&d->calendar, first, last, &from, &to);
    IncidentReport *report = arena_alloc(arena, sizeof *report);
    if (report == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    if (derive_report(&d->policy, log, from, to, arena, report, err) != 0)
        return -1;
    set->report = report;
    /* Every incident of the log is accounted for: in the period (its findings), the
     * contract's in other periods, or other contracts'. */
    set->incident_rows = (RowCount){.read = log->rows,
                                    .used = report->n,
                                    .other_contracts = log->rows - log->n,
                                    .other_periods = log->n - report->n};
    for (size_t i = 0; i < v->nmetrics; i++) {
        const MetricDecl *m = &v->metrics[i];
        if (!m->derived)
            continue;
        Outcome *o = &set->values[i];
        if (derive_value(report, &m->derivation, arena, &o->value, &o->note, err) != 0) {
            char what[96];
            snprintf(what, sizeof what, "metric \"%.63s\": ", m->name);
            error_wrap(err, what, "");
            error_at(err, log->name, 0);
            return -1;
        }
        /* Today's measures stay far inside the range (a percentage, hours or minutes of the
         * period, a count); this keeps a new measure from slipping past it. */
        if (money_whole_digits(o->value) > METRIC_MAX_WHOLE_DIGITS)
            return error_set(err, OCE_EOUTCOMES, log->name, 0,
                             "metric \"%s\": the derived value is out of range: a metric value "
                             "is below 10^18",
                             m->name);
        o->present = true;
        o->source = "incident log";
    }
    return 0;
}

/* The period's outcomes: measured, from the outcomes file (none when the contract measures
 * nothing), and derived, from the incident log. */
int outcomes_load(const Decl *d, const DeclVersion *v, const Period *p, const char *outcomes,
                  const char *incidents, Arena *arena, OutcomeSet *set, OceError *err)
{
    if (outcomes == NULL && outcomes_measures(v))
        return error_set(err, OCE_EUSAGE, NULL, 0,
                         "contract \"%s\" measures metrics: give --outcomes FILE", d->id);
    int rc = outcomes != NULL ? outcomes_read(outcomes, d, v, p, arena, set, err)
                              : outcomes_from_values("(no outcomes)", 0, NULL, NULL, 0, d, v, p,
                                                     arena, set, err);
    if (rc != 0)
        return -1;
    IncidentLog *log = NULL;
    if (incidents != NULL && d->has_incidents) {
        log = arena_alloc(arena, sizeof *log);
        if (log == NULL)
            return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        if (incidents_read(incidents, d->id, &d->rules, arena, log, err) != 0)
            return -1;
    } else if (incidents != NULL) {
        return error_set(err, OCE_EUSAGE, NULL, 0,
                         "contract \"%s\" declares no incidents: leave out --incidents", d->id);
    }
    return outcomes_derive(set, d, v, p, log, arena, err);
}
