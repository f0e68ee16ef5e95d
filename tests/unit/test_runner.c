/*
 * Unit tests of the contract's term runner (contract_runner) through the engine, driven by
 * real contract scripts: the bundled managed-wan example and small contracts written to
 * temporary files. Outcomes are given as OutcomeSets built here, so these tests do not depend
 * on the outcome readers. (The engine's own tests, test_engine.c, use a fake runner.)
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "contract.h"
#include "digest.h"
#include "engine.h"
#include "history.h"

#define WAN "contracts/managed-wan/contract.lua"

typedef struct Fixture {
    Contract *c;
    Arena arena;
    OutcomeSet set;
    Settlement s;
    OceError err;
    char path[64];
    HistoryPeriod earlier[48]; /* the periods before the one settled: no lines, no values */
    History history;
} Fixture;

static Fixture *fixture_new(const char *path)
{
    Fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    arena_init(&f->arena);
    error_init(&f->err);
    f->c = contract_load(path, NULL, &f->err);
    if (f->c == NULL)
        fail_msg("loading %s: %s", path, f->err.message);
    f->set.n = f->c->decl.versions[0].nmetrics;
    f->set.values = arena_alloc(&f->arena, (f->set.n + 1) * sizeof *f->set.values);
    return f;
}

/* Writes a contract script to a temporary file and loads it. */
static Fixture *fixture_script(const char *text)
{
    char path[] = "/tmp/oce-test-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    Fixture *f = fixture_new(path);
    unlink(path);
    return f;
}

static void fixture_free(Fixture *f)
{
    contract_free(f->c);
    arena_free(&f->arena);
    free(f);
}

static void set_value(Fixture *f, const char *metric, const char *value)
{
    const MetricDecl *m = decl_metric(&f->c->decl.versions[0], metric);
    assert_non_null(m);
    Outcome *o = &f->set.values[m - f->c->decl.versions[0].metrics];
    o->present = true;
    assert_int_equal(money_parse(value, m->is_money ? f->c->decl.currency : NULL, &o->value, NULL),
                     0);
}

/* Every period of the contract before p, as quiet as can be: no values, no lines. */
static void quiet_history(Fixture *f, const Period *p)
{
    f->history = (History){f->earlier, 0};
    for (Period q = history_first_period(&f->c->decl); calendar_date_cmp(q.start, p->start) < 0;
         calendar_period_next(&q, &q)) {
        assert_true(f->history.n < 48);
        f->earlier[f->history.n++] = (HistoryPeriod){.period = q,
                                                     .digest = "0",
                                                     .charges = money_zero(f->c->decl.currency),
                                                     .credits = money_zero(f->c->decl.currency),
                                                     .net = money_zero(f->c->decl.currency)};
    }
}

static int settle(Fixture *f, const char *period)
{
    Period p;
    assert_int_equal(calendar_parse_period(period, &p, NULL), 0);
    quiet_history(f, &p);
    TermRunner r = contract_runner(f->c);
    return engine_settle(&f->c->decl, &p, &f->set, &f->history, &r, &f->arena, &f->s, &f->err);
}

static void assert_line(const Line *l, const char *term, LineKind kind, const char *amount,
                        const char *forgone)
{
    assert_string_equal(l->term, term);
    assert_int_equal(l->kind, kind);
    assert_money(l->amount, 2, amount);
    assert_money(l->forgone, 2, forgone);
}

/* October 2026 of the example comes out exactly as the contract says: net 77497.84. */
static void test_managed_wan_october(void **state)
{
    (void)state;
    Fixture *f = fixture_new(WAN);
    set_value(f, "availability", "99.42");
    set_value(f, "p1_restore_hours", "6.5");
    set_value(f, "csat", "9.1");
    set_value(f, "run_cost", "112340.55");
    assert_int_equal(settle(f, "2026-10"), 0);
    Settlement *s = &f->s;
    assert_int_equal(s->nlines, 5);
    assert_line(&s->lines[0], "service_fee", LINE_CHARGE, "85000.00", "0.00");
    assert_line(&s->lines[1], "availability_credit", LINE_CREDIT, "-8500.00", "0.00");
    assert_line(&s->lines[2], "p1_restore_credit", LINE_CREDIT, "-3000.00", "0.00");
    assert_line(&s->lines[3], "run_cost_share", LINE_SHARE, "2297.84", "0.00");
    assert_line(&s->lines[4], "csat_bonus", LINE_BONUS, "1700.00", "0.00");
    assert_string_equal(s->lines[1].explanation,
                        "10 % of 85000.00 because availability 99.42 < 99.50");
    assert_string_equal(s->lines[2].explanation,
                        "3 started hours beyond 4 (p1_restore_hours 6.5) at 1000.00 each");
    assert_string_equal(s->lines[3].explanation,
                        "30 % of savings 7659.45 (baseline 120000.00 - run_cost 112340.55); "
                        "2297.835 rounded half-even to 2297.84");
    assert_money(s->charges, 2, "88997.84");
    assert_money(s->credits, 2, "-11500.00");
    assert_money(s->net, 2, "77497.84");
    assert_int_equal(s->nshortfalls, 2);
    assert_string_equal(s->shortfalls[0].metric->name, "availability");
    assert_money(s->shortfalls[0].gap, 2, "0.53");
    assert_money(s->shortfalls[0].amount, 2, "8500.00");
    assert_string_equal(s->shortfalls[1].metric->name, "p1_restore_hours");
    assert_money(s->shortfalls[1].gap, -1, "2.5");
    assert_money(s->shortfalls[1].amount, 2, "3000.00");
    assert_int_equal(s->metrics[0].met, 0);
    assert_int_equal(s->metrics[2].met, 1);
    fixture_free(f);
}

