/*
 * Unit tests of the portfolio run (batch_run): a portfolio of contracts made from a tiny
 * template, written to a scratch folder with an outcomes file of every contract's rows,
 * settled by worker processes. Every contract is settled once, from its own rows, and its
 * document written as one line; a row of no contract is reported with its file and line; a
 * contract_id given twice is a failure of the second row; the lines written do not depend on
 * the number of workers; and the shards of a run settle each contract exactly once between
 * them.
 */
#include "testfile.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "digest.h"

static const char template_script[] =
    "local fee = money(params.fee)\n"
    "contract { history = false,\n"
    "  id = params.contract_id, title = 'T', customer = 'C', vendor = 'V',\n"
    "  currency = 'GBP', cadence = 'monthly', effective_from = '2026-01-01',\n"
    "  metrics = { metric 'x' { unit = 'n' } },\n"
    "  terms = { fixed_fee 'fee' { amount = fee, description = 'Fee' } } }\n";

static char templates[256], spill_parent[256], template_path[300];

static int setup(void **state)
{
    if (scratch_open(state) != 0)
        return -1;
    scratch_path("TEMPLATES", templates, sizeof templates);
    scratch_path("spill", spill_parent, sizeof spill_parent);
    if (mkdir(templates, 0777) != 0)
        return -1;
    snprintf(template_path, sizeof template_path, "%s/t.lua", templates);
    FILE *f = fopen(template_path, "w");
    if (f == NULL)
        return -1;
    fputs(template_script, f);
    return fclose(f);
}

static int teardown(void **state)
{
    unlink(template_path);
    rmdir(templates);
    if (rmdir(spill_parent) != 0 && errno != ENOENT)
        return -1; /* the spill left something in it */
    return scratch_close(state);
}

/* --- What a run gave ------------------------------------------------------------------- */

#define MAXEV 64

typedef struct Events {
    struct {
        char id[96], period[16], net[40];
    } settled[MAXEV];
    size_t nsettled;
    struct {
        char name[96];
        int has_period;
        OceError err;
    } failed[MAXEV];
    size_t nfailed;
    OceError strays[MAXEV];
    size_t stray_rows[MAXEV];
    size_t nstrays;
    struct {
        char name[96];
        size_t failures;
    } done[MAXEV]; /* each contract's last event */
    size_t ndone;
    size_t not_due;
    char problem[300]; /* the first event not as batch.h says it comes */
    char *bytes;       /* what spec->write was given */
    size_t len, cap;
    size_t writes;
    long started; /* the count given to started; -1: not called */
    int started_calls;
} Events;

/* Keeps the first problem; 0, so that the run goes on. */
static int problem(Events *ev, const char *what)
{
    if (ev->problem[0] == '\0')
        snprintf(ev->problem, sizeof ev->problem, "%s", what);
    return 0;
}

/* Cmocka's asserts are not used here: a failure would jump out of the run, past its
 * workers. What is wrong is kept and asserted when the run is over. */
static int emit(void *ctx, const RunEvent *e, OceError *err)
{
    (void)err;
    Events *ev = ctx;
    if (e->outcome == RUN_SETTLED) {
        if (ev->nsettled == MAXEV)
            return problem(ev, "too many settled");
        if (e->entry == NULL || e->s != NULL || e->line != NULL || e->item == NULL ||
            e->period == NULL)
            return problem(ev, "a settled event is not an entry alone");
        if (strcmp(e->item->name, e->entry->contract) != 0 ||
            strcmp(e->period->id, e->entry->period) != 0)
            return problem(ev, "a settled event's item or period is not its entry's");
        snprintf(ev->settled[ev->nsettled].id, 96, "%s", e->entry->contract);
        snprintf(ev->settled[ev->nsettled].period, 16, "%s", e->entry->period);
        money_format(e->entry->net, e->entry->minor_unit, ev->settled[ev->nsettled].net, 40);
        ev->nsettled++;
    } else if (e->outcome == RUN_FAILED) {
        if (ev->nfailed == MAXEV || e->item == NULL || e->err == NULL)
            return problem(ev, "a failure without its item or error");
        snprintf(ev->failed[ev->nfailed].name, 96, "%s", e->item->name);
        ev->failed[ev->nfailed].has_period = e->period != NULL;
        ev->failed[ev->nfailed].err = *e->err;
        ev->nfailed++;
    } else if (e->outcome == RUN_STRAY) {
        if (ev->nstrays == MAXEV || e->item != NULL || e->err == NULL)
            return problem(ev, "a stray with an item, or without its error");
        ev->stray_rows[ev->nstrays] = e->rows;
        ev->strays[ev->nstrays++] = *e->err;
    } else if (e->outcome == RUN_DONE) {
        if (ev->ndone == MAXEV || e->item == NULL)
            return problem(ev, "a contract's end without its item");
        snprintf(ev->done[ev->ndone].name, 96, "%s", e->item->name);
        ev->done[ev->ndone++].failures = e->failures;
    } else {
        ev->not_due++;
    }
    return 0;
}

