#include "incidents.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rows.h"
#include "table.h"

enum {
    COL_CONTRACT,
    COL_SERVICE,
    COL_ID,
    COL_START,
    COL_END,
    COL_SEVERITY,
    COL_CAUSE,
    COL_NOTE,
    COL_DISPUTED,
    NCOLS
};
static const char *const col_names[NCOLS] = {"contract", "service", "id",   "start",   "end",
                                             "severity", "cause",   "note", "disputed"};
static const TableSpec spec = {"incidents", col_names, NCOLS, 7, -1, NULL, COL_END, OCE_EOUTCOMES};

typedef struct Reader {
    const char *contract;
    const IncidentRules *rules;
    Arena *arena;
    IncidentLog *out;
    size_t cap;
    size_t *ids; /* open-addressed: 1 + the index of the incident with each id, 0 empty */
    size_t nids;
    OceError *err;
} Reader;

static size_t hash(const char *s)
{
    size_t h = 1469598103934665603u;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

/* The incident already read with id, or NULL; with add, the slot to record one in. */
static size_t *slot(Reader *r, const char *id)
{
    size_t mask = r->nids - 1;
    for (size_t k = hash(id) & mask;; k = (k + 1) & mask)
        if (r->ids[k] == 0 || strcmp(r->out->v[r->ids[k] - 1].id, id) == 0)
            return &r->ids[k];
}

/* Keeps the table under half full, for the incidents read so far and one more. */
static int grow_ids(Reader *r)
{
    if (2 * (r->out->n + 1) <= r->nids)
        return 0;
    size_t n = r->nids ? r->nids * 2 : 1024;
    size_t *old = r->ids, nold = r->nids;
    r->ids = arena_alloc(r->arena, n * sizeof *r->ids);
    if (r->ids == NULL)
        return -1;
    r->nids = n;
    for (size_t k = 0; k < nold; k++)
        if (old[k] != 0)
            *slot(r, r->out->v[old[k] - 1].id) = old[k];
    return 0;
}

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
}

/* The name among names, or an error naming what it is and the closest declared one. */
static int declared(const Table *t, const TableRow *row, int col, const char *what,
                    const char *const *names, size_t n, const char **out)
{
    const char *s = row->f[col];
    for (size_t i = 0; i < n; i++)
        if (strcmp(names[i], s) == 0) {
            *out = names[i];
            return 0;
        }
    char shown[ERROR_QUOTE_MAX], list[300];
    const char *near = strlen(s) > 3 ? error_suggest(s, names, n) : NULL; /* not P7 for P1 */
    if (near != NULL)
        return table_row_error(t, row, col, "unknown %s %s (did you mean \"%s\"?)", what,
                               error_quote(s, shown), near);
    size_t len = 0;
    list[0] = '\0';
    for (size_t i = 0; i < n && len < sizeof list; i++)
        len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", i ? ", " : "", names[i]);
    return table_row_error(t, row, col, "unknown %s %s; the contract declares %s", what,
                           error_quote(s, shown), n ? list : "none");
}

static int timestamp(const Table *t, const TableRow *row, int col, Instant *out)
{
    char shown[ERROR_QUOTE_MAX];
    const char *why = "";
    if (tz_parse_iso(row->f[col], out, &why) == 0)
        return 0;
    return table_row_error(t, row, col,
                           "%s %s is not a timestamp: %s; write it as ISO 8601 or RFC 3339 "
                           "do: YYYY-MM-DD, T or a space, HH:MM, optional :SS and a fraction of "
                           "up to 9 digits, then Z or an offset +HH:MM, +HHMM or +HH, e.g. "
                           "2026-10-07T09:14Z or 2026-10-07 10:14:30.250+01:00",
                           col_names[col], error_quote(row->f[col], shown), why);
}

static int keep(Reader *r, const char *s, const char **out)
{
    *out = arena_strdup(r->arena, s);
    return *out != NULL ? 0 : nomem(r->err);
}

static int room(Reader *r)
{
    if (r->out->n < r->cap)
        return 0;
    size_t want = r->cap ? r->cap * 2 : 64;
    Incident *v = arena_alloc(r->arena, want * sizeof *v);
    if (v == NULL)
        return nomem(r->err);
    if (r->out->n)
        memcpy(v, r->out->v, r->out->n * sizeof *v);
    r->out->v = v;
    r->cap = want;
    return 0;
}

