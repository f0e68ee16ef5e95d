#include "engine.h"

#include "history.h"

#include <stdio.h>
#include <string.h>

/* Lines grow by doubling inside the arena; a settlement has tens of lines, not thousands,
 * and past ENGINE_LINES_MAX lines (or shortfalls) it has run away. */
#define ENGINE_LINES_MAX 10000
/* A line's explanation grows by a clause for each cap that trims it, up to about this long:
 * hundreds of caps on thousands of lines must not cost the host gigabytes. */
#define EXPLANATION_GROWTH_MAX 2000
typedef struct Run {
    const Decl *d;
    const DeclVersion *v;
    Arena *arena;
    Settlement *s;
    size_t cap_lines;
    size_t cap_shortfalls;
    OceError *err;
} Run;

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
}

static void *grow(Arena *a, void *old, size_t n, size_t *cap, size_t size)
{
    if (n < *cap)
        return old;
    size_t want = *cap ? *cap * 2 : 16;
    void *p = arena_alloc(a, want * size);
    if (p != NULL && old != NULL)
        memcpy(p, old, n * size);
    *cap = want;
    return p;
}

static void fmt(const Decl *d, Money m, char *buf)
{
    money_format(m, d->minor_unit, buf, MONEY_STR_MAX);
}

static int metric_results(Run *r, const OutcomeSet *o, bool *present, Money *values)
{
    const DeclVersion *v = r->v;
    Settlement *s = r->s;
    s->metrics = arena_alloc(r->arena, (v->nmetrics ? v->nmetrics : 1) * sizeof *s->metrics);
    if (s->metrics == NULL)
        return nomem(r->err);
    s->nmetrics = v->nmetrics;
    for (size_t i = 0; i < v->nmetrics; i++) {
        const MetricDecl *m = &v->metrics[i];
        MetricResult *mr = &s->metrics[i];
        mr->decl = m;
        mr->present = present[i] = o->values[i].present;
        mr->value = values[i] = o->values[i].value;
        mr->met = -1;
        mr->derivation = m->derived ? o->values[i].note : NULL;
        int cmp = 0;
        if (mr->present && m->has_target && money_cmp(mr->value, m->target, &cmp, r->err) == 0)
            mr->met = m->better == DIRECTION_HIGHER ? cmp >= 0 : cmp <= 0;
        else if (error_failed(r->err))
            return -1;
    }
    return 0;
}

/* Rounds a line once, as the term stated it (a credit as a positive amount, so "down"
 * means a smaller credit), and says so in the explanation when rounding changed it. */
static int add_line(Run *r, size_t term, const TermOutput *o)
{
    const Decl *d = r->d;
    const DeclVersion *v = r->v;
    Settlement *s = r->s;
    if (s->nlines == ENGINE_LINES_MAX)
        return error_set(r->err, OCE_ESCRIPT, d->path, v->term_lines[term],
                         "the settlement has more than %d lines", ENGINE_LINES_MAX);
    Money stated = o->line_kind == LINE_CREDIT ? money_neg(o->amount) : o->amount, rounded;
    if (money_round_minor(stated, d->currency, d->rounding, &rounded, r->err) != 0)
        return -1;
    s->lines = grow(r->arena, s->lines, s->nlines, &r->cap_lines, sizeof *s->lines);
    if (s->lines == NULL)
        return nomem(r->err);
    Line *l = &s->lines[s->nlines++];
    l->term = v->terms[term];
    l->term_index = term;
    l->kind = o->line_kind;
    l->description = o->description;
    l->amount = o->line_kind == LINE_CREDIT ? money_neg(rounded) : rounded;
    l->explanation = o->explanation;
    l->forgone = money_zero(d->currency);
    if (o->kind == OUTPUT_LINE && !money_is_zero(o->forgone) &&
        money_round_minor(o->forgone, d->currency, d->rounding, &l->forgone, r->err) != 0)
        return -1;
    int cmp;
    money_cmp(stated, rounded, &cmp, NULL);
    if (cmp != 0) {
        char raw[MONEY_STR_MAX], out[MONEY_STR_MAX];
        money_format(stated, -1, raw, sizeof raw);
        fmt(d, rounded, out);
        l->explanation = arena_printf(r->arena, "%s; %s rounded %s to %s", o->explanation, raw,
                                      money_rounding_name(d->rounding), out);
    }
    return l->explanation ? 0 : nomem(r->err);
}