static int take_bytes(void *ctx, const char *data, size_t n, OceError *err)
{
    (void)err;
    Events *ev = ctx;
    /* each settlement's line, whole, its newline the last byte (batch.h) */
    if (n == 0 || data[n - 1] != '\n' || memchr(data, '\n', n - 1) != NULL)
        problem(ev, "a write that is not one whole line");
    if (ev->len + n + 1 > ev->cap) {
        size_t cap = (ev->len + n + 1) * 2;
        char *more = realloc(ev->bytes, cap);
        if (more == NULL)
            return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        ev->bytes = more;
        ev->cap = cap;
    }
    memcpy(ev->bytes + ev->len, data, n);
    ev->len += n;
    ev->bytes[ev->len] = '\0';
    ev->writes++;
    return 0;
}

static void started(void *ctx, size_t contracts)
{
    Events *ev = ctx;
    ev->started = (long)contracts;
    ev->started_calls++;
}

static void events_free(Events *ev)
{
    free(ev->bytes);
    free(ev);
}

/* Runs the portfolio and outcomes files (in the scratch folder) for 2026-10. */
static Events *run(const char *portfolio, const char *outcomes, unsigned jobs, unsigned shard,
                   unsigned nshards, int want_rc, OceError *err)
{
    char p[256], o[256];
    scratch_path(portfolio, p, sizeof p);
    scratch_path(outcomes, o, sizeof o);
    Period period;
    assert_int_equal(calendar_parse_period("2026-10", &period, NULL), 0);
    BatchSpec spec = {.portfolio = p,
                      .templates = templates,
                      .outcomes = o,
                      .period = &period,
                      .limits = NULL,
                      .scratch = spill_parent,
                      .shard = shard,
                      .nshards = nshards,
                      .started = started,
                      .jobs = jobs,
                      .write = take_bytes};
    Events *ev = calloc(1, sizeof *ev);
    assert_non_null(ev);
    ev->started = -1;
    error_init(err);
    int rc = batch_run(&spec, emit, ev, err);
    if (rc != want_rc)
        fail_msg("batch_run gave %d: %s", rc, err->message);
    if (ev->problem[0] != '\0')
        fail_msg("%s", ev->problem);
    /* the run's scratch folder, its buckets and results, is gone */
    DIR *d = opendir(spill_parent);
    assert_non_null(d);
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
            fail_msg("the run left %s/%s", spill_parent, e->d_name);
    closedir(d);
    return ev;
}

/* --- The inputs ------------------------------------------------------------------------ */

#define NC 12

static void id_of(int k, char *buf, size_t size)
{
    snprintf(buf, size, "SITE-%04d", k);
}

static void fee_of(int k, char *buf, size_t size)
{
    snprintf(buf, size, "%d.%02d", 1000 * k, k);
}

/* Text, growing: what the inputs are written from. */
typedef struct Text {
    char *s;
    size_t len, cap;
} Text;

