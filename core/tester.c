#include "tester.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "history.h"
#include "incidents.h"
#include "outcomes.h"
#include "settle.h"

/* A case is settled on every period before its own, each on the ones before it: a case far
 * into a long contract settles many, and one centuries on would not end. */
#define CASE_HISTORY_MAX 600

/* One case being checked: differences accumulate in report. */
typedef struct Check {
    const Decl *d;
    const DeclVersion *v; /* the version the case's period was settled by */
    const TestCase *t;
    Arena *arena;
    const char *report;
    bool failed, nomem;
} Check;

static void differ(Check *k, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void differ(Check *k, const char *fmt, ...)
{
    char msg[1200];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    k->failed = true;
    const char *r = arena_printf(k->arena, "%s%s\n", k->report, msg);
    if (r == NULL)
        k->nomem = true;
    else
        k->report = r;
}

static void show(const Check *k, Money m, char buf[MONEY_STR_MAX])
{
    money_format(m, money_places(m) > k->d->minor_unit ? -1 : k->d->minor_unit, buf, MONEY_STR_MAX);
}

/* The stated decimal text as a value; a text that is not one is itself a difference. */
static int stated(Check *k, const char *what, const char *text, Money *out)
{
    OceError e;
    error_init(&e);
    if (money_parse(text, NULL, out, &e) == 0)
        return 0;
    differ(k, "%s: the case states \"%s\", which is not a decimal amount (%s)", what, text,
           e.message);
    return -1;
}

static int same(Money a, Money b)
{
    int cmp;
    return money_cmp(a, b, &cmp, NULL) == 0 && cmp == 0;
}

static void check_total(Check *k, const char *what, const char *text, Money got)
{
    Money want;
    char g[MONEY_STR_MAX], w[MONEY_STR_MAX];
    if (text == NULL || stated(k, what, text, &want) != 0 || same(want, got))
        return;
    show(k, want, w);
    show(k, got, g);
    differ(k, "%s: expected %s, got %s", what, w, g);
}

/* The values the case states for metrics, measured or derived from incidents. */
static void check_metrics(Check *k, const Settlement *s)
{
    for (size_t i = 0; i < k->t->nexpect; i++) {
        const char *name = k->t->expect_metrics[i];
        const MetricResult *r = NULL;
        for (size_t j = 0; j < s->nmetrics && r == NULL; j++)
            if (strcmp(s->metrics[j].decl->name, name) == 0)
                r = &s->metrics[j];
        Money want;
        char g[MONEY_STR_MAX], w[MONEY_STR_MAX], what[96];
        snprintf(what, sizeof what, "metric %s", name);
        if (r == NULL) {
            differ(k, "metrics: the contract has no metric \"%s\"", name);
        } else if (stated(k, what, k->t->expect_values[i], &want) == 0) {
            int places = r->decl->is_money ? k->d->minor_unit : r->decl->precision;
            money_format(want, -1, w, sizeof w);
            if (!r->present) {
                differ(k, "metric %s: expected %s, got no value", name, w);
            } else if (!same(want, r->value)) {
                money_format(r->value, places, g, sizeof g);
                differ(k, "metric %s: expected %s, got %s", name, w, g);
            }
        }
    }
}

/* "a, b, c" of the non-zero amounts of term i's lines. */
static const char *amounts_of(Check *k, const Settlement *s, size_t term, size_t *n)
{
    const char *list = "";
    *n = 0;
    for (size_t i = 0; i < s->nlines; i++) {
        if (s->lines[i].term_index != term || money_is_zero(s->lines[i].amount))
            continue;
        char a[MONEY_STR_MAX];
        show(k, s->lines[i].amount, a);
        list = arena_printf(k->arena, "%s%s%s", list, (*n)++ ? ", " : "", a);
        if (list == NULL) {
            k->nomem = true;
            return "";
        }
    }
    return list;
}

static long term_index(const DeclVersion *c, const char *name)
{
    for (size_t i = 0; i < c->nterms; i++)
        if (strcmp(c->terms[i], name) == 0)
            return (long)i;
    return -1;
}

/* A listed term's lines, 0.00 left out on both sides, against what the case states. */
static void check_term(Check *k, const Settlement *s, const ExpectedLines *e, size_t term)
{
    const char *want = "";
    size_t nwant = 0;
    for (size_t j = 0; j < e->n; j++) {
        Money m;
        if (stated(k, e->term, e->amounts[j], &m) != 0)
            return;
        if (money_is_zero(m))
            continue;
        char a[MONEY_STR_MAX];
        show(k, m, a);
        want = arena_printf(k->arena, "%s%s%s", want, nwant++ ? ", " : "", a);
        if (want == NULL) {
            k->nomem = true;
            return;
        }
    }
    size_t ngot;
    const char *got = amounts_of(k, s, term, &ngot);
    if (strcmp(want, got) == 0)
        return;
    if (nwant <= 1 && ngot <= 1)
        differ(k, "line %s: expected %s, got %s", e->term, nwant ? want : "none (0.00)",
               ngot ? got : "none (0.00)");
    else
        differ(k, "lines of %s: expected %zu (%s), got %zu (%s)", e->term, nwant, want, ngot, got);
}

static void check_lines(Check *k, const Settlement *s)
{
    const DeclVersion *c = k->v;
    bool listed[1000] = {false}; /* a contract has at most 1000 terms */
    for (size_t i = 0; i < k->t->nlines; i++) {
        const ExpectedLines *e = &k->t->lines[i];
        long term = term_index(c, e->term);
        if (term < 0) {
            const char *hint = error_suggest(e->term, (const char *const *)c->terms, c->nterms);
            differ(k, "lines: the contract has no term \"%s\"%s%s%s", e->term,
                   hint ? " (did you mean \"" : "", hint ? hint : "", hint ? "\"?)" : "");
            continue;
        }
        listed[term] = true;
        check_term(k, s, e, (size_t)term);
    }
    for (size_t term = 0; term < c->nterms && term < 1000; term++) {
        size_t n;
        const char *got = listed[term] ? "" : amounts_of(k, s, term, &n);
        if (!listed[term] && n > 0)
            differ(k, "line %s: expected none, got %s", c->terms[term], got);
    }
}

/* The shortfalls of a metric, summed: what the misses cost and what caps took off them. */
static size_t shortfalls_of(const Settlement *s, const char *metric, Money *amount, Money *forgone)
{
    size_t n = 0;
    for (size_t i = 0; i < s->nshortfalls; i++) {
        if (strcmp(s->shortfalls[i].metric->name, metric) != 0)
            continue;
        if (n++ == 0) {
            *amount = s->shortfalls[i].amount;
            *forgone = s->shortfalls[i].forgone;
        } else if (money_add(*amount, s->shortfalls[i].amount, amount, NULL) != 0 ||
                   money_add(*forgone, s->shortfalls[i].forgone, forgone, NULL) != 0) {
            break;
        }
    }
    return n;
}

static void check_shortfalls(Check *k, const Settlement *s)
{
    char g[MONEY_STR_MAX], w[MONEY_STR_MAX];
    for (size_t i = 0; i < k->t->nshortfalls; i++) {
        const ExpectedShortfall *e = &k->t->shortfalls[i];
        Money amount, forgone, want;
        if (shortfalls_of(s, e->metric, &amount, &forgone) == 0) {
            differ(k, "shortfall %s: expected one, there is none", e->metric);
            continue;
        }
        const char *texts[] = {e->amount, e->forgone};
        const Money got[] = {amount, forgone};
        static const char *const what[] = {"amount", "forgone"};
        for (int j = 0; j < 2; j++) {
            if (texts[j] == NULL || stated(k, e->metric, texts[j], &want) != 0 ||
                same(want, got[j]))
                continue;
            show(k, want, w);
            show(k, got[j], g);
            differ(k, "shortfall %s: %s expected %s, got %s", e->metric, what[j], w, g);
        }
    }
    for (size_t i = 0; i < s->nshortfalls; i++) {
        const char *metric = s->shortfalls[i].metric->name;
        bool listed = false;
        for (size_t j = 0; j < k->t->nshortfalls && !listed; j++)
            listed = strcmp(k->t->shortfalls[j].metric, metric) == 0;
        if (!listed) {
            show(k, s->shortfalls[i].amount, g);
            differ(k, "shortfall %s: expected none, got one (%s, term %s)", metric, g,
                   s->shortfalls[i].term);
        }
    }
}

/* The inputs of period p as o gives them (a file, or values), with the case's incident log. */
static void inputs_of(const char *path, const TestCase *t, const CaseOutcomes *o,
                      const IncidentLog *log, SettleInputs *in)
{
    memset(in, 0, sizeof *in);
    in->outcomes = o->outcomes_file;
    if (o->outcomes_file == NULL) {
        in->stated_in = path;
        in->line = t->line;
        in->metrics = o->metrics;
        in->values = o->values;
        in->nvalues = o->nvalues;
    }
    in->log = log;
}

/* Where the case gives the outcomes of an earlier period p; NULL when it does not. */
static const CaseOutcomes *earlier(const TestCase *t, const Period *p, CaseOutcomes *file)
{
    for (size_t i = 0; i < t->nhistory; i++)
        if (strcmp(t->history[i].period, p->id) == 0)
            return &t->history[i];
    if (t->others != NULL)
        return t->others;
    *file = (CaseOutcomes){NULL, t->history_file, NULL, NULL, 0};
    return t->history_file != NULL ? file : NULL;
}

/* A test case's history: each earlier period settled in order from the outcomes the case
 * gives for it. */
typedef struct CaseHistory {
    const char *path; /* the tests file */
    const TestCase *t;
    const Period *p; /* the case's own period */
    const IncidentLog *log;
    CaseOutcomes file; /* the history file as the outcomes of a period */
    SettleInOrder order;
    HistorySource settled; /* through order */
} CaseHistory;

static int case_inputs(void *ctx, Contract *c, const Period *q, SettleInputs *in, OceError *err)
{
    CaseHistory *ch = ctx;
    const TestCase *t = ch->t;
    const CaseOutcomes *o = earlier(t, q, &ch->file);
    static const CaseOutcomes none = {0};
    const DeclVersion *v = decl_version_for(&c->decl, q, err);
    if (v == NULL)
        return -1;
    if (o == NULL && !outcomes_measures(v))
        o = &none; /* it measures nothing: the incident log gives every value */
    if (o == NULL)
        return error_set(err, OCE_EUSAGE, ch->path, t->line,
                         "case \"%s\": the contract looks at the periods before %s, and the "
                         "case gives no outcomes for %s: give history = \"outcomes file\" "
                         "or history = { [\"%s\"] = { ... }, others = { ... } }",
                         t->name, ch->p->id, q->id, q->id);
    inputs_of(ch->path, t, o, ch->log, in);
    return 0;
}

/* Checks that the case's history makes sense for the contract and its period, then settles
 * the periods before p in order, each on the ones before it. */
static int case_earlier(void *self, Contract *c, const Period *p, Arena *arena, History *h,
                        OceError *err)
{
    CaseHistory *ch = self;
    const TestCase *t = ch->t;
    const char *path = ch->path;
    ch->order.failed = 1; /* until it succeeds: any failure here is of the history */
    if (!c->decl.history) {
        if (t->has_history)
            return error_set(err, OCE_EUSAGE, path, t->line,
                             "case \"%s\": the contract declares history = false, so its "
                             "terms see no earlier period: leave out 'history'",
                             t->name);
        return ch->order.failed = 0;
    }
    size_t n;
    if (history_room(&c->decl, p, arena, &n, err) == NULL)
        return -1;
    if (n > CASE_HISTORY_MAX)
        return error_set(err, OCE_EUSAGE, path, t->line,
                         "case \"%s\": %s is %zu periods after the contract's first; a case "
                         "settles at most %d before its own",
                         t->name, p->id, n, CASE_HISTORY_MAX);
    /* Every period the case gives must be one it is settled on. */
    Period first = history_first_period(&c->decl);
    for (size_t i = 0; i < t->nhistory; i++) {
        Period q;
        if (calendar_parse_period(t->history[i].period, &q, NULL) != 0 || q.kind != p->kind ||
            calendar_date_cmp(q.start, first.start) < 0 ||
            calendar_date_cmp(q.start, p->start) >= 0)
            return error_set(err, OCE_EUSAGE, path, t->line,
                             "case \"%s\": history gives %s, which is not a period of the "
                             "contract before %s (%s to the one before it)",
                             t->name, t->history[i].period, p->id, first.id);
    }
    if (n == 0 && t->has_history)
        return error_set(err, OCE_EUSAGE, path, t->line,
                         "case \"%s\": %s is the contract's first period, so there is no "
                         "earlier one: leave out 'history'",
                         t->name, p->id);
    int rc = ch->settled.earlier(ch->settled.self, c, p, arena, h, err);
    ch->order.failed = rc != 0;
    return rc;
}

static HistorySource from_case(CaseHistory *ch, const char *path, const TestCase *t,
                               const Period *p, const IncidentLog *log)
{
    ch->path = path;
    ch->t = t;
    ch->p = p;
    ch->log = log;
    ch->settled = settle_in_order(&ch->order, case_inputs, ch, "");
    return (HistorySource){case_earlier, ch, ""};
}

/* Reads the case's outcomes and settles; -1 with err filled when that fails, -2 when it
 * failed in an earlier period (the case's own was not reached). */
static int settle(Contract *c, const char *path, const TestCase *t, Arena *arena, Settlement *s,
                  OceError *err)
{
    Period p;
    if (calendar_parse_period(t->period, &p, err) != 0 ||
        decl_version_for(&c->decl, &p, err) == NULL)
        return -1;
    CaseOutcomes own = {NULL, t->outcomes_file, t->metrics, t->values, t->nvalues};
    IncidentLog *log = NULL;
    if (t->incidents_file != NULL) {
        if (!c->decl.has_incidents)
            return error_set(err, OCE_EUSAGE, path, t->line,
                             "case \"%s\": the contract declares no incidents: leave out "
                             "'incidents'",
                             t->name);
        log = arena_alloc(arena, sizeof *log);
        if (log == NULL)
            return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        if (incidents_read(t->incidents_file, c->decl.id, &c->decl.rules, arena, log, err) != 0)
            return -1;
    }
    SettleInputs in;
    inputs_of(path, t, &own, log, &in);
    CaseHistory *ch = arena_alloc(arena, sizeof *ch); /* the settlement's history is in it */
    if (ch == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    HistorySource h = from_case(ch, path, t, &p, log);
    int rc = settle_period(c, &p, &in, &h, arena, s, err);
    return rc != 0 && ch->order.failed ? -2 : rc;
}

int tester_run(Contract *c, const char *path, const TestCase *t, Arena *arena, TestResult *out,
               OceError *err)
{
    Check k = {&c->decl, NULL, t, arena, "", false, false};
    Settlement s;
    OceError serr;
    error_init(&serr);
    int rc = settle(c, path, t, arena, &s, &serr), settled = rc == 0;
    if (!settled && serr.code == OCE_ENOMEM)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    char msg[1024];
    error_format(&serr, msg, sizeof msg);
    if (rc == -2) {
        differ(&k, "%s", msg); /* the case's own period was not reached */
    } else if (t->error != NULL) {
        if (settled)
            differ(&k, "expected the error \"%s\", but the settlement succeeded", t->error);
        else if (strstr(msg, t->error) == NULL)
            differ(&k, "expected the error \"%s\", got: %s", t->error, msg);
    } else if (!settled) {
        differ(&k, "the settlement failed: %s", msg);
    } else {
        k.v = s.version;
        check_metrics(&k, &s);
        if (t->check_lines)
            check_lines(&k, &s);
        check_total(&k, "charges", t->charges, s.charges);
        check_total(&k, "credits", t->credits, s.credits);
        check_total(&k, "net", t->net, s.net);
        if (t->check_shortfalls)
            check_shortfalls(&k, &s);
    }
    if (k.nomem)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    out->passed = !k.failed;
    out->report = k.report;
    return 0;
}