/* November 2026: the availability credit is capped at the fees at risk, 8500.00 forgone,
 * and the missing optional csat earns no bonus: net 70050.00. */
static void test_managed_wan_november(void **state)
{
    (void)state;
    Fixture *f = fixture_new(WAN);
    set_value(f, "availability", "98.7");
    set_value(f, "p1_restore_hours", "3.0");
    set_value(f, "run_cost", "131000.00");
    assert_int_equal(settle(f, "2026-11"), 0);
    Settlement *s = &f->s;
    assert_int_equal(s->nlines, 5);
    assert_line(&s->lines[0], "service_fee", LINE_CHARGE, "85000.00", "0.00");
    assert_line(&s->lines[1], "availability_credit", LINE_CREDIT, "-12750.00", "8500.00");
    assert_line(&s->lines[2], "p1_restore_credit", LINE_CREDIT, "0.00", "0.00");
    assert_line(&s->lines[3], "run_cost_share", LINE_CREDIT, "-2200.00", "0.00");
    assert_line(&s->lines[4], "csat_bonus", LINE_BONUS, "0.00", "0.00");
    assert_string_equal(s->lines[4].explanation, "no bonus: csat was not measured this period");
    assert_money(s->credits, 2, "-14950.00");
    assert_money(s->net, 2, "70050.00");
    assert_int_equal(s->nshortfalls, 2);
    assert_money(s->shortfalls[0].amount, 2, "12750.00");
    assert_money(s->shortfalls[0].forgone, 2, "8500.00");
    assert_string_equal(s->shortfalls[1].metric->name, "run_cost");
    assert_money(s->shortfalls[1].gap, 2, "11000.00");
    assert_money(s->shortfalls[1].amount, 2, "2200.00");
    assert_int_equal(s->metrics[2].met, -1);
    fixture_free(f);
}

static void october_outcomes(Fixture *f)
{
    set_value(f, "availability", "99.42");
    set_value(f, "p1_restore_hours", "6.5");
    set_value(f, "csat", "9.1");
    set_value(f, "run_cost", "112340.55");
}

/* A contract that looks back is settled only on every period before the one settled: a
 * hole, or a period out of place, is refused and named. */
static void test_history_must_be_whole(void **state)
{
    (void)state;
    Fixture *f = fixture_new(WAN);
    october_outcomes(f);
    Period p;
    assert_int_equal(calendar_parse_period("2026-10", &p, NULL), 0);
    quiet_history(f, &p);
    f->earlier[4] = f->earlier[5]; /* May missing, June twice */
    TermRunner runner = contract_runner(f->c);
    assert_int_equal(
        engine_settle(&f->c->decl, &p, &f->set, &f->history, &runner, &f->arena, &f->s, &f->err),
        -1);
    assert_int_equal(f->err.code, OCE_EPERIOD);
    assert_non_null(strstr(f->err.message, "and 2026-05 has not been settled"));
    error_init(&f->err);
    quiet_history(f, &p);
    assert_int_equal(
        engine_settle(&f->c->decl, &p, &f->set, NULL, &runner, &f->arena, &f->s, &f->err), -1);
    assert_non_null(strstr(f->err.message, "and 2026-01 has not been settled"));
    error_init(&f->err);
    f->history.n = 9;
    f->earlier[9] = f->earlier[8];
    calendar_parse_period("2026-10", &f->earlier[9].period, NULL);
    f->history.n = 10;
    assert_int_equal(
        engine_settle(&f->c->decl, &p, &f->set, &f->history, &runner, &f->arena, &f->s, &f->err),
        -1);
    assert_non_null(strstr(f->err.message, "the history of 2026-10 holds 2026-10"));
    fixture_free(f);
}

/* Terms see the earlier periods' lines: a July whose credits used the whole annual cap of
 * 61200.00 leaves October's credits at nothing, all of them forgone. */