static void add(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void add(Text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (t->len + (size_t)n + 1 > t->cap) {
        t->cap = (t->len + (size_t)n + 1) * 2;
        t->s = realloc(t->s, t->cap);
        assert_non_null(t->s);
    }
    va_start(ap, fmt);
    vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    t->len += (size_t)n;
}

/* The portfolio of contracts 1 to NC, and the outcomes of each: x = k in 2026-10, and a row of
 * 2026-11 (another period: set aside). pad: blank lines at the end of the outcomes, to make
 * the inputs large enough for several buckets. */
static void write_inputs(const char *portfolio, const char *outcomes, size_t pad)
{
    Text p = {0}, o = {0};
    add(&p, "contract_id,template,fee\n");
    add(&o, "contract,period,metric,value\n");
    for (int k = 1; k <= NC; k++) {
        char id[32], fee[32];
        id_of(k, id, sizeof id);
        fee_of(k, fee, sizeof fee);
        add(&p, "%s,t,%s\n", id, fee);
        add(&o, "%s,2026-10,x,%d\n", id, k);
    }
    for (int k = NC; k >= 1; k--)
        add(&o, "SITE-%04d,2026-11,x,%d\n", k, 100 + k);
    char path[256];
    scratch_write(portfolio, p.s, path, sizeof path);
    if (pad > 0) {
        char *blank = malloc(pad + 1);
        assert_non_null(blank);
        memset(blank, '\n', pad);
        blank[pad] = '\0';
        add(&o, "%s", blank);
        free(blank);
    }
    scratch_write(outcomes, o.s, path, sizeof path);
    free(p.s);
    free(o.s);
}

/* The index in ev->settled of contract id, or -1; it must be there once at most. */
static int settled_index(const Events *ev, const char *id)
{
    int at = -1;
    for (size_t k = 0; k < ev->nsettled; k++)
        if (strcmp(ev->settled[k].id, id) == 0) {
            if (at >= 0)
                fail_msg("%s settled twice", id);
            at = (int)k;
        }
    return at;
}

/* Contract id ended once, with that many failures. */
static void assert_done(const Events *ev, const char *id, size_t failures)
{
    int n = 0;
    for (size_t k = 0; k < ev->ndone; k++)
        if (strcmp(ev->done[k].name, id) == 0) {
            n++;
            assert_int_equal(ev->done[k].failures, failures);
        }
    if (n != 1)
        fail_msg("%s ended %d times", id, n);
}

/* The written bytes are one line for each settlement, each holding its contract's id as the
 * first parameter, its outcomes digest (of "x=k\n", its own row) and ending in a newline. */
static void assert_lines(const Events *ev, int k_from, int k_to, unsigned nshards, unsigned shard)
{
    size_t lines = 0;
    for (size_t i = 0; i < ev->len; i++)
        lines += ev->bytes[i] == '\n';
    assert_int_equal(lines, ev->nsettled);
    assert_true(ev->len == 0 || ev->bytes[ev->len - 1] == '\n');
    for (int k = k_from; k <= k_to; k++) {
        char id[32], want[128];
        id_of(k, id, sizeof id);
        if (batch_shard_of(id, nshards) != shard)
            continue;
        snprintf(want, sizeof want, "\"parameters\":{\"contract_id\":\"%s\",", id);
        const char *at = strstr(ev->bytes, want);
        if (at == NULL)
            fail_msg("no line of %s", id);
        assert_null(strstr(at + 1, want)); /* one line */
        const char *bol = at, *eol = strchr(at, '\n');
        while (bol > ev->bytes && bol[-1] != '\n')
            bol--;
        assert_non_null(eol);
        char row[32], digest[DIGEST_HEX_SIZE], member[128];
        snprintf(row, sizeof row, "x=%d\n", k);
        digest_sha256_hex(row, strlen(row), digest);
        snprintf(member, sizeof member, "\"outcomes_sha256\":\"%s\"", digest);
        char *line = strndup(bol, (size_t)(eol - bol));
        assert_non_null(line);
        if (strstr(line, member) == NULL)
            fail_msg("the line of %s has not %s: %.300s", id, member, line);
        assert_non_null(strstr(line, "\"period\":{\"id\":\"2026-10\""));
        /* its own rows: the period's, and the other period's set aside */
        assert_non_null(strstr(line, "\"outcomes_rows\":{\"read\":\"2\",\"used\":\"1\","
                                     "\"set_aside\":{\"other_contracts\":\"0\","
                                     "\"other_periods\":\"1\"}}"));
        free(line);
    }
}

/* --- The tests ------------------------------------------------------------------------- */

static void test_every_contract_settled(void **state)
{
    (void)state;
    write_inputs("all.csv", "all-outcomes.csv", 0);
    OceError err;
    Events *ev = run("all.csv", "all-outcomes.csv", 2, 0, 1, 0, &err);
    assert_int_equal(ev->started_calls, 1);
    assert_int_equal(ev->started, NC);
    assert_int_equal(ev->nsettled, NC);
    assert_int_equal(ev->nfailed, 0);
    assert_int_equal(ev->nstrays, 0);
    assert_int_equal(ev->not_due, 0);
    assert_int_equal(ev->ndone, NC);
    assert_int_equal(ev->writes, NC);
    for (int k = 1; k <= NC; k++) {
        char id[32], fee[32];
        id_of(k, id, sizeof id);
        fee_of(k, fee, sizeof fee);
        assert_done(ev, id, 0);
        int at = settled_index(ev, id);
        if (at < 0)
            fail_msg("%s not settled", id);
        assert_string_equal(ev->settled[at].period, "2026-10");
        assert_string_equal(ev->settled[at].net, fee);
    }
    assert_lines(ev, 1, NC, 1, 0);
    events_free(ev);
}

/* Rows of a contract the portfolio does not hold: one stray for it, at its first row. */
static void test_stray_rows(void **state)
{
    (void)state;
    char p[256], o[256];
    scratch_write("stray.csv", "contract_id,template,fee\nSITE-0001,t,10.00\nSITE-0002,t,20.00\n",
                  p, sizeof p);
    scratch_write("stray-outcomes.csv",
                  "contract,period,metric,value\n"
                  "SITE-0001,2026-10,x,1\n"
                  "\n"
                  "GHOST-1,2026-10,x,5\n"
                  "SITE-0002,2026-10,x,2\n"
                  "GHOST-1,2026-11,x,6\n"
                  "GHOST-2,2026-10,x,7\n"
                  "site-0001,2026-10,x,1\n",
                  o, sizeof o);
    OceError err;
    Events *ev = run("stray.csv", "stray-outcomes.csv", 1, 0, 1, 0, &err);
    assert_int_equal(ev->nsettled, 2);
    assert_int_equal(ev->nfailed, 0);
    assert_int_equal(ev->nstrays, 3);
    assert_int_equal(ev->ndone, 2);
    int seen[3] = {0};
    for (size_t k = 0; k < ev->nstrays; k++) {
        const OceError *e = &ev->strays[k];
        assert_int_equal(ev->stray_rows[k], e->line == 4 ? 2 : 1);
        assert_int_equal(e->code, OCE_EOUTCOMES);
        assert_string_equal(e->file, o);
        char want[600];
        if (e->line == 4) {
            seen[0]++;
            snprintf(want, sizeof want,
                     "contract \"GHOST-1\" is not in the portfolio %s (2 rows of it, the first on "
                     "this line)",
                     p);
        } else if (e->line == 7) {
            seen[1]++;
            snprintf(want, sizeof want,
                     "contract \"GHOST-2\" is not in the portfolio %s (1 row of it, the first on "
                     "this line)",
                     p);
        } else if (e->line == 8) {
            seen[2]++; /* an id that differs only by case is another contract */
            snprintf(want, sizeof want,
                     "contract \"site-0001\" is not in the portfolio %s (1 row of it, the first "
                     "on this line)",
                     p);
        } else {
            fail_msg("a stray on line %d: %s", e->line, e->message);
        }
        assert_string_equal(e->message, want);
    }
    assert_int_equal(seen[0], 1);
    assert_int_equal(seen[1], 1);
    assert_int_equal(seen[2], 1);
    assert_string_equal(ev->settled[settled_index(ev, "SITE-0001")].net, "10.00");
    assert_string_equal(ev->settled[settled_index(ev, "SITE-0002")].net, "20.00");
    events_free(ev);
}

/* A contract_id given twice: the first row is settled, the second is its failure; and the
 * failures of one contract cost only it. */
static void test_contract_failures(void **state)
{
    (void)state;
    char p[256], o[256];
    scratch_write("dup.csv",
                  "contract_id,template,fee\n"
                  "A,t,10.00\n"
                  "B,t,20.00\n"
                  "C,nope,30.00\n"
                  "A,t,99.00\n"
                  "D,t,40.00\n"
                  "E,t,\n",
                  p, sizeof p);
    scratch_write("dup-outcomes.csv",
                  "contract,period,metric,value\n"
                  "A,2026-10,x,1\n"
                  "B,2026-10,x,2\n"
                  "C,2026-10,x,3\n"
                  "D,2026-11,x,4\n"
                  "E,2026-10,x,5\n",
                  o, sizeof o);
    OceError err;
    Events *ev = run("dup.csv", "dup-outcomes.csv", 3, 0, 1, 0, &err);
    assert_int_equal(ev->started, 6);
    assert_int_equal(ev->nsettled, 2);
    assert_string_equal(ev->settled[settled_index(ev, "A")].net, "10.00");
    assert_string_equal(ev->settled[settled_index(ev, "B")].net, "20.00");
    assert_int_equal(ev->nstrays, 0);
    assert_int_equal(ev->nfailed, 4);
    int a = 0, c = 0, d = 0, e = 0;
    for (size_t k = 0; k < ev->nfailed; k++) {
        const OceError *f = &ev->failed[k].err;
        const char *name = ev->failed[k].name;
        if (strcmp(name, "A") == 0) {
            a++;
            assert_string_equal(f->file, p);
            assert_int_equal(f->line, 5);
            assert_string_equal(f->message, "contract_id \"A\" is given twice: first on line 2");
            assert_false(ev->failed[k].has_period);
        } else if (strcmp(name, "C") == 0) {
            c++;
            assert_non_null(strstr(f->message, "cannot open template"));
            assert_non_null(strstr(f->file, "TEMPLATES/nope.lua"));
        } else if (strcmp(name, "D") == 0) {
            d++; /* its only row is of another period */
            assert_true(ev->failed[k].has_period);
            assert_non_null(strstr(f->message, "required metric \"x\" has no value for contract "
                                               "\"D\" in period 2026-10"));
        } else if (strcmp(name, "E") == 0) {
            e++; /* an empty cell is a parameter not given, which the template reads */
            assert_non_null(strstr(f->message, "params.fee is not given"));
        } else {
            fail_msg("%s failed: %s", name, f->message);
        }
    }
    assert_int_equal(a + c + d + e, 4);
    assert_int_equal(ev->ndone, 6);
    assert_done(ev, "B", 0);
    assert_done(ev, "C", 1);
    assert_done(ev, "D", 1);
    assert_done(ev, "E", 1);
    /* A's rows end one each: the first settled, then the second that failed */
    size_t ends[2], nends = 0;
    for (size_t k = 0; k < ev->ndone; k++)
        if (strcmp(ev->done[k].name, "A") == 0 && nends < 2)
            ends[nends++] = ev->done[k].failures;
    assert_int_equal(nends, 2);
    assert_int_equal(ends[0], 0);
    assert_int_equal(ends[1], 1);
    assert_int_equal(a, 1);
    assert_int_equal(c, 1);
    assert_int_equal(d, 1);
    assert_int_equal(e, 1);
    /* only the settled are written */
    size_t lines = 0;
    for (size_t k = 0; k < ev->len; k++)
        lines += ev->bytes[k] == '\n';
    assert_int_equal(lines, 2);
    assert_non_null(strstr(ev->bytes, "\"contract_id\":\"A\""));
    assert_null(strstr(ev->bytes, "99.00"));
    events_free(ev);
}

/* A malformed input stops the run before anything is settled or written. */
static void test_malformed_input(void **state)
{
    (void)state;
    char p[256], o[256];
    scratch_write("bad.csv", "contract_id,template,fee\nA,t,1.00\n,t,2.00\n", p, sizeof p);
    scratch_write("bad-outcomes.csv", "contract,period,metric,value\nA,2026-10,x,1\n", o, sizeof o);
    OceError err;
    Events *ev = run("bad.csv", "bad-outcomes.csv", 2, 0, 1, -1, &err);
    assert_int_equal(err.code, OCE_ECONTRACT);
    assert_string_equal(err.file, p);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "the contract_id is empty");
    assert_int_equal(ev->started_calls, 0);
    assert_int_equal(ev->nsettled + ev->nfailed + ev->nstrays, 0);
    assert_int_equal(ev->len, 0);
    events_free(ev);

    scratch_write("good.csv", "contract_id,template,fee\nA,t,1.00\n", p, sizeof p);
    scratch_write("bad-outcomes2.csv", "contract,period,metric,value\nA,2026-10,x,1\nA,2026-10\n",
                  o, sizeof o);
    ev = run("good.csv", "bad-outcomes2.csv", 2, 0, 1, -1, &err);
    assert_int_equal(err.code, OCE_EOUTCOMES);
    assert_string_equal(err.file, o);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message, "2 fields, but the header has 4");
    assert_int_equal(ev->nsettled, 0);
    assert_int_equal(ev->len, 0);
    events_free(ev);
}

