/*
 * Unit tests of the run: the periods of a cadence inside a run's period; a template loaded
 * with its parameters, which its document records; a contract that fails costing only
 * itself, in a process whose sandbox the contracts share; and the events given for a
 * contract not due.
 */
#include "testfile.h"

#include <string.h>

#include "doc.h"
#include "run.h"

static void assert_periods(const char *run, PeriodKind kind, const char *want)
{
    Period p, out[12];
    assert_int_equal(calendar_parse_period(run, &p, NULL), 0);
    size_t n = run_periods_inside(&p, kind, out);
    char got[200] = "";
    for (size_t k = 0; k < n; k++) {
        if (k > 0)
            strcat(got, " ");
        strcat(got, out[k].id);
    }
    assert_string_equal(got, want);
}

static void test_periods_inside(void **state)
{
    (void)state;
    assert_periods("2026-Q4", PERIOD_MONTH, "2026-10 2026-11 2026-12");
    assert_periods("2026-Q4", PERIOD_QUARTER, "2026-Q4");
    assert_periods("2026-Q4", PERIOD_YEAR, "");
    assert_periods("2026-10", PERIOD_MONTH, "2026-10");
    assert_periods("2026-10", PERIOD_QUARTER, "");
    assert_periods("2026", PERIOD_QUARTER, "2026-Q1 2026-Q2 2026-Q3 2026-Q4");
    assert_periods("2026", PERIOD_YEAR, "2026");
    assert_periods("2026", PERIOD_MONTH,
                   "2026-01 2026-02 2026-03 2026-04 2026-05 2026-06 "
                   "2026-07 2026-08 2026-09 2026-10 2026-11 2026-12");
}

/* What a run gave: each event, as text. */
typedef struct Seen {
    char text[8][700];
    size_t n;
    char line[4096];
    size_t done, failures; /* the RUN_DONE events, and the failures they count */
} Seen;

static int seen(void *ctx, const RunEvent *e, OceError *err)
{
    (void)err;
    Seen *s = ctx;
    if (e->outcome == RUN_DONE) {
        s->done++;
        s->failures += e->failures;
        return 0;
    }
    assert_true(s->n < 8);
    char *t = s->text[s->n++];
    if (e->outcome == RUN_SETTLED) {
        char net[MONEY_STR_MAX];
        money_format(e->s->net, 2, net, sizeof net);
        snprintf(t, 700, "settled %s %s net %s", e->s->decl->id, e->period->id, net);
        snprintf(s->line, sizeof s->line, "%s", e->line);
    } else if (e->outcome == RUN_FAILED) {
        char msg[600];
        error_format(e->err, msg, sizeof msg);
        snprintf(t, 700, "failed %s %s: %s", e->item->name, e->period ? e->period->id : "-", msg);
    } else {
        snprintf(t, 700, "not due %s: %s", e->item->name, e->why);
    }
    return 0;
}

/* A contract that measures nothing needs no inputs. */
static int no_inputs(void *ctx, Contract *c, const Period *q, SettleInputs *in, OceError *err)
{
    (void)ctx, (void)c, (void)q, (void)err;
    *in = (SettleInputs){0};
    return 0;
}

static const char template_script[] =
    "local fee = money(params.fee)\n"
    "contract { history = false,\n"
    "  id = params.contract_id, title = 'T', customer = 'C', vendor = 'V',\n"
    "  currency = 'GBP', cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"
    "  terms = {\n"
    "    fixed_fee 'fee' { amount = fee, description = 'Fee' },\n"
    "    term 'late' (function(ctx) return credit(money(params.credit), 'Read late') end),\n"
    "  },\n"
    "}\n";

static void run_one(const RunItem *item, const char *period, Seen *s)
{
    Period p;
    OceError err;
    error_init(&err);
    assert_int_equal(calendar_parse_period(period, &p, NULL), 0);
    assert_int_equal(run_item(item, &p, NULL, seen, s, &err), 0);
}