/* Whether a cap limits this line: one of its terms' lines (marked in `in`, by term index),
 * with an amount to limit. */
static int capped(const Line *l, const bool *in)
{
    return !money_is_zero(l->amount) && in[l->term_index];
}

/* Trims the lines of a group so their magnitudes sum to at most the limit. The limit is
 * shared in proportion to each line's amount, exactly, by allocation. */
static int trim_group(Run *r, const char *capterm, const TermOutput *o, const bool *in, size_t n,
                      Money limit)
{
    const Decl *d = r->d;
    Settlement *s = r->s;
    Money *weights = arena_alloc(r->arena, n * sizeof *weights);
    Money *parts = arena_alloc(r->arena, n * sizeof *parts);
    Line **lines = arena_alloc(r->arena, n * sizeof *lines);
    if (!weights || !parts || !lines)
        return nomem(r->err);
    for (size_t i = 0, k = 0; i < s->nlines; i++)
        if (capped(&s->lines[i], in)) {
            lines[k] = &s->lines[i];
            weights[k++] = money_abs(s->lines[i].amount);
        }
    if (money_allocate(limit, weights, n, d->minor_unit, parts, r->err) != 0)
        return -1;
    char lim[MONEY_STR_MAX];
    fmt(d, limit, lim);
    for (size_t k = 0; k < n; k++) {
        Line *l = lines[k];
        Money cut;
        if (money_sub(weights[k], parts[k], &cut, r->err) != 0 ||
            money_add(l->forgone, cut, &l->forgone, r->err) != 0)
            return -1;
        char was[MONEY_STR_MAX], now[MONEY_STR_MAX];
        fmt(d, weights[k], was);
        fmt(d, parts[k], now);
        l->amount = money_sign(l->amount) < 0 ? money_neg(parts[k]) : parts[k];
        if (strlen(l->explanation) >= EXPLANATION_GROWTH_MAX)
            continue; /* its forgone amount still says what every cap took */
        l->explanation =
            arena_printf(r->arena, "%s; capped by %s (%s, at most %s): %s reduced to %s",
                         l->explanation, capterm, o->description, lim, was, now);
        if (l->explanation == NULL)
            return nomem(r->err);
    }
    return 0;
}

/* The names of a limit's terms, "a, b and c", for explanations. */
static const char *term_list(Run *r, const TermOutput *o)
{
    const char *list = r->v->terms[o->terms[0]];
    for (size_t k = 1; list != NULL && k < o->nterms; k++)
        list = arena_printf(r->arena, "%s%s%s", list, k + 1 == o->nterms ? " and " : ", ",
                            r->v->terms[o->terms[k]]);
    return list;
}

/* Adds a line the engine makes for a limit: a top-up to a floor, or a reduction of the net. */
static int limit_line(Run *r, size_t term, Money signed_amount, const char *description,
                      const char *explanation)
{
    if (explanation == NULL)
        return nomem(r->err);
    TermOutput line = {.kind = OUTPUT_LINE,
                       .line_kind = money_sign(signed_amount) < 0 ? LINE_CREDIT : LINE_CHARGE,
                       .amount = signed_amount,
                       .description = description,
                       .explanation = explanation};
    return add_line(r, term, &line);
}

/* Bounds how much the lines of a group of earlier terms come to, as magnitudes: above
 * at_most they are trimmed in proportion; below at_least a line tops them up, of the
 * group's sign (a credit for a group of credits). */
