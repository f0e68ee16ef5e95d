/*
 * Unit tests of the settlement engine with a fake TermRunner: each term's outputs are canned
 * here, so the engine's own rules (the version a period is settled by, rounding every line
 * once by the contract's rule, limits on groups of terms, shortfalls costed by their lines,
 * totals, the earlier periods it is given) are tested with no Lua and no file format. The
 * test links only the engine and the modules below it.
 */
#include "testutil.h"

#include <stdlib.h>

#include "engine.h"

/* What a fake term returns: up to four outputs. */
typedef struct Canned {
    TermOutput out[4];
    size_t n;
} Canned;

/* The fake runner: canned outputs by term name, and what it was asked. */
typedef struct Fake {
    const char *names[8];
    Canned canned[8];
    size_t nnames;
    const DeclVersion *begun; /* the version begin was given */
    size_t begins, runs;
    size_t lines_seen[8]; /* ctx.lines as each term saw it */
    int fail_at;          /* run fails at this term (-1: never) */
} Fake;

static int fake_begin(void *self, const DeclVersion *v, OceError *err)
{
    (void)err;
    Fake *f = self;
    f->begun = v;
    f->begins++;
    return 0;
}

static int fake_run(void *self, size_t i, const TermContext *tc, Arena *arena, TermOutput **out,
                    size_t *nout, OceError *err)
{
    (void)arena;
    Fake *f = self;
    const char *name = f->begun->terms[i];
    f->lines_seen[f->runs++] = tc->nlines;
    if ((int)i == f->fail_at)
        return error_set(err, OCE_ESCRIPT, "c.lua", 7, "term \"%s\": boom", name);
    for (size_t k = 0; k < f->nnames; k++) {
        if (strcmp(f->names[k], name) == 0) {
            *out = f->canned[k].out;
            *nout = f->canned[k].n;
            return 0;
        }
    }
    *out = NULL;
    *nout = 0;
    return 0;
}

static Money dec(const char *s, const char *currency)
{
    Money m;
    if (money_parse(s, currency, &m, NULL) != 0)
        fail_msg("bad decimal %s", s);
    return m;
}

static TermOutput line(LineKind kind, const char *amount, const char *description)
{
    return (TermOutput){.kind = OUTPUT_LINE,
                        .line_kind = kind,
                        .amount = dec(amount, "GBP"),
                        .forgone = money_zero("GBP"),
                        .description = description,
                        .explanation = description};
}

static void can(Fake *f, const char *term, const TermOutput *outs, size_t n)
{
    f->names[f->nnames] = term;
    for (size_t k = 0; k < n; k++)
        f->canned[f->nnames].out[k] = outs[k];
    f->canned[f->nnames++].n = n;
}

/* A monthly GBP contract from 2026-01-01 of one metric, availability (target 99.5, higher
 * better), and terms fee, credit_a, credit_b, cap; amended from 2026-06-01 to the terms
 * fee and bonus. */
typedef struct World {
    MetricDecl metric;
    char *terms[4], *amended_terms[2];
    int lines[4];
    DeclVersion versions[2];
    Decl decl;
    Arena arena;
    OutcomeSet set;
    Outcome value;
    Settlement s;
    OceError err;
    Fake fake;
    TermRunner runner;
} World;

static World *world_new(MoneyRounding rounding)
{
    World *w = calloc(1, sizeof *w);
    assert_non_null(w);
    w->metric = (MetricDecl){.name = "availability",
                             .unit = "%",
                             .better = DIRECTION_HIGHER,
                             .has_better = true,
                             .required = true,
                             .precision = 2,
                             .has_target = true,
                             .target = dec("99.5", NULL)};
    static const char *const names[] = {"fee", "credit_a", "credit_b", "cap"};
    for (size_t i = 0; i < 4; i++) {
        w->terms[i] = (char *)names[i];
        w->lines[i] = (int)(10 + i);
    }
    w->amended_terms[0] = "fee";
    w->amended_terms[1] = "bonus";
    w->versions[0] = (DeclVersion){.name = "original",
                                   .effective_from = {2026, 1, 1},
                                   .line = 3,
                                   .metrics = &w->metric,
                                   .nmetrics = 1,
                                   .terms = w->terms,
                                   .term_lines = w->lines,
                                   .nterms = 4,
                                   .owns_metrics = true,
                                   .owns_terms = true};
    w->versions[1] = (DeclVersion){.name = "2026 review",
                                   .effective_from = {2026, 6, 1},
                                   .line = 20,
                                   .metrics = &w->metric,
                                   .nmetrics = 1,
                                   .terms = w->amended_terms,
                                   .term_lines = w->lines,
                                   .nterms = 2,
                                   .owns_terms = true};
    w->decl = (Decl){.path = "c.lua",
                     .id = "c",
                     .title = "T",
                     .customer = "C",
                     .vendor = "V",
                     .currency = "GBP",
                     .minor_unit = 2,
                     .cadence = CADENCE_MONTHLY,
                     .effective_from = {2026, 1, 1},
                     .effective_to = {9999, 12, 31},
                     .rounding = rounding,
                     .history = false,
                     .versions = w->versions,
                     .nversions = 2};
    arena_init(&w->arena);
    error_init(&w->err);
    w->value = (Outcome){.present = true, .value = dec("99.10", NULL)};
    w->set = (OutcomeSet){.values = &w->value, .n = 1, .sha256 = "0"};
    w->fake.fail_at = -1;
    w->runner = (TermRunner){fake_begin, fake_run, &w->fake};
    return w;
}

