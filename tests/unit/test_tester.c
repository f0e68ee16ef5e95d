/*
 * Unit tests of the tester: a small contract and its cases, written to a scratch folder and
 * read by cases_load, each case run by tester_run, and the report of what differed compared
 * line for line with the text a contract manager reads.
 */
#include "testfile.h"

#include "arena.h"
#include "cases.h"
#include "tester.h"

/* A fee of 10000.00; 5 % off below 99.9 % available (20 % below 99.0), 100.00 an hour
 * started beyond 4 to restore, both capped at 1000.00; a charge per site. */
static const char contract_script[] =
    "local fee = money '10000.00'\n"
    "contract {\n"
    "  id = 'mini', title = 'Mini', customer = 'C', vendor = 'V', currency = 'GBP',\n"
    "  cadence = 'monthly', effective_from = '2026-01-01',\n"
    "  metrics = {\n"
    "    metric 'availability' { unit = '%', target = 99.9, better = 'higher', precision = 2 },\n"
    "    metric 'restore_hours' { unit = 'hours', target = 4, better = 'lower', precision = 1 },\n"
    "    metric 'csat' { unit = 'score', required = false, precision = 1 },\n"
    "  },\n"
    "  terms = {\n"
    "    fixed_fee 'fee' { amount = fee, description = 'Fee' },\n"
    "    service_credit 'availability_credit' { metric = 'availability', of = fee,\n"
    "      bands = { { below = 99.9, percent = 5 }, { below = 99.0, percent = 20 } } },\n"
    "    credit_per_unit 'restore_credit' { metric = 'restore_hours', beyond = 4,\n"
    "      each = money '100.00' },\n"
    "    cap_terms 'at_risk' { terms = { 'availability_credit', 'restore_credit' },\n"
    "      at_most = money '1000.00' },\n"
    "    term 'sites' (function(ctx)\n"
    "      return { charge(10, 'Site A'), charge(0, 'Site B'), charge(20.5, 'Site C') }\n"
    "    end),\n"
    "  },\n"
    "}\n";

/* The cases, one a line where their line matters (the report names it). */
static const char cases_script[] =
    "local ok = { availability = '99.50', restore_hours = '6.5' }\n"
    "case 'holds' { period = '2026-01', outcomes = ok,\n" /* 2 */
    "  lines = { fee = '10000.00', availability_credit = '-500.00', restore_credit = '-300',\n"
    "            sites = { '10.00', '20.50' } },\n"
    "  charges = '10030.50', credits = '-800.00', net = '9230.50',\n"
    "  shortfalls = { availability = '500.00', restore_hours = true },\n"
    "  metrics = { availability = '99.5', restore_hours = 6.5 } }\n"
    "case 'amounts' { period = '2026-01', outcomes = ok,\n" /* 8 */
    "  lines = { availability_credit = '-250.00', sites = { '10.00', '0.00', '20.00' },\n"
    "            sla_credit = '-1.00', fees = '1.00', at_risk = 0 },\n"
    "  charges = '10030.5', credits = '-800.001', net = '9230.49' }\n"
    "case 'shortfalls' { period = '2026-01',\n" /* 12 */
    "  outcomes = { availability = '98.00', restore_hours = '9.0' },\n"
    "  shortfalls = { availability = { amount = '1000.00', forgone = '0.00' },\n"
    "                 csat = true } }\n"
    "case 'metrics' { period = '2026-01', outcomes = ok,\n" /* 16 */
    "  metrics = { availability = '99.51', csat = '9.0', nps = '1' } }\n"
    "case 'no error' { period = '2026-01', outcomes = ok, error = 'instruction limit' }\n"
    "case 'other error' { period = '2026-01',\n" /* 19 */
    "  outcomes = { availability = '99.505', restore_hours = '6.5' },\n"
    "  error = 'outside the range' }\n"
    "case 'expected error' { period = '2026-01',\n" /* 22 */
    "  outcomes = { availability = '99.505', restore_hours = '6.5' },\n"
    "  error = 'has 3 decimal places' }\n"
    "case 'fails' { period = '2026-01', outcomes = { availability = '99.50' } }\n" /* 25 */
    "case 'not a number' { period = '2026-01', outcomes = ok, net = 'about 9230',\n"
    "  lines = { fee = '10,000.00' } }\n"
    "case 'March on its history' { period = '2026-03', outcomes = ok,\n" /* 28 */
    "  history = { ['2026-02'] = { availability = '98.00', restore_hours = '4.0' },\n"
    "              others = { availability = '99.90', restore_hours = '4.0' } },\n"
    "  net = '9230.50' }\n"
    "case 'March on a bad history' { period = '2026-03', outcomes = ok,\n" /* 32 */
    "  history = { ['2026-02'] = { availability = '98.001', restore_hours = '4.0' },\n"
    "              others = ok } }\n"
    "case 'March with no history' { period = '2026-03', outcomes = ok }\n" /* 35 */
    "case 'history after' { period = '2026-03', outcomes = ok,\n"          /* 36 */
    "  history = { ['2026-04'] = ok, others = ok } }\n"
    "case 'incidents' { period = '2026-01', outcomes = ok, incidents = 'log.csv' }\n" /* 38 */
    "case 'a quarter' { period = '2026-Q1', outcomes = ok }\n";