static int limit_group(Run *r, size_t term, const TermOutput *o)
{
    const Decl *d = r->d;
    const DeclVersion *v = r->v;
    Settlement *s = r->s;
    bool *in = arena_alloc(r->arena, v->nterms * sizeof *in);
    if (in == NULL)
        return nomem(r->err);
    for (size_t k = 0; k < o->nterms; k++)
        in[o->terms[k]] = true;
    Money total = money_zero(d->currency), net = total, bound;
    size_t n = 0;
    int credits = 0, signs = 0; /* bit 0: a line above zero, bit 1: one below */
    size_t any = 0;             /* lines of the group, 0.00 or not */
    for (size_t i = 0; i < s->nlines; i++) {
        if (!in[s->lines[i].term_index])
            continue;
        any++;
        credits |= s->lines[i].kind == LINE_CREDIT;
        if (!capped(&s->lines[i], in))
            continue;
        signs |= money_sign(s->lines[i].amount) > 0 ? 1 : 2;
        if (money_add(total, money_abs(s->lines[i].amount), &total, r->err) != 0 ||
            money_add(net, s->lines[i].amount, &net, r->err) != 0)
            return -1;
        n++;
    }
    if (signs == 3) /* sizes of charges and credits added up would mean nothing */
        return error_set(r->err, OCE_ESCRIPT, d->path, v->term_lines[term],
                         "limit: the lines of %s mix charges and credits this period; a limit on "
                         "terms bounds lines of one kind (bound the net with cap_net, floor_net "
                         "or collar_net instead)",
                         term_list(r, o));
    int cmp;
    if (o->has_max) {
        if (money_round_minor(o->max, d->currency, MONEY_DOWN, &bound, r->err) != 0 ||
            money_cmp(total, bound, &cmp, r->err) != 0)
            return -1;
        if (cmp > 0)
            return trim_group(r, v->terms[term], o, in, n, bound);
    }
    if (!o->has_min || any == 0) /* no line says which kind a top-up would be */
        return 0;
    if (money_round_minor(o->min, d->currency, MONEY_UP, &bound, r->err) != 0 ||
        money_cmp(total, bound, &cmp, r->err) != 0)
        return -1;
    if (cmp >= 0)
        return 0;
    Money gap;
    if (money_sub(bound, total, &gap, r->err) != 0)
        return -1;
    char was[MONEY_STR_MAX], least[MONEY_STR_MAX], add[MONEY_STR_MAX];
    fmt(d, total, was);
    fmt(d, bound, least);
    fmt(d, gap, add);
    int negative = money_sign(net) < 0 || (money_is_zero(net) && credits);
    return limit_line(r, term, negative ? money_neg(gap) : gap, o->description,
                      arena_printf(r->arena, "%s came to %s, less than the minimum of %s: %s added",
                                   term_list(r, o), was, least, add));
}

/* Bounds the period's net so far: above at_most a credit brings it down, below at_least a
 * charge brings it up. */
static int limit_net(Run *r, size_t term, const TermOutput *o)
{
    const Decl *d = r->d;
    Money net = money_zero(d->currency), bound, gap;
    for (size_t i = 0; i < r->s->nlines; i++)
        if (money_add(net, r->s->lines[i].amount, &net, r->err) != 0)
            return -1;
    char was[MONEY_STR_MAX], lim[MONEY_STR_MAX], by[MONEY_STR_MAX];
    fmt(d, net, was);
    int cmp;
    if (o->has_max && (money_round_minor(o->max, d->currency, MONEY_DOWN, &bound, r->err) != 0 ||
                       money_cmp(net, bound, &cmp, r->err) != 0))
        return -1;
    if (o->has_max && cmp > 0) {
        if (money_sub(net, bound, &gap, r->err) != 0)
            return -1;
        fmt(d, bound, lim);
        fmt(d, gap, by);
        return limit_line(r, term, money_neg(gap), o->description,
                          arena_printf(r->arena,
                                       "the net so far is %s, more than the maximum of %s: "
                                       "reduced by %s",
                                       was, lim, by));
    }
    if (o->has_min && (money_round_minor(o->min, d->currency, MONEY_UP, &bound, r->err) != 0 ||
                       money_cmp(net, bound, &cmp, r->err) != 0))
        return -1;
    if (!o->has_min || cmp >= 0)
        return 0;
    if (money_sub(bound, net, &gap, r->err) != 0)
        return -1;
    fmt(d, bound, lim);
    fmt(d, gap, by);
    return limit_line(r, term, gap, o->description,
                      arena_printf(r->arena,
                                   "the net so far is %s, less than the minimum of %s: "
                                   "raised by %s",
                                   was, lim, by));
}

static int add_shortfall(Run *r, const char *term, size_t line, const TermOutput *o)
{
    Settlement *s = r->s;
    if (s->nshortfalls == ENGINE_LINES_MAX)
        return error_set(r->err, OCE_ESCRIPT, r->d->path, 0,
                         "the settlement has more than %d shortfalls", ENGINE_LINES_MAX);
    s->shortfalls =
        grow(r->arena, s->shortfalls, s->nshortfalls, &r->cap_shortfalls, sizeof *s->shortfalls);
    if (s->shortfalls == NULL)
        return nomem(r->err);
    Shortfall *f = &s->shortfalls[s->nshortfalls++];
    const MetricDecl *m = decl_metric(r->v, o->metric);
    f->metric = m;
    f->term = term;
    f->line = line;
    f->explanation = o->explanation;
    f->target = m->target;
    f->actual = s->metrics[m - r->v->metrics].value;
    if (money_sub(f->actual, f->target, &f->gap, r->err) != 0)
        return -1;
    f->gap = money_abs(f->gap);
    return 0;
}