/* A row whose period is not one stops the run as the file is read; a period of another kind
 * than the contract's cadence fails that contract alone, naming the row. */
static void test_outcome_periods(void **state)
{
    (void)state;
    char p[256], o[256];
    scratch_write("per.csv", "contract_id,template,fee\nA,t,1.00\nB,t,2.00\n", p, sizeof p);
    scratch_write("per-bad.csv", "contract,period,metric,value\nA,2026-10,x,1\nB,2026-1,x,2\n", o,
                  sizeof o);
    OceError err;
    Events *ev = run("per.csv", "per-bad.csv", 1, 0, 1, -1, &err);
    assert_int_equal(err.code, OCE_EOUTCOMES);
    assert_string_equal(err.file, o);
    assert_int_equal(err.line, 3);
    assert_string_equal(err.message,
                        "period \"2026-1\" is not a period: expected YYYY-MM, YYYY-Qn or YYYY");
    assert_int_equal(ev->started_calls, 0);
    assert_int_equal(ev->nsettled + ev->nfailed + ev->ndone, 0);
    events_free(ev);

    scratch_write("per-kind.csv",
                  "contract,period,metric,value\nA,2026-10,x,1\nB,2026-10,x,2\nB,2026-Q4,x,3\n", o,
                  sizeof o);
    ev = run("per.csv", "per-kind.csv", 1, 0, 1, 0, &err);
    assert_int_equal(ev->nsettled, 1);
    assert_string_equal(ev->settled[0].id, "A");
    assert_int_equal(ev->nfailed, 1);
    assert_string_equal(ev->failed[0].name, "B");
    assert_string_equal(ev->failed[0].err.file, o);
    assert_int_equal(ev->failed[0].err.line, 4);
    assert_non_null(strstr(ev->failed[0].err.message, "period 2026-Q4 is a quarter"));
    assert_non_null(strstr(ev->failed[0].err.message, "but contract \"B\" is settled monthly"));
    assert_done(ev, "A", 0);
    assert_done(ev, "B", 1);
    events_free(ev);
}