static void test_template_params(void **state)
{
    (void)state;
    char path[256];
    scratch_write("template.lua", template_script, path, sizeof path);
    const char *names[] = {"contract_id", "fee", "credit"};
    const char *values[] = {"SITE-0001", "85000.00", "1250.50"};
    RunItem item = {"SITE-0001", path, NULL, 0, {names, values, 3}, no_inputs, NULL, ""};
    Seen s = {0};
    run_one(&item, "2026-Q1", &s);
    assert_int_equal(s.n, 3);
    /* 85000.00 less the credit the term reads from params when it runs */
    assert_string_equal(s.text[0], "settled SITE-0001 2026-01 net 83749.50");
    assert_string_equal(s.text[2], "settled SITE-0001 2026-03 net 83749.50");
    assert_non_null(strstr(s.line, "\"version\":\"original\",\"parameters\":{\"contract_id\":"
                                   "\"SITE-0001\",\"fee\":\"85000.00\",\"credit\":\"1250.50\"}}"));
    /* the line's digest is of its compact form without the digest member */
    char digest[DIGEST_HEX_SIZE];
    assert_int_equal(doc_digest_of(s.line, digest), 0);
    assert_non_null(strstr(s.line, digest));

    /* a parameter the template reads and the row does not give */
    RunItem two = {"SITE-0002", path, NULL, 0, {names, values, 2}, no_inputs, NULL, ""};
    Seen f = {0};
    run_one(&two, "2026-01", &f);
    assert_int_equal(f.n, 1);
    assert_non_null(strstr(f.text[0], "failed SITE-0002 2026-01: "));
    assert_non_null(strstr(f.text[0], "term \"late\": params.credit is not given: the "
                                      "parameters given are contract_id, fee"));

    /* and one that is not a name */
    const char *bad[] = {"contract id"};
    RunItem three = {"SITE-0003", path, NULL, 0, {bad, values, 1}, no_inputs, NULL, ""};
    Seen g = {0};
    run_one(&three, "2026-01", &g);
    assert_int_equal(g.n, 1);
    assert_non_null(strstr(g.text[0], "failed SITE-0003 -: "));
    assert_non_null(strstr(g.text[0], "parameter 'contract id' is not a name"));
}

static void test_params_read_only(void **state)
{
    (void)state;
    char path[256];
    scratch_write(
        "writes.lua",
        "params.fee = '1.00'\n"
        "contract { history = false, id = 'w', title = 'T', customer = 'C',\n"
        "  vendor = 'V', currency = 'GBP', cadence = 'monthly',\n"
        "  effective_from = '2026-01-01', metrics = {},\n"
        "  terms = { fixed_fee 'fee' { amount = money '1.00', description = 'Fee' } } }\n",
        path, sizeof path);
    const char *names[] = {"fee"}, *values[] = {"85000.00"};
    RunItem item = {"w", path, NULL, 0, {names, values, 1}, no_inputs, NULL, ""};
    Seen s = {0};
    run_one(&item, "2026-01", &s);
    assert_int_equal(s.n, 1);
    assert_non_null(strstr(s.text[0], "writes.lua:1: cannot change field 'fee' of params: a "
                                      "template's parameters are the portfolio's"));
    /* nor may the script give the name another value */
    scratch_write(
        "replaces.lua",
        "params = { fee = '1.00' }\n"
        "contract { history = false, id = 'w', title = 'T', customer = 'C',\n"
        "  vendor = 'V', currency = 'GBP', cadence = 'monthly',\n"
        "  effective_from = '2026-01-01', metrics = {},\n"
        "  terms = { fixed_fee 'fee' { amount = money(params.fee), description = 'F' } } }\n",
        path, sizeof path);
    RunItem again = {"r", path, NULL, 0, {names, values, 1}, no_inputs, NULL, ""};
    Seen t = {0};
    run_one(&again, "2026-01", &t);
    assert_int_equal(t.n, 1);
    assert_int_equal(t.done, 1);
    assert_int_equal(t.failures, 1);
    assert_non_null(strstr(t.text[0], "replaces.lua: the script gives the name params a value "
                                      "of its own"));
}

static const char spins_script[] =
    "contract { history = false, id = 'spins', title = 'T', customer = 'C', vendor = 'V',\n"
    "  currency = 'GBP', cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"
    "  terms = { term 'spin' (function(ctx) while true do end end) } }\n";

static const char fine_script[] =
    "contract { history = false, id = 'fine', title = 'T', customer = 'C', vendor = 'V',\n"
    "  currency = 'GBP', cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"
    "  terms = { fixed_fee 'fee' { amount = money '100.00', description = 'Fee' } } }\n";

/* A contract that trips its instruction budget leaves the shared sandbox able to load and
 * settle the next. */