/* A shortfall's cost is what the line it follows came to after every cap (a per-site credit
 * and its miss), or, when it follows none, what all its term's lines came to. */
static int cost_shortfalls(Run *r)
{
    Settlement *s = r->s;
    for (size_t k = 0; k < s->nshortfalls; k++) {
        Shortfall *f = &s->shortfalls[k];
        Money sum = money_zero(r->d->currency);
        f->forgone = money_zero(r->d->currency);
        for (size_t i = 0; i < s->nlines; i++) {
            if (f->line != SETTLEMENT_ALL ? i != f->line : strcmp(s->lines[i].term, f->term) != 0)
                continue;
            if (money_add(sum, s->lines[i].amount, &sum, r->err) != 0 ||
                money_add(f->forgone, s->lines[i].forgone, &f->forgone, r->err) != 0)
                return -1;
        }
        f->amount = money_abs(sum);
    }
    return 0;
}

static int totals(Run *r)
{
    Settlement *s = r->s;
    s->charges = s->credits = money_zero(r->d->currency);
    for (size_t i = 0; i < s->nlines; i++) {
        Money *t = money_sign(s->lines[i].amount) < 0 ? &s->credits : &s->charges;
        if (money_add(*t, s->lines[i].amount, t, r->err) != 0)
            return -1;
    }
    return money_add(s->charges, s->credits, &s->net, r->err);
}

static int run_outputs(Run *r, size_t term, const TermOutput *out, size_t n)
{
    const char *name = r->v->terms[term];
    size_t last = SETTLEMENT_ALL; /* the term's latest line */
    for (size_t k = 0; k < n; k++) {
        if (out[k].kind == OUTPUT_LINE)
            last = r->s->nlines;
        int rc = out[k].kind == OUTPUT_LINE        ? add_line(r, term, &out[k])
                 : out[k].kind == OUTPUT_SHORTFALL ? add_shortfall(r, name, last, &out[k])
                 : out[k].terms != NULL            ? limit_group(r, term, &out[k])
                                                   : limit_net(r, term, &out[k]);
        if (rc != 0) {
            error_set_term(r->err, name);
            return -1;
        }
    }
    return 0;
}

int engine_settle(const Decl *d, const Period *p, const OutcomeSet *o, const History *h,
                  const TermRunner *runner, Arena *arena, Settlement *out, OceError *err)
{
    static const History none = {NULL, 0};
    memset(out, 0, sizeof *out);
    const DeclVersion *v = decl_version_for(d, p, err);
    if (v == NULL)
        return -1;
    out->decl = d;
    out->version = v;
    out->period = *p;
    memcpy(out->outcomes_sha256, o->sha256, sizeof out->outcomes_sha256);
    Run r = {d, v, arena, out, 0, 0, err};
    bool *present = arena_alloc(arena, (v->nmetrics + 1) * sizeof *present);
    Money *values = arena_alloc(arena, (v->nmetrics + 1) * sizeof *values);
    if (!present || !values)
        return nomem(err);
    if (!d->history || h == NULL)
        h = &none;
    out->history = h;
    out->incident_log = o->incidents;
    out->incidents = o->report;
    out->outcome_rows = o->rows;
    out->incident_rows = o->incident_rows;
    if ((d->history && history_check(d, p, h, err) != 0) ||
        metric_results(&r, o, present, values) != 0 || runner->begin(runner->self, v, err) != 0)
        return -1;
    for (size_t i = 0; i < v->nterms; i++) {
        TermContext tc = {p, present, values, out->lines, out->nlines, h};
        TermOutput *outs;
        size_t n;
        if (runner->run(runner->self, i, &tc, arena, &outs, &n, err) != 0 ||
            run_outputs(&r, i, outs, n) != 0)
            return -1;
    }
    return cost_shortfalls(&r) == 0 && totals(&r) == 0 ? 0 : -1;
}
