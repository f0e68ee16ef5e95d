#include "batch.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "contract.h"
#include "decl.h"
#include "incidents.h"
#include "outcomes.h"
#include "portfolio.h"
#include "spill.h"
#include "summary.h"
#include "workers.h"

enum { KIND_PORTFOLIO, KIND_OUTCOMES, KIND_INCIDENTS, NKINDS };

/* A bucket holds about this many bytes of the inputs, so that one bucket in memory is the
 * same size however large the portfolio. */
#define BUCKET_BYTES ((long long)8 << 20)
#define BUCKETS_MAX 1000

/* FNV-1a of the id, then mixed (the finalizer of SplitMix64) so that ids that differ in one
 * character spread over the buckets and shards: every bit of the result depends on all. */
static uint64_t hash_id(const char *s)
{
    uint64_t h = 14695981039346656037ull;
    for (; *s; s++)
        h = (h ^ (unsigned char)*s) * 1099511628211ull;
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

unsigned batch_shard_of(const char *contract_id, unsigned n)
{
    return n <= 1 ? 0 : (unsigned)((hash_id(contract_id) >> 32) % n);
}

static size_t bucket_of(const char *contract_id, size_t nbuckets)
{
    return (size_t)(hash_id(contract_id) % nbuckets);
}

static long long file_size(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : 0;
}

/* --- The templates, each read once ------------------------------------------------------ */

typedef struct Template {
    char *name, *path, *text;
    size_t len;
    OceError err; /* why it could not be read, when text is NULL */
} Template;

typedef struct Batch {
    const BatchSpec *spec;
    Spill *spill;
    size_t nbuckets, contracts;
    Template *templates;
    size_t ntemplates;
    Arena arena; /* what one contract's inputs need; reset after each */
    RunEmit emit;
    void *ctx;
} Batch;

static const Template *template_of(Batch *b, const char *name, OceError *err)
{
    for (size_t k = 0; k < b->ntemplates; k++)
        if (strcmp(b->templates[k].name, name) == 0)
            return &b->templates[k];
    Template *more = realloc(b->templates, (b->ntemplates + 1) * sizeof *more);
    if (more == NULL) {
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    b->templates = more;
    Template *t = &b->templates[b->ntemplates];
    memset(t, 0, sizeof *t);
    error_init(&t->err);
    size_t size = strlen(b->spec->templates) + strlen(name) + 6;
    t->name = strdup(name);
    t->path = malloc(size);
    if (t->name == NULL || t->path == NULL) {
        free(t->name);
        free(t->path);
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    snprintf(t->path, size, "%s/%s.lua", b->spec->templates, name);
    t->text = contract_read_script(t->path, "template", &t->len, &t->err);
    b->ntemplates++;
    return t;
}

/* --- Reading the inputs into buckets ---------------------------------------------------- */

static int put_contract(void *ctx, const PortfolioRow *row, OceError *err)
{
    Batch *b = ctx;
    const char *f[2 + 2 * PORTFOLIO_PARAMS_MAX];
    size_t n = 0;
    f[n++] = row->contract_id;
    f[n++] = row->template_name;
    for (size_t k = 1; k < row->n; k++) {
        f[n++] = row->names[k];
        f[n++] = row->values[k];
    }
    if (batch_shard_of(row->contract_id, b->spec->nshards) == b->spec->shard)
        b->contracts++;
    return spill_put(b->spill, bucket_of(row->contract_id, b->nbuckets), KIND_PORTFOLIO, row->line,
                     f, n, err);
}

static int put_outcome(void *ctx, const char *contract, const char *period, const OutcomeRow *row,
                       OceError *err)
{
    Batch *b = ctx;
    PeriodKind kind;
    char q[ERROR_QUOTE_MAX];
    if (calendar_period_kind(period, &kind) != 0)
        return error_set(err, OCE_EOUTCOMES, b->spec->outcomes, row->line,
                         "period %s is not a period: expected YYYY-MM, YYYY-Qn or YYYY",
                         error_quote(period, q));
    const char *f[] = {contract, period, row->metric, row->value, row->note, row->source};
    return spill_put(b->spill, bucket_of(contract, b->nbuckets), KIND_OUTCOMES, row->line, f, 6,
                     err);
}

static int put_incident(void *ctx, int line, const char *const *fields, OceError *err)
{
    Batch *b = ctx;
    return spill_put(b->spill, bucket_of(fields[0], b->nbuckets), KIND_INCIDENTS, line, fields,
                     INCIDENTS_COLUMNS, err);
}

/* --- One bucket ------------------------------------------------------------------------- */

/* A contract's rows of the bucket's outcomes, chained in file order. */
typedef struct Entry {
    const char *id;
    size_t first, last, count; /* record indices; next[] chains them */
    int seen;                  /* the line of the portfolio row that holds it, or 0 */
} Entry;

typedef struct Index {
    Entry *entries;
    size_t nentries, cap; /* cap a power of two */
    size_t *slots;        /* entry index + 1; 0 is empty */
    size_t *next;         /* per record: the next of its contract, or SIZE_MAX */
} Index;

static Entry *find(Index *x, const char *id, int add)
{
    size_t mask = x->cap - 1, i = (size_t)hash_id(id) & mask;
    for (; x->slots[i] != 0; i = (i + 1) & mask)
        if (strcmp(x->entries[x->slots[i] - 1].id, id) == 0)
            return &x->entries[x->slots[i] - 1];
    if (!add)
        return NULL;
    x->slots[i] = ++x->nentries;
    Entry *e = &x->entries[x->nentries - 1];
    *e = (Entry){id, SIZE_MAX, SIZE_MAX, 0, 0};
    return e;
}

/* Groups the bucket's outcome rows by contract, and makes room for its portfolio's ids. */
static int index_bucket(Index *x, const SpillBucket *o, size_t contracts, OceError *err)
{
    size_t want = 2 * (o->n + contracts) + 16;
    x->cap = 16;
    while (x->cap < want)
        x->cap *= 2;
    x->nentries = 0;
    x->slots = calloc(x->cap, sizeof *x->slots);
    x->entries = malloc((o->n + contracts + 1) * sizeof *x->entries);
    x->next = malloc((o->n + 1) * sizeof *x->next);
    if (x->slots == NULL || x->entries == NULL || x->next == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    for (size_t r = 0; r < o->n; r++) {
        Entry *e = find(x, o->fields[o->records[r].first], 1);
        x->next[r] = SIZE_MAX;
        if (e->count++ == 0)
            e->first = r;
        else
            x->next[e->last] = r;
        e->last = r;
    }
    return 0;
}

static void index_free(Index *x)
{
    free(x->slots);
    free(x->entries);
    free(x->next);
}

typedef struct Member {
    Batch *b;
    const SpillBucket *o, *ib; /* the bucket's outcomes and incidents */
    const Index *x, *xi;
    const Entry *e;  /* its outcome rows; NULL: none */
    const Entry *ie; /* its incident rows; NULL: none */
    const char *contract_id;
    IncidentLog *log; /* its incident log, once read */
} Member;

/* The contract's incident log, from its rows of the portfolio's (read once, for its first
 * period). */
static int member_log(Member *m, const Contract *c, OceError *err)
{
    if (m->log != NULL)
        return 0;
    size_t n = m->ie != NULL ? m->ie->count : 0, k = 0;
    Arena *a = &m->b->arena;
    int *lines = arena_alloc(a, (n ? n : 1) * sizeof *lines);
    const char *const **rows = arena_alloc(a, (n ? n : 1) * sizeof *rows);
    m->log = arena_alloc(a, sizeof *m->log);
    if (lines == NULL || rows == NULL || m->log == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    for (size_t r = m->ie != NULL ? m->ie->first : SIZE_MAX; r != SIZE_MAX; r = m->xi->next[r]) {
        lines[k] = m->ib->records[r].line;
        rows[k++] = m->ib->fields + m->ib->records[r].first;
    }
    if (incidents_from_rows(m->b->spec->incidents, lines, rows, n, m->contract_id, &c->decl.rules,
                            a, m->log, err) != 0) {
        m->log = NULL;
        return -1;
    }
    return 0;
}

/* The inputs of period q of a portfolio's contract: its rows of the outcomes for q. */
static int member_inputs(void *ctx, Contract *c, const Period *q, SettleInputs *in, OceError *err)
{
    Member *m = ctx;
    if (strcmp(c->decl.id, m->contract_id) != 0)
        return error_set(err, OCE_ECONTRACT, c->decl.path, c->decl.decl_line,
                         "the template declares id \"%s\", but the portfolio's contract_id is "
                         "\"%s\": a template writes id = params.contract_id",
                         c->decl.id, m->contract_id);
    size_t count = m->e != NULL ? m->e->count : 0, n = 0;
    OutcomeRow *rows = arena_alloc(&m->b->arena, (count ? count : 1) * sizeof *rows);
    if (rows == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    PeriodKind want = decl_period_kind(c->decl.cadence);
    for (size_t r = m->e != NULL ? m->e->first : SIZE_MAX; r != SIZE_MAX; r = m->x->next[r]) {
        const char *const *f = m->o->fields + m->o->records[r].first;
        PeriodKind kind = want;
        calendar_period_kind(f[1], &kind); /* a period: checked as the file was read */
        if (kind != want)
            return error_set(err, OCE_EOUTCOMES, m->b->spec->outcomes, m->o->records[r].line,
                             "period %s is a %s, but contract \"%s\" is settled %s", f[1],
                             calendar_period_kind_name(kind), m->contract_id,
                             decl_cadence_name(c->decl.cadence));
        if (strcmp(f[1], q->id) == 0)
            rows[n++] = (OutcomeRow){m->o->records[r].line, f[2], f[3], f[4], f[5]};
    }
    *in = (SettleInputs){.stated_in = m->b->spec->outcomes,
                         .line = n > 0 ? rows[0].line : 0,
                         .rows = rows,
                         .nvalues = n,
                         .row_count = {count, n, 0, count - n}};
    const DeclVersion *v = decl_version_for(&c->decl, q, err);
    if (v == NULL)
        return -1;
    if (outcomes_derives(v)) {
        if (m->b->spec->incidents == NULL)
            return error_set(err, OCE_EUSAGE, c->decl.path, 0,
                             "the contract derives metrics from incidents: give the run "
                             "--incidents, the incident log of the portfolio");
        if (member_log(m, c, err) != 0)
            return -1;
        in->log = m->log;
    }
    return 0;
}

/* A bucket read back: its contracts, its outcomes and its incidents, each grouped by
 * contract. */
typedef struct Bucket {
    SpillBucket p, o, i;
    Index x, xi;
} Bucket;

/* Marks the contract as one the portfolio holds, in both indexes: its rows are not strays. */
static Entry *hold(Bucket *k, const char *id, int line, Entry **incidents)
{
    Entry *e = find(&k->x, id, 1), *ie = find(&k->xi, id, 1);
    if (ie->seen == 0)
        ie->seen = line;
    *incidents = ie;
    return e;
}

static int settle_member(Batch *b, Bucket *k, size_t r, OceError *err)
{
    const SpillRecord *rec = &k->p.records[r];
    const char *const *f = k->p.fields + rec->first;
    const char *names[PORTFOLIO_PARAMS_MAX + 1], *values[PORTFOLIO_PARAMS_MAX + 1];
    size_t n = 0;
    names[n] = "contract_id";
    values[n++] = f[0];
    for (size_t j = 2; j + 1 < rec->n; j += 2) {
        names[n] = f[j];
        values[n++] = f[j + 1];
    }
    Entry *ie;
    Entry *e = hold(k, f[0], rec->line, &ie);
    Member m = {
        b,    &k->o, &k->i, &k->x, &k->xi, e->count > 0 ? e : NULL, ie->count > 0 ? ie : NULL,
        f[0], NULL};
    RunItem item = {f[0], NULL, NULL, 0, {names, values, n}, member_inputs, &m, ""};
    char from[300];
    snprintf(from, sizeof from, " from %.280s", b->spec->outcomes);
    item.from = from;
    OceError why;
    error_init(&why);
    if (e->seen != 0) {
        error_set(&why, OCE_ECONTRACT, b->spec->portfolio, rec->line,
                  "contract_id \"%s\" is given twice: first on line %d", f[0], e->seen);
        RunEvent ev = {.item = &item, .outcome = RUN_FAILED, .err = &why};
        return b->emit(b->ctx, &ev, err) != 0 ? -1 : run_done(&item, 1, b->emit, b->ctx, err);
    }
    e->seen = rec->line;
    const Template *t = template_of(b, f[1], err);
    if (t == NULL)
        return -1;
    item.script = t->path;
    if (t->text == NULL) {
        why = t->err;
        RunEvent ev = {.item = &item, .outcome = RUN_FAILED, .err = &why};
        return b->emit(b->ctx, &ev, err) != 0 ? -1 : run_done(&item, 1, b->emit, b->ctx, err);
    }
    item.text = t->text;
    item.len = t->len;
    int rc = run_item(&item, b->spec->period, b->spec->limits, b->emit, b->ctx, err);
    arena_reset(&b->arena);
    return rc;
}

/* The rows of an input of the bucket whose contract the portfolio does not hold. */
static int strays(Batch *b, const char *file, const SpillBucket *o, const Index *x, OceError *err)
{
    for (size_t k = 0; k < x->nentries; k++) {
        const Entry *e = &x->entries[k];
        if (e->seen != 0 || e->count == 0 ||
            batch_shard_of(e->id, b->spec->nshards) != b->spec->shard)
            continue;
        OceError why;
        error_init(&why);
        char q[ERROR_QUOTE_MAX];
        error_set(&why, OCE_EOUTCOMES, file, o->records[e->first].line,
                  "contract %s is not in the portfolio %s (%zu row%s of it, the first on this "
                  "line)",
                  error_quote(e->id, q), b->spec->portfolio, e->count, e->count == 1 ? "" : "s");
        RunEvent ev = {.outcome = RUN_STRAY, .err = &why, .rows = e->count};
        if (b->emit(b->ctx, &ev, err) != 0)
            return -1;
    }
    return 0;
}

/* Settles bucket k's contracts from the r0-th on (those before it were settled by a worker
 * that ended: they are only marked as held, so that their rows are not strays), telling
 * the parent where each begins. */
static int settle_bucket(void *self, Workers *w, size_t unit, size_t r0, OceError *err)
{
    Batch *b = self;
    b->emit = workers_emit;
    b->ctx = w;
    Bucket k = {0};
    int rc = spill_load(b->spill, unit, KIND_PORTFOLIO, &k.p, err) == 0 &&
                     spill_load(b->spill, unit, KIND_OUTCOMES, &k.o, err) == 0 &&
                     spill_load(b->spill, unit, KIND_INCIDENTS, &k.i, err) == 0 &&
                     index_bucket(&k.x, &k.o, k.p.n, err) == 0 &&
                     index_bucket(&k.xi, &k.i, k.p.n, err) == 0
                 ? 0
                 : -1;
    for (size_t r = 0; rc == 0 && r < k.p.n; r++) {
        const char *id = k.p.fields[k.p.records[r].first];
        if (batch_shard_of(id, b->spec->nshards) != b->spec->shard)
            continue;
        if (r < r0) {
            Entry *ie, *e = hold(&k, id, k.p.records[r].line, &ie);
            if (e->seen == 0)
                e->seen = k.p.records[r].line;
            continue;
        }
        rc = workers_begin(w, r, id, err);
        if (rc == 0)
            rc = settle_member(b, &k, r, err); /* its RUN_DONE is the "E" */
    }
    if (rc == 0)
        rc = strays(b, b->spec->outcomes, &k.o, &k.x, err);
    if (rc == 0 && b->spec->incidents != NULL)
        rc = strays(b, b->spec->incidents, &k.i, &k.xi, err);
    index_free(&k.x);
    index_free(&k.xi);
    spill_bucket_free(&k.p);
    spill_bucket_free(&k.o);
    spill_bucket_free(&k.i);
    return rc;
}

int batch_run(const BatchSpec *spec, RunEmit emit, void *ctx, OceError *err)
{
    Batch b = {.spec = spec, .emit = emit, .ctx = ctx};
    arena_init(&b.arena);
    long long bytes = file_size(spec->portfolio) + file_size(spec->outcomes) +
                      (spec->incidents != NULL ? file_size(spec->incidents) : 0);
    long long n = 1 + bytes / BUCKET_BYTES;
    b.nbuckets = (size_t)(n < BUCKETS_MAX ? n : BUCKETS_MAX);
    /* A bucket file of each kind is kept open: room for them, up to the hard limit. */
    struct rlimit fds;
    rlim_t want = (rlim_t)(b.nbuckets * NKINDS + 64);
    if (getrlimit(RLIMIT_NOFILE, &fds) == 0 && fds.rlim_cur < want) {
        fds.rlim_cur = fds.rlim_max < want ? fds.rlim_max : want;
        setrlimit(RLIMIT_NOFILE, &fds);
    }
    b.spill = spill_open(spec->scratch, b.nbuckets, NKINDS, err);
    int rc = b.spill != NULL ? 0 : -1;
    if (rc == 0)
        rc = portfolio_read(spec->portfolio, put_contract, &b, err);
    if (rc == 0)
        rc = outcomes_stream(spec->outcomes, put_outcome, &b, err);
    if (rc == 0 && spec->incidents != NULL)
        rc = incidents_stream(spec->incidents, put_incident, &b, err);
    if (rc == 0)
        rc = spill_flush(b.spill, err);
    if (rc == 0 && spec->started != NULL)
        spec->started(ctx, b.contracts);
    WorkersSpec ws = {b.nbuckets, spec->jobs, spill_dir(b.spill), settle_bucket, &b,
                      emit,       ctx,        spec->write};
    if (rc == 0)
        rc = workers_run(&ws, err);
    spill_close(b.spill);
    for (size_t k = 0; k < b.ntemplates; k++) {
        free(b.templates[k].name);
        free(b.templates[k].path);
        free(b.templates[k].text);
    }
    free(b.templates);
    arena_free(&b.arena);
    return rc;
}