static Arena arena;
static Contract *contract;
static CaseFile cases;
static char cases_path[256];

static int setup(void **state)
{
    if (scratch_open(state) != 0 || digest_init() != 0)
        return -1;
    arena_init(&arena);
    char path[256];
    OceError err;
    error_init(&err);
    contract =
        contract_load(scratch_write("mini.lua", contract_script, path, sizeof path), NULL, &err);
    scratch_write("mini.tests.lua", cases_script, cases_path, sizeof cases_path);
    if (contract == NULL || cases_load(cases_path, NULL, &arena, &cases, &err) != 0) {
        fprintf(stderr, "%s:%d: %s\n", err.file, err.line, err.message);
        return -1;
    }
    return 0;
}

static int teardown(void **state)
{
    contract_free(contract);
    arena_free(&arena);
    return scratch_close(state);
}

/* Runs the case named `name` and returns its report ("" when it passed). */
static const char *run(const char *name, bool *passed)
{
    for (size_t i = 0; i < cases.n; i++) {
        if (strcmp(cases.cases[i].name, name) != 0)
            continue;
        TestResult r;
        OceError err;
        error_init(&err);
        if (tester_run(contract, cases_path, &cases.cases[i], &arena, &r, &err) != 0)
            fail_msg("case %s: %s", name, err.message);
        *passed = r.passed;
        return r.report;
    }
    fail_msg("no case %s", name);
    return NULL;
}

static void assert_report(const char *name, const char *expected)
{
    bool passed;
    const char *report = run(name, &passed);
    if (strcmp(report, expected) != 0)
        fail_msg("case %s reports:\n%s\nexpected:\n%s", name, report, expected);
    assert_int_equal(passed, expected[0] == '\0');
}

/* A case whose every stated line, total, shortfall and metric holds passes with an empty
 * report: -300 is -300.00, and a list of a term's lines leaves out its 0.00. */
static void test_passes(void **state)
{
    (void)state;
    assert_report("holds", "");
    assert_report("expected error", "");
    assert_report("March on its history", "");
}

/* Lines and totals that differ are reported one a line, in the order of the terms listed
 * (by name), then the terms not listed that made lines, then charges, credits and net; an
 * amount with more places than the currency is shown as stated. */
static void test_amounts_differ(void **state)
{
    (void)state;
    assert_report("amounts", "line availability_credit: expected -250.00, got -500.00\n"
                             "lines: the contract has no term \"fees\" (did you mean \"fee\"?)\n"
                             "lines of sites: expected 2 (10.00, 20.00), got 2 (10.00, 20.50)\n"
                             "lines: the contract has no term \"sla_credit\"\n"
                             "line fee: expected none, got 10000.00\n"
                             "line restore_credit: expected none, got -300.00\n"
                             "credits: expected -800.001, got -800.00\n"
                             "net: expected 9230.49, got 9230.50\n");
}