static void test_history_reaches_terms(void **state)
{
    (void)state;
    Fixture *f = fixture_new(WAN);
    october_outcomes(f);
    Period p;
    assert_int_equal(calendar_parse_period("2026-10", &p, NULL), 0);
    quiet_history(f, &p);
    Line july = {.term = "availability_credit",
                 .kind = LINE_CREDIT,
                 .description = "Availability service credit",
                 .explanation = "x"};
    assert_int_equal(money_parse("-61200.00", "GBP", &july.amount, NULL), 0);
    july.forgone = money_zero("GBP");
    f->earlier[6].lines = &july;
    f->earlier[6].nlines = 1;
    TermRunner runner = contract_runner(f->c);
    assert_int_equal(
        engine_settle(&f->c->decl, &p, &f->set, &f->history, &runner, &f->arena, &f->s, &f->err),
        0);
    assert_line(&f->s.lines[1], "availability_credit", LINE_CREDIT, "0.00", "8500.00");
    assert_line(&f->s.lines[2], "p1_restore_credit", LINE_CREDIT, "0.00", "3000.00");
    assert_money(f->s.net, 2, "88997.84");
    assert_ptr_equal(f->s.history, &f->history);
    fixture_free(f);
}

static const char counter_script[] =
    "local settled = 0\n"
    "contract { id = 'c', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"
    "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"
    "  terms = { term 'count' (function(ctx)\n"
    "    settled = settled + 1\n"
    "    return charge(settled, 'Settlements so far')\n"
    "  end) } }\n";

/* Nothing survives between settlements: state hidden in an upvalue starts afresh, so the
 * second settlement of the same contract gives the same result as the first. */
static void test_no_state_between_settlements(void **state)
{
    (void)state;
    Fixture *f = fixture_script(counter_script);
    for (int run = 0; run < 3; run++) {
        assert_int_equal(settle(f, "2026-10"), 0);
        assert_money(f->s.lines[0].amount, 2, "1.00");
        arena_reset(&f->arena);
        f->set.values = arena_alloc(&f->arena, sizeof *f->set.values);
    }
    fixture_free(f);
}

static const char cap_script[] =
    "contract { id = 'c', title = 'T', customer = 'C', vendor = 'V', currency = 'GBP',\n"
    "  cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"
    "  terms = {\n"
    "    term 'a' (function(ctx) return credit(100, 'A') end),\n"
    "    term 'b' (function(ctx) return credit(money('50.00'), 'B') end),\n"
    "    cap_terms 'cap' { terms = { 'a', 'b' }, at_most = 100 },\n"
    "    term 'seen' (function(ctx)\n"
    "      return charge(-(ctx.lines[1].amount + ctx.lines[2].amount), 'Seen')\n"
    "    end),\n"
    "  } }\n";

/* A cap shares its limit in proportion to the capped lines, exactly: 100 and 50 capped to
 * 100 become 66.67 and 33.33, and later terms see the capped amounts. */
static void test_cap_is_proportional_and_exact(void **state)
{
    (void)state;
    Fixture *f = fixture_script(cap_script);
    assert_int_equal(settle(f, "2026-10"), 0);
    assert_line(&f->s.lines[0], "a", LINE_CREDIT, "-66.67", "33.33");
    assert_line(&f->s.lines[1], "b", LINE_CREDIT, "-33.33", "16.67");
    assert_line(&f->s.lines[2], "seen", LINE_CHARGE, "100.00", "0.00");
    assert_money(f->s.net, 2, "0.00");
    fixture_free(f);
}

/* A period of the wrong kind or outside the effective dates is refused before any term
 * runs. */
static void test_period_checks(void **state)
{
    (void)state;
    Fixture *f = fixture_new(WAN);
    assert_int_equal(settle(f, "2026-Q4"), -1);
    assert_int_equal(f->err.code, OCE_EPERIOD);
    assert_string_equal(f->err.message, "period 2026-Q4 is a quarter, but contract "
                                        "\"managed-wan\" settles monthly (e.g. 2026-10)");
    error_init(&f->err);
    assert_int_equal(settle(f, "2029-01"), -1);
    assert_string_equal(f->err.message, "period 2029-01 is outside contract \"managed-wan\", "
                                        "effective 2026-01-01 to 2028-12-31");
    fixture_free(f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_managed_wan_october),
        cmocka_unit_test(test_managed_wan_november),
        cmocka_unit_test(test_history_must_be_whole),
        cmocka_unit_test(test_history_reaches_terms),
        cmocka_unit_test(test_no_state_between_settlements),
        cmocka_unit_test(test_cap_is_proportional_and_exact),
        cmocka_unit_test(test_period_checks),
    };
    if (digest_init() != 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