static void test_failure_contained(void **state)
{
    (void)state;
    char a[256], b[256];
    scratch_write("spins.lua", spins_script, a, sizeof a);
    scratch_write("fine.lua", fine_script, b, sizeof b);
    SandboxLimits limits = {.max_instructions = 2000000};
    Period p;
    assert_int_equal(calendar_parse_period("2026-10", &p, NULL), 0);
    RunItem items[] = {{"spins", a, NULL, 0, {NULL, NULL, 0}, no_inputs, NULL, ""},
                       {"fine", b, NULL, 0, {NULL, NULL, 0}, no_inputs, NULL, ""}};
    Seen s = {0};
    OceError err;
    error_init(&err);
    for (int k = 0; k < 2; k++)
        assert_int_equal(run_item(&items[k], &p, &limits, seen, &s, &err), 0);
    assert_int_equal(s.n, 2);
    assert_non_null(strstr(s.text[0], "failed spins 2026-10: "));
    assert_non_null(strstr(s.text[0], "term \"spin\": instruction limit exceeded"));
    assert_string_equal(s.text[1], "settled fine 2026-10 net 100.00");
}

/* A contract that looks back stops at its first failure; one that does not goes on. */
static void test_failure_and_later_periods(void **state)
{
    (void)state;
    char a[256], b[256];
#define FAILS_IN_NOVEMBER(history)                                                                 \
    "contract { history = " history ", id = 'n', title = 'T', customer = 'C', vendor = 'V',\n"     \
    "  currency = 'GBP', cadence = 'monthly', effective_from = '2026-01-01', metrics = {},\n"      \
    "  terms = { term 'nov' (function(ctx)\n"                                                      \
    "    if ctx.period.id == '2026-11' then error('no November') end\n"                            \
    "    return charge(money '1.00', 'One') end) } }\n"
    scratch_write("on.lua", FAILS_IN_NOVEMBER("false"), a, sizeof a);
    scratch_write("back.lua", FAILS_IN_NOVEMBER("true"), b, sizeof b);
    RunItem on = {"on", a, NULL, 0, {NULL, NULL, 0}, no_inputs, NULL, ""};
    Seen s = {0};
    run_one(&on, "2026-Q4", &s);
    assert_int_equal(s.n, 3);
    assert_string_equal(s.text[0], "settled n 2026-10 net 1.00");
    assert_non_null(strstr(s.text[1], "failed on 2026-11: "));
    assert_non_null(strstr(s.text[1], "no November"));
    assert_string_equal(s.text[2], "settled n 2026-12 net 1.00");
    /* one contract, ended once, with one failure */
    assert_int_equal(s.done, 1);
    assert_int_equal(s.failures, 1);
    RunItem back = {"back", b, NULL, 0, {NULL, NULL, 0}, no_inputs, NULL, ""};
    Seen t = {0};
    run_one(&back, "2026-Q4", &t);
    assert_int_equal(t.n, 2);
    assert_string_equal(t.text[0], "settled n 2026-10 net 1.00");
    assert_non_null(strstr(t.text[1], "failed back 2026-11: "));
}

static void test_not_due(void **state)
{
    (void)state;
    char path[256];
    scratch_write(
        "later.lua",
        "contract { history = false, id = 'l', title = 'T', customer = 'C',\n"
        "  vendor = 'V', currency = 'GBP', cadence = 'quarterly',\n"
        "  effective_from = '2027-01-01', metrics = {},\n"
        "  terms = { fixed_fee 'fee' { amount = money '1.00', description = 'Fee' } } }\n",
        path, sizeof path);
    RunItem item = {"later", path, NULL, 0, {NULL, NULL, 0}, no_inputs, NULL, ""};
    Seen s = {0};
    run_one(&item, "2026-10", &s);
    run_one(&item, "2026-Q4", &s);
    assert_int_equal(s.n, 2);
    assert_string_equal(s.text[0],
                        "not due later: quarterly: no quarter of it lies inside 2026-10");
    assert_string_equal(s.text[1], "not due later: not in effect in 2026-Q4");
}

int main(void)
{
    if (digest_init() != 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_periods_inside),
        cmocka_unit_test(test_template_params),
        cmocka_unit_test(test_params_read_only),
        cmocka_unit_test(test_failure_contained),
        cmocka_unit_test(test_failure_and_later_periods),
        cmocka_unit_test(test_not_due),
    };
    return cmocka_run_group_tests(tests, scratch_open, scratch_close);
}