/* Shortfalls: an amount or forgone amount that differs, a stated one that did not happen,
 * and one that happened but is not stated. */
static void test_shortfalls_differ(void **state)
{
    (void)state;
    assert_report("shortfalls", "shortfall availability: amount expected 1000.00, got 800.00\n"
                                "shortfall availability: forgone expected 0.00, got 1200.00\n"
                                "shortfall csat: expected one, there is none\n"
                                "shortfall restore_hours: expected none, got one (200.00, term "
                                "restore_credit)\n");
}

/* Metric values: one that differs (shown to the metric's precision), an optional one not
 * measured, and a name the contract does not declare. */
static void test_metrics_differ(void **state)
{
    (void)state;
    assert_report("metrics", "metric availability: expected 99.51, got 99.50\n"
                             "metric csat: expected 9, got no value\n"
                             "metrics: the contract has no metric \"nps\"\n");
}

/* Errors: one stated that does not come, one other than stated (with where it happened), a
 * settlement that fails when none is stated, and stated amounts that are no decimal. */
static void test_errors(void **state)
{
    (void)state;
    char want[1024];
    snprintf(want, sizeof want,
             "expected the error \"outside the range\", got: %s:19: value \"99.505\" has 3 "
             "decimal places; \"availability\" is measured to 2\n",
             cases_path);
    assert_report("no error",
                  "expected the error \"instruction limit\", but the settlement succeeded\n");
    assert_report("other error", want);
    snprintf(want, sizeof want,
             "the settlement failed: %s:25: required metric \"restore_hours\" has no value for "
             "contract \"mini\" in period 2026-01\n",
             cases_path);
    assert_report("fails", want);
    assert_report("not a number", "fee: the case states \"10,000.00\", which is not a decimal "
                                  "amount (\"10,000.00\" is not a decimal number (write it "
                                  "without thousands separators))\n"
                                  "line availability_credit: expected none, got -500.00\n"
                                  "line restore_credit: expected none, got -300.00\n"
                                  "line sites: expected none, got 10.00, 20.50\n"
                                  "net: the case states \"about 9230\", which is not a decimal "
                                  "amount (\"about 9230\" is not a decimal number (remove the "
                                  "spaces))\n");
}

/* The earlier periods: one that does not settle is reported as that period's failure; a
 * contract that looks back needs every earlier period's outcomes; a period the case gives
 * must come before its own; the log a contract without incidents does not read; a period of
 * another kind than the cadence. */
static void test_history_and_inputs(void **state)
{
    (void)state;
    char want[1024];
    snprintf(want, sizeof want,
             "%s:32: settling the earlier period 2026-02: value \"98.001\" has 3 decimal "
             "places; \"availability\" is measured to 2\n",
             cases_path);
    assert_report("March on a bad history", want);
    snprintf(want, sizeof want,
             "%s:35: case \"March with no history\": the contract looks at the periods before "
             "2026-03, and the case gives no outcomes for 2026-01: give history = \"outcomes "
             "file\" or history = { [\"2026-01\"] = { ... }, others = { ... } }\n",
             cases_path);
    assert_report("March with no history", want);
    snprintf(want, sizeof want,
             "%s:36: case \"history after\": history gives 2026-04, which is not a period of "
             "the contract before 2026-03 (2026-01 to the one before it)\n",
             cases_path);
    assert_report("history after", want);
    snprintf(want, sizeof want,
             "the settlement failed: %s:38: case \"incidents\": the contract declares no "
             "incidents: leave out 'incidents'\n",
             cases_path);
    assert_report("incidents", want);
    assert_report("a quarter", "the settlement failed: period 2026-Q1 is a quarter, but contract "
                               "\"mini\" settles monthly (e.g. 2026-10)\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_passes),
        cmocka_unit_test(test_amounts_differ),
        cmocka_unit_test(test_shortfalls_differ),
        cmocka_unit_test(test_metrics_differ),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_history_and_inputs),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