/* The lines written are the same whatever the number of workers: in the order of the
 * buckets, and the portfolio's within each. The outcomes are padded so that there are
 * three buckets (a bucket holds about 8 MiB of the inputs: batch.c). */
static void test_jobs_same_bytes(void **state)
{
    (void)state;
    write_inputs("many.csv", "many-outcomes.csv", (size_t)17 << 20);
    OceError err;
    Events *one = run("many.csv", "many-outcomes.csv", 1, 0, 1, 0, &err);
    Events *three = run("many.csv", "many-outcomes.csv", 3, 0, 1, 0, &err);
    assert_int_equal(one->nsettled, NC);
    assert_int_equal(three->nsettled, NC);
    assert_int_equal(one->nfailed + three->nfailed + one->nstrays + three->nstrays, 0);
    assert_int_equal(one->len, three->len);
    assert_memory_equal(one->bytes, three->bytes, one->len);
    assert_lines(one, 1, NC, 1, 0);
    /* several buckets were settled: the lines are not all in the portfolio's order */
    int in_order = 1;
    const char *prev = one->bytes;
    for (int k = 1; k <= NC && in_order; k++) {
        char id[32], want[64];
        id_of(k, id, sizeof id);
        snprintf(want, sizeof want, "\"contract_id\":\"%s\"", id);
        const char *at = strstr(one->bytes, want);
        in_order = at != NULL && at >= prev;
        prev = at;
    }
    assert_false(in_order);
    /* and the same contracts, each with its net, whichever worker settled it */
    for (int k = 1; k <= NC; k++) {
        char id[32];
        id_of(k, id, sizeof id);
        assert_string_equal(one->settled[settled_index(one, id)].net,
                            three->settled[settled_index(three, id)].net);
    }
    /* a second run with one worker gives the same bytes again */
    Events *again = run("many.csv", "many-outcomes.csv", 1, 0, 1, 0, &err);
    assert_int_equal(again->len, one->len);
    assert_memory_equal(again->bytes, one->bytes, one->len);
    events_free(one);
    events_free(three);
    events_free(again);
}