static int visit(void *ctx, const Table *t, const TableRow *row)
{
    Reader *r = ctx;
    RowScope scope = {.contract = r->contract};
    char why[300];
    r->out->rows++;
    RowFate fate = rows_classify(&scope, row->f[COL_CONTRACT], NULL, why, sizeof why);
    if (fate == ROW_BAD_CONTRACT)
        return table_row_error(t, row, COL_CONTRACT, "%s", why);
    if (fate != ROW_USED)
        return 0;
    const IncidentRules *rules = r->rules;
    Incident inc = {.line = row->index < 0 ? row->line : row->index + 1, .index = row->index};
    char shown[ERROR_QUOTE_MAX], where[64], a[TZ_TEXT_MAX], b[TZ_TEXT_MAX];
    const char *id = row->f[COL_ID];
    if (id[0] == '\0')
        return table_row_error(t, row, COL_ID, "the incident has no id");
    if (grow_ids(r) != 0)
        return nomem(r->err);
    size_t *seen = slot(r, id);
    if (*seen != 0) {
        const Incident *first = &r->out->v[*seen - 1];
        table_where(t, first->line, first->index, where, sizeof where);
        return table_row_error(t, row, COL_ID, "incident %s is given twice (first %s)",
                               error_quote(id, shown), where);
    }
    const char *d = row->f[COL_DISPUTED];
    if (d != NULL && d[0] != '\0' && strcmp(d, "true") != 0 && strcmp(d, "false") != 0 &&
        strcmp(d, "yes") != 0 && strcmp(d, "no") != 0)
        return table_row_error(t, row, COL_DISPUTED,
                               "disputed %s: write true or false (or yes or no), or leave it "
                               "empty",
                               error_quote(d, shown));
    inc.disputed = d != NULL && (strcmp(d, "true") == 0 || strcmp(d, "yes") == 0);
    inc.open = row->f[COL_END][0] == '\0';
    if (declared(t, row, COL_SERVICE, "service", rules->services, rules->nservices, &inc.service) !=
            0 ||
        declared(t, row, COL_SEVERITY, "severity", rules->severities, rules->nseverities,
                 &inc.severity) != 0 ||
        declared(t, row, COL_CAUSE, "cause", rules->causes, rules->ncauses, &inc.cause) != 0 ||
        timestamp(t, row, COL_START, &inc.start) != 0 ||
        (!inc.open && timestamp(t, row, COL_END, &inc.end) != 0))
        return -1;
    if (!inc.open && inc.end - inc.start > (Instant)366 * 86400 * TZ_SECOND) {
        tz_format_utc(inc.start, a);
        tz_format_utc(inc.end, b);
        return table_row_error(t, row, COL_END,
                               "incident %s lasts more than a year (%s to %s): check its start "
                               "and end",
                               error_quote(id, shown), a, b);
    }
    if (!inc.open && inc.end < inc.start) {
        tz_format_utc(inc.start, a);
        tz_format_utc(inc.end, b);
        return table_row_error(t, row, COL_END, "incident %s ends (%s) before it starts (%s)",
                               error_quote(id, shown), b, a);
    }
    if (keep(r, id, &inc.id) != 0 ||
        (row->f[COL_NOTE] != NULL && row->f[COL_NOTE][0] != '\0' &&
         keep(r, row->f[COL_NOTE], &inc.note) != 0) ||
        room(r) != 0)
        return -1;
    r->out->v[r->out->n++] = inc;
    *slot(r, inc.id) = r->out->n;
    return 0;
}

int incidents_parse(const char *name, const char *data, size_t len, const char *contract,
                    const IncidentRules *rules, Arena *arena, IncidentLog *out, OceError *err)
{
    memset(out, 0, sizeof *out);
    out->name = arena_strdup(arena, name);
    if (out->name == NULL)
        return nomem(err);
    digest_sha256_hex(data, len, out->sha256);
    Reader r = {contract, rules, arena, out, 0, NULL, 0, err};
    return table_parse(name, data, len, &spec, visit, &r, err) == 0 ? 0 : -1;
}

int incidents_read(const char *path, const char *contract, const IncidentRules *rules, Arena *arena,
                   IncidentLog *out, OceError *err)
{
    size_t len = 0;
    char *data = table_read_file(path, "the incident log", &len, err);
    if (data == NULL)
        return -1;
    int rc = incidents_parse(path, data, len, contract, rules, arena, out, err);
    free(data);
    return rc;
}

/* Orders rows by their incident's id, for a digest that does not depend on the file's order. */
static int by_id(const void *a, const void *b)
{
    const char *const *x = *(const char *const *const *)a, *const *y =
                                                               *(const char *const *const *)b;
    return strcmp(x[COL_ID], y[COL_ID]);
}

int incidents_from_rows(const char *name, const int *lines, const char *const *const *rows,
                        size_t n, const char *contract, const IncidentRules *rules, Arena *arena,
                        IncidentLog *out, OceError *err)
{
    memset(out, 0, sizeof *out);
    out->name = arena_strdup(arena, name);
    const char *const **sorted = arena_alloc(arena, (n ? n : 1) * sizeof *sorted);
    if (out->name == NULL || sorted == NULL)
        return nomem(err);
    Reader r = {contract, rules, arena, out, 0, NULL, 0, err};
    Table t = {name, &spec, NULL, err};
    for (size_t i = 0; i < n; i++) {
        TableRow row = {.line = lines[i], .index = -1};
        for (int k = 0; k < NCOLS; k++)
            row.f[k] = rows[i][k];
        if (visit(&r, &t, &row) != 0)
            return -1;
        sorted[i] = rows[i];
    }
    qsort(sorted, n, sizeof *sorted, by_id);
    DigestSha256 h;
    digest_sha256_begin(&h);
    for (size_t i = 0; i < n; i++)
        for (int k = 1; k < NCOLS; k++) { /* all but the contract, which is the document's */
            const char *f = sorted[i][k] != NULL ? sorted[i][k] : "";
            digest_sha256_add(&h, f, strlen(f));
            digest_sha256_add(&h, k + 1 < NCOLS ? "\t" : "\n", 1);
        }
    digest_sha256_end(&h, out->sha256);
    return 0;
}

typedef struct Streamed {
    IncidentsVisit give;
    void *ctx;
} Streamed;

static int stream_row(void *ctx, const Table *t, const TableRow *row)
{
    const Streamed *s = ctx;
    return s->give(s->ctx, row->line, row->f, t->err);
}

int incidents_stream(const char *path, IncidentsVisit give, void *ctx, OceError *err)
{
    Streamed s = {give, ctx};
    return table_stream(path, "the incident log", &spec, stream_row, &s, err);
}