static void world_free(World *w)
{
    arena_free(&w->arena);
    free(w);
}

static int settle(World *w, const char *period, const History *h)
{
    Period p;
    assert_int_equal(calendar_parse_period(period, &p, NULL), 0);
    return engine_settle(&w->decl, &p, &w->set, h, &w->runner, &w->arena, &w->s, &w->err);
}

static void assert_line(const Line *l, const char *term, LineKind kind, const char *amount,
                        const char *forgone)
{
    assert_string_equal(l->term, term);
    assert_int_equal(l->kind, kind);
    assert_money(l->amount, 2, amount);
    assert_money(l->forgone, 2, forgone);
}

/* Each line is rounded once, to the cent, by the contract's rule; totals are sums of the
 * rounded lines. */
static void test_lines_rounded_by_the_rule(void **state)
{
    (void)state;
    static const struct {
        MoneyRounding rule;
        const char *fee, *credit, *net;
    } rules[] = {{MONEY_HALF_EVEN, "100.00", "-0.02", "99.98"},
                 {MONEY_HALF_UP, "100.01", "-0.02", "99.99"},
                 {MONEY_DOWN, "100.00", "-0.01", "99.99"}};
    for (size_t r = 0; r < 3; r++) {
        World *w = world_new(rules[r].rule);
        TermOutput fee = line(LINE_CHARGE, "100.005", "Fee");
        TermOutput credit = line(LINE_CREDIT, "-0.015", "Credit");
        can(&w->fake, "fee", &fee, 1);
        can(&w->fake, "credit_a", &credit, 1);
        assert_int_equal(settle(w, "2026-03", NULL), 0);
        assert_int_equal(w->s.nlines, 2);
        assert_line(&w->s.lines[0], "fee", LINE_CHARGE, rules[r].fee, "0.00");
        assert_line(&w->s.lines[1], "credit_a", LINE_CREDIT, rules[r].credit, "0.00");
        assert_money(w->s.charges, 2, rules[r].fee);
        assert_money(w->s.credits, 2, rules[r].credit);
        assert_money(w->s.net, 2, rules[r].net);
        world_free(w);
    }
}

/* A limit on a group of earlier terms takes what they exceed it by off each in proportion:
 * credits of 300.00 and 200.00 held to 250.00 together are 150.00 and 100.00. */
static void test_limit_on_a_group(void **state)
{
    (void)state;
    World *w = world_new(MONEY_HALF_EVEN);
    TermOutput fee = line(LINE_CHARGE, "1000", "Fee");
    TermOutput a = line(LINE_CREDIT, "-300", "Credit A");
    TermOutput b = line(LINE_CREDIT, "-200", "Credit B");
    static const size_t group[] = {1, 2};
    TermOutput cap = {.kind = OUTPUT_LIMIT,
                      .description = "Credits at most 250.00",
                      .has_max = true,
                      .max = dec("250", "GBP"),
                      .terms = group,
                      .nterms = 2};
    can(&w->fake, "fee", &fee, 1);
    can(&w->fake, "credit_a", &a, 1);
    can(&w->fake, "credit_b", &b, 1);
    can(&w->fake, "cap", &cap, 1);
    assert_int_equal(settle(w, "2026-03", NULL), 0);
    assert_int_equal(w->s.nlines, 3);
    assert_line(&w->s.lines[0], "fee", LINE_CHARGE, "1000.00", "0.00");
    assert_line(&w->s.lines[1], "credit_a", LINE_CREDIT, "-150.00", "150.00");
    assert_line(&w->s.lines[2], "credit_b", LINE_CREDIT, "-100.00", "100.00");
    assert_money(w->s.net, 2, "750.00");
    /* Each term saw the lines settled before it: none, then one, two, three. */
    assert_int_equal(w->fake.runs, 4);
    for (size_t i = 0; i < 4; i++)
        assert_int_equal(w->fake.lines_seen[i], i);
    world_free(w);
}