/* Shards 1 of 2 and 2 of 2 settle each contract exactly once between them; each reports only
 * the strays of its own. */
static void test_shards(void **state)
{
    (void)state;
    write_inputs("sh.csv", "sh-base.csv", 0);
    /* the outcomes, and the rows of contracts not held */
    char path[256];
    FILE *f = fopen(scratch_path("sh-outcomes.csv", path, sizeof path), "w");
    assert_non_null(f);
    FILE *in = fopen(scratch_path("sh-base.csv", path, sizeof path), "r");
    assert_non_null(in);
    char buf[256];
    int line = 0;
    while (fgets(buf, sizeof buf, in) != NULL) {
        fputs(buf, f);
        line++;
    }
    fclose(in);
    const char *ghosts[] = {"GHOST-A", "GHOST-B", "GHOST-C", "GHOST-D", "GHOST-E", "GHOST-F"};
    int ghost_line[6];
    for (int k = 0; k < 6; k++) {
        fprintf(f, "%s,2026-10,x,1\n", ghosts[k]);
        ghost_line[k] = ++line;
    }
    assert_int_equal(fclose(f), 0);

    OceError err;
    Events *sh[2];
    int count[NC + 1] = {0};
    size_t strays = 0;
    for (unsigned s = 0; s < 2; s++) {
        sh[s] = run("sh.csv", "sh-outcomes.csv", 2, s, 2, 0, &err);
        assert_int_equal(sh[s]->nfailed, 0);
        size_t mine = 0;
        for (int k = 1; k <= NC; k++) {
            char id[32];
            id_of(k, id, sizeof id);
            int at = settled_index(sh[s], id);
            if (batch_shard_of(id, 2) == s) {
                mine++;
                if (at < 0)
                    fail_msg("%s of shard %u not settled", id, s);
                count[k]++;
            } else {
                assert_int_equal(at, -1);
            }
        }
        assert_int_equal(sh[s]->nsettled, mine);
        assert_int_equal(sh[s]->started, (long)mine);
        assert_lines(sh[s], 1, NC, 2, s);
        /* the strays of its shard, each once */
        size_t want = 0;
        for (int k = 0; k < 6; k++) {
            if (batch_shard_of(ghosts[k], 2) != s)
                continue;
            want++;
            int found = 0;
            for (size_t i = 0; i < sh[s]->nstrays; i++)
                found += sh[s]->strays[i].line == ghost_line[k] &&
                         strstr(sh[s]->strays[i].message, ghosts[k]) != NULL;
            assert_int_equal(found, 1);
        }
        assert_int_equal(sh[s]->nstrays, want);
        strays += want;
    }
    for (int k = 1; k <= NC; k++)
        assert_int_equal(count[k], 1);
    assert_int_equal(strays, 6);
    /* both shards hold some of the contracts */
    assert_true(sh[0]->nsettled > 0 && sh[1]->nsettled > 0);
    assert_int_equal(sh[0]->nsettled + sh[1]->nsettled, NC);
    events_free(sh[0]);
    events_free(sh[1]);
}

/* A shard is the same on any machine: fixed by the id alone. */
static void test_shard_of(void **state)
{
    (void)state;
    assert_int_equal(batch_shard_of("SITE-0001", 1), 0);
    assert_int_equal(batch_shard_of("SITE-0001", 0), 0);
    unsigned seen[4] = {0};
    for (int k = 0; k < 400; k++) {
        char id[32];
        id_of(k, id, sizeof id);
        unsigned s = batch_shard_of(id, 4);
        assert_true(s < 4);
        assert_int_equal(batch_shard_of(id, 4), s);
        seen[s]++;
    }
    for (int s = 0; s < 4; s++)
        assert_true(seen[s] > 50); /* spread over them all */
}

int main(void)
{
    if (digest_init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_contract_settled),
        cmocka_unit_test(test_stray_rows),
        cmocka_unit_test(test_contract_failures),
        cmocka_unit_test(test_malformed_input),
        cmocka_unit_test(test_outcome_periods),
        cmocka_unit_test(test_jobs_same_bytes),
        cmocka_unit_test(test_shards),
        cmocka_unit_test(test_shard_of),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