/* A shortfall is costed by the line its term produced before it, and says how far the
 * metric missed its target. */
static void test_shortfall_costed_by_its_line(void **state)
{
    (void)state;
    World *w = world_new(MONEY_HALF_EVEN);
    TermOutput outs[] = {line(LINE_CREDIT, "-42.5", "Availability credit"),
                         {.kind = OUTPUT_SHORTFALL,
                          .metric = "availability",
                          .explanation = "availability 99.10 missed 99.5"}};
    can(&w->fake, "credit_a", outs, 2);
    assert_int_equal(settle(w, "2026-03", NULL), 0);
    assert_int_equal(w->s.nshortfalls, 1);
    const Shortfall *f = &w->s.shortfalls[0];
    assert_string_equal(f->metric->name, "availability");
    assert_string_equal(f->term, "credit_a");
    assert_int_equal(f->line, 0);
    assert_money(f->amount, 2, "42.50");
    assert_money(f->gap, 2, "0.40");
    assert_int_equal(w->s.nmetrics, 1);
    assert_int_equal(w->s.metrics[0].met, 0);
    world_free(w);
}

/* The period is settled by the version in force on its first day: the amendment's terms from
 * June, the original's before; the runner is begun with that version, and the settlement
 * says which it was. */
static void test_version_by_period(void **state)
{
    (void)state;
    World *w = world_new(MONEY_HALF_EVEN);
    TermOutput fee = line(LINE_CHARGE, "10", "Fee");
    TermOutput bonus = line(LINE_BONUS, "1", "Bonus");
    can(&w->fake, "fee", &fee, 1);
    can(&w->fake, "bonus", &bonus, 1);
    assert_int_equal(settle(w, "2026-05", NULL), 0);
    assert_ptr_equal(w->fake.begun, &w->versions[0]);
    assert_ptr_equal(w->s.version, &w->versions[0]);
    assert_int_equal(w->s.nlines, 1);
    assert_int_equal(settle(w, "2026-06", NULL), 0);
    assert_ptr_equal(w->fake.begun, &w->versions[1]);
    assert_string_equal(w->s.version->name, "2026 review");
    assert_int_equal(w->s.nlines, 2);
    assert_line(&w->s.lines[1], "bonus", LINE_BONUS, "1.00", "0.00");
    assert_int_equal(w->fake.begins, 2);
    /* A period of another cadence is refused before anything runs. */
    assert_int_equal(settle(w, "2026-Q2", NULL), -1);
    assert_int_equal(w->err.code, OCE_EPERIOD);
    assert_string_equal(w->err.message,
                        "period 2026-Q2 is a quarter, but contract \"c\" settles monthly (e.g. "
                        "2026-10)");
    assert_int_equal(w->fake.begins, 2);
    world_free(w);
}

/* A term that fails stops the settlement with its error, and later terms do not run. */
static void test_runner_failure_stops(void **state)
{
    (void)state;
    World *w = world_new(MONEY_HALF_EVEN);
    w->fake.fail_at = 1;
    assert_int_equal(settle(w, "2026-03", NULL), -1);
    assert_int_equal(w->err.code, OCE_ESCRIPT);
    assert_string_equal(w->err.message, "term \"credit_a\": boom");
    assert_int_equal(w->fake.runs, 2);
    world_free(w);
}

/* A contract that looks back is settled only on every period before the one settled. */
static void test_history_must_be_whole(void **state)
{
    (void)state;
    World *w = world_new(MONEY_HALF_EVEN);
    w->decl.history = true;
    HistoryPeriod jan = {.digest = "0"};
    assert_int_equal(calendar_parse_period("2026-01", &jan.period, NULL), 0);
    History h = {&jan, 1};
    assert_int_equal(settle(w, "2026-03", &h), -1);
    assert_int_equal(w->err.code, OCE_EPERIOD);
    assert_string_equal(w->err.message,
                        "contract \"c\" settles 2026-03 on every period before it, and 2026-02 "
                        "has not been settled: settle the periods in order from 2026-01 (a "
                        "contract whose terms do not look at earlier periods declares history = "
                        "false)");
    assert_int_equal(w->fake.begins, 0);
    assert_int_equal(settle(w, "2026-02", &h), 0);
    assert_ptr_equal(w->s.history, &h);
    world_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_lines_rounded_by_the_rule),
        cmocka_unit_test(test_limit_on_a_group),
        cmocka_unit_test(test_shortfall_costed_by_its_line),
        cmocka_unit_test(test_version_by_period),
        cmocka_unit_test(test_runner_failure_stops),
        cmocka_unit_test(test_history_must_be_whole),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
