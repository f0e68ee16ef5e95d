/*
 * Unit tests of the tests-file reader: small tests files written to a scratch folder, read by
 * cases_load, every field of each TestCase compared with what the file states, and the files
 * refused, each by code, line and message.
 */
#include "testfile.h"

#include "arena.h"
#include "cases.h"

static Arena arena;

static int arena_setup(void **state)
{
    (void)state;
    arena_init(&arena);
    return 0;
}

static int arena_teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    return 0;
}

/* Loads text written as the tests file `name`; fails the test if it is refused. The CaseFile
 * names the file by the path it was given, which lives in the caller's path[256]. */
static CaseFile load(const char *name, const char *text, char *path)
{
    OceError err;
    error_init(&err);
    CaseFile f;
    if (cases_load(scratch_write(name, text, path, 256), NULL, &arena, &f, &err) != 0)
        fail_msg("%s refused: %s:%d: %s", name, err.file, err.line, err.message);
    return f;
}

/* The path of name beside the tests files, as the reader makes it. */
static const char *beside(const char *name)
{
    static char buf[4][256];
    static int next;
    return scratch_path(name, buf[next++ % 4], sizeof buf[0]);
}

static void assert_values(const char **metrics, const char **values, size_t n,
                          const char *const expected[][2], size_t nexpected)
{
    assert_int_equal(n, nexpected);
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(metrics[i], expected[i][0]);
        assert_string_equal(values[i], expected[i][1]);
    }
}

static const char full_file[] =
    "local quiet = { uptime = '99.95' }\n"
    "case 'October: every setting' {\n" /* 2 */
    "  period = '2026-10',\n"
    "  outcomes = { uptime = '99.42', cost = 12.5, fee = money '3.10' },\n"
    "  history = { ['2026-09'] = quiet, ['2026-08'] = 'august.csv',\n"
    "              others = { uptime = '100' } },\n"
    "  lines = { fee = '85000.00', credit = { '-10.00', -5.5 }, zero = 0 },\n"
    "  charges = '85000.00', credits = -15.5, net = '84984.50',\n"
    "  shortfalls = { uptime = '10.00', cost = { amount = '5.50', forgone = 0.25 },\n"
    "                 csat = true },\n"
    "  incidents = 'incidents.csv',\n"
    "  metrics = { uptime = '99.42', p1 = 3 },\n"
    "}\n"
    "\n"
    "case 'November: from a file, failing' {\n" /* 15 */
    "  period = '2026-11', outcomes = 'outcomes.csv', error = 'straddles amendment',\n"
    "}\n"
    "case 'a year on its own history file' { period = '2027', outcomes = {},\n" /* 18 */
    "  history = '/elsewhere/past.csv' }\n"
    "case 'nothing measured' { period = '2026-12', history = { others = quiet } }\n";

/* Every setting of a case is read: outcomes and metrics as name and decimal text, sorted by
 * name (numbers and money as their exact decimal); earlier periods by period and the
 * others; expected lines by term, a list kept in its order; totals; shortfalls by metric
 * with an amount, a forgone amount, or neither (true); an error to expect; files beside the
 * tests file. */
static void test_every_field(void **state)
{
    (void)state;
    char path[256];
    CaseFile f = load("full.tests.lua", full_file, path);
    assert_string_equal(f.path, beside("full.tests.lua"));
    assert_int_equal(f.n, 4);

    const TestCase *t = &f.cases[0];
    assert_string_equal(t->name, "October: every setting");
    assert_int_equal(t->line, 2);
    assert_string_equal(t->period, "2026-10");
    assert_null(t->outcomes_file);
    static const char *const outcomes[][2] = {
        {"cost", "12.5"}, {"fee", "3.1"}, {"uptime", "99.42"}};
    assert_values(t->metrics, t->values, t->nvalues, outcomes, 3);
    assert_true(t->has_history);
    assert_null(t->history_file);
    assert_int_equal(t->nhistory, 2);
    assert_string_equal(t->history[0].period, "2026-08");
    assert_string_equal(t->history[0].outcomes_file, beside("august.csv"));
    assert_int_equal(t->history[0].nvalues, 0);
    assert_string_equal(t->history[1].period, "2026-09");
    assert_null(t->history[1].outcomes_file);
    static const char *const quiet[][2] = {{"uptime", "99.95"}};
    assert_values(t->history[1].metrics, t->history[1].values, t->history[1].nvalues, quiet, 1);
    assert_non_null(t->others);
    assert_null(t->others->period);
    static const char *const others[][2] = {{"uptime", "100"}};
    assert_values(t->others->metrics, t->others->values, t->others->nvalues, others, 1);
    assert_true(t->check_lines);
    assert_int_equal(t->nlines, 3);
    assert_string_equal(t->lines[0].term, "credit");
    assert_int_equal(t->lines[0].n, 2);
    assert_string_equal(t->lines[0].amounts[0], "-10.00");
    assert_string_equal(t->lines[0].amounts[1], "-5.5");
    assert_string_equal(t->lines[1].term, "fee");
    assert_int_equal(t->lines[1].n, 1);
    assert_string_equal(t->lines[1].amounts[0], "85000.00");
    assert_string_equal(t->lines[2].term, "zero");
    assert_string_equal(t->lines[2].amounts[0], "0");
    assert_string_equal(t->charges, "85000.00");
    assert_string_equal(t->credits, "-15.5");
    assert_string_equal(t->net, "84984.50");
    assert_true(t->check_shortfalls);
    assert_int_equal(t->nshortfalls, 3);
    assert_string_equal(t->shortfalls[0].metric, "cost");
    assert_string_equal(t->shortfalls[0].amount, "5.50");
    assert_string_equal(t->shortfalls[0].forgone, "0.25");
    assert_string_equal(t->shortfalls[1].metric, "csat");
    assert_null(t->shortfalls[1].amount);
    assert_null(t->shortfalls[1].forgone);
    assert_string_equal(t->shortfalls[2].metric, "uptime");
    assert_string_equal(t->shortfalls[2].amount, "10.00");
    assert_null(t->shortfalls[2].forgone);
    assert_null(t->error);
    assert_string_equal(t->incidents_file, beside("incidents.csv"));
    static const char *const metrics[][2] = {{"p1", "3"}, {"uptime", "99.42"}};
    assert_values(t->expect_metrics, t->expect_values, t->nexpect, metrics, 2);

    /* Outcomes from a file: the earlier periods come from it too, unless history is given. */
    t = &f.cases[1];
    assert_string_equal(t->name, "November: from a file, failing");
    assert_int_equal(t->line, 15);
    assert_string_equal(t->outcomes_file, beside("outcomes.csv"));
    assert_int_equal(t->nvalues, 0);
    assert_false(t->has_history);
    assert_string_equal(t->history_file, beside("outcomes.csv"));
    assert_int_equal(t->nhistory, 0);
    assert_null(t->others);
    assert_false(t->check_lines);
    assert_false(t->check_shortfalls);
    assert_null(t->charges);
    assert_null(t->credits);
    assert_null(t->net);
    assert_string_equal(t->error, "straddles amendment");
    assert_null(t->incidents_file);
    assert_int_equal(t->nexpect, 0);

    t = &f.cases[2];
    assert_int_equal(t->line, 18);
    assert_string_equal(t->period, "2027");
    assert_null(t->outcomes_file);
    assert_int_equal(t->nvalues, 0);
    assert_true(t->has_history);
    assert_string_equal(t->history_file, "/elsewhere/past.csv"); /* absolute: as written */

    t = &f.cases[3];
    assert_null(t->outcomes_file);
    assert_int_equal(t->nvalues, 0);
    assert_true(t->has_history);
    assert_null(t->history_file);
    assert_int_equal(t->nhistory, 0);
    assert_values(t->others->metrics, t->others->values, t->others->nvalues, quiet, 1);
}

/* The order a case's tables were written in does not change what is read: the same case
 * written with its keys in another order reads the same. */
static void test_layout_does_not_matter(void **state)
{
    (void)state;
    char path_a[256], path_b[256];
    CaseFile a = load("a.tests.lua",
                      "case 'x' { period = '2026-10',\n"
                      "  outcomes = { b = '2', a = '1', c = '3' },\n"
                      "  history = { ['2026-09'] = {}, ['2026-07'] = {},\n"
                      "              ['2026-08'] = {} } }\n",
                      path_a);
    CaseFile b = load("b.tests.lua",
                      "case 'x' { history = { ['2026-08'] = {},\n"
                      "  ['2026-09'] = {}, ['2026-07'] = {} },\n"
                      "  outcomes = { c = '3', a = '1', b = '2' },\n"
                      "  period = '2026-10' }\n",
                      path_b);
    const TestCase *x = &a.cases[0], *y = &b.cases[0];
    static const char *const want[][2] = {{"a", "1"}, {"b", "2"}, {"c", "3"}};
    assert_values(x->metrics, x->values, x->nvalues, want, 3);
    assert_values(y->metrics, y->values, y->nvalues, want, 3);
    static const char *const periods[] = {"2026-07", "2026-08", "2026-09"};
    for (size_t i = 0; i < 3; i++) {
        assert_string_equal(x->history[i].period, periods[i]);
        assert_string_equal(y->history[i].period, periods[i]);
    }
}

/* Tests files refused: each by the line the error names and its exact message (all
 * OCE_ECONTRACT, in the tests file). */
static const struct Refused {
    const char *text;
    int line;
    const char *message;
} refused[] = {
    {"local x = 1\n", 0, "the file declares no cases: write case \"name\" { period = ..., ... }"},
    {"\ncase 'misspelt' { period = '2026-10', outcome = {} }\n", 2,
     "case \"misspelt\": unknown setting 'outcome' (did you mean 'outcomes'?)"},
    {"case 'a' { period = '2026-10' }\ncase 'no period' { outcomes = {} }\n", 2,
     "case \"no period\": 'period' must be a period such as \"2026-10\""},
    {"case 'x' { period = '2026-10', outcomes = 99 }\n", 1,
     "case \"x\": 'outcomes' must be a table { metric = \"value\", ... } or the name of a file"},
    {"case 'x' { period = '2026-10', outcomes = { '99.5' } }\n", 1,
     "case \"x\": 'outcomes': the keys must be names, not number"},
    {"case 'x' { period = '2026-10', outcomes = { uptime = true } }\n", 1,
     "case \"x\": metric \"uptime\": expected money or a number, got boolean"},
    {"case 'x' { period = '2026-10', outcomes = { uptime = '' } }\n", 1,
     "case \"x\": metric \"uptime\" must be 1 to 200 characters of text"},
    {"case 'x' { period = '2026-10', history = 3 }\n", 1,
     "case \"x\": 'history' must be the name of an outcomes file, or a table { [\"2026-09\"] = { "
     "metric = \"value\", ... }, others = { ... } }"},
    {"case 'x' { period = '2026-10', history = { September = {} } }\n", 1,
     "case \"x\": history: 'September' is not a period such as \"2026-09\" (or others)"},
    {"case 'x' { period = '2026-10', history = { ['2026-09'] = 5 } }\n", 1,
     "case \"x\": history[\"2026-09\"] must be a table { metric = \"value\", ... } or the name of "
     "a file"},
    {"case 'x' { period = '2026-10', lines = '100.00' }\n", 1,
     "case \"x\": 'lines' must be a table { term = \"amount\", ... }"},
    {"case 'x' { period = '2026-10', lines = { fee = { '1.00', nil, '3.00' } } }\n", 1,
     "case \"x\": lines of \"fee\": give a list of amounts, { \"1.00\", \"2.00\" }, with nothing "
     "under other keys and no gaps"},
    {"case 'x' { period = '2026-10', lines = { fee = { '1.00', extra = '2.00' } } }\n", 1,
     "case \"x\": lines of \"fee\": give a list of amounts, { \"1.00\", \"2.00\" }, with nothing "
     "under other keys and no gaps"},
    {"case 'x' { period = '2026-10', lines = { fee = {} } }\n", 1,
     "case \"x\": lines of \"fee\": give a list of amounts"},
    {"case 'x' { period = '2026-10', lines = { fee = 0.1 + 0.2 } }\n", 1,
     "case \"x\": an amount: number 0.30000000000000004 has more than 9 decimal places; it is "
     "probably the inexact result of arithmetic on plain numbers: compute with money() values "
     "instead"},
    {"case 'x' { period = '2026-10', shortfalls = 1 }\n", 1,
     "case \"x\": 'shortfalls' must be a table { metric = \"amount\", ... }"},
    {"case 'x' { period = '2026-10', shortfalls = { uptime = { amout = '1.00' } } }\n", 1,
     "case \"x\": shortfall of \"uptime\": unknown field 'amout' (did you mean 'amount'?)"},
    {"case 'x' { period = '2026-10', shortfalls = { uptime = { cost = '1.00' } } }\n", 1,
     "case \"x\": shortfall of \"uptime\": unknown field 'cost' (its fields are amount and "
     "forgone)"},
    {"case 'x' { period = '2026-10', error = '' }\n", 1,
     "case \"x\": 'error' must be 1 to 200 characters of text"},
    {"case 'x' { period = '2026-10', incidents = { 'a.csv' } }\n", 1,
     "case \"x\": 'incidents' must be the name of an incident log file"},
    {"case 'x' { period = '2026-10', metrics = 'derived.csv' }\n", 1,
     "case \"x\": 'metrics' must be a table { metric = \"value\", ... }"},
    {"\n\ncase '' { period = '2026-10' }\n", 3, "a case needs a name of 1 to 200 characters"},
    {"case 'x' { period = '2026-10',\n  lines = { fee = '1.00' }\n", 3,
     "'}' expected (to close '{' at line 1) near <eof>"},
};

static void test_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++) {
        const struct Refused *r = &refused[i];
        char name[32], path[256];
        snprintf(name, sizeof name, "refused-%zu.tests.lua", i + 1);
        OceError err;
        error_init(&err);
        CaseFile f;
        if (cases_load(scratch_write(name, r->text, path, sizeof path), NULL, &arena, &f, &err) ==
            0)
            fail_msg("%s was not refused", name);
        if (strcmp(err.message, r->message) != 0 || err.line != r->line)
            fail_msg("%s: line %d, \"%s\"; expected line %d, \"%s\"", name, err.line, err.message,
                     r->line, r->message);
        assert_int_equal(err.code, OCE_ECONTRACT);
        assert_string_equal(err.file, path);
    }
}

/* A tests file that cannot be read is an I/O error naming it. */
static void test_missing_file(void **state)
{
    (void)state;
    char path[256];
    OceError err;
    error_init(&err);
    CaseFile f;
    assert_int_equal(
        cases_load(scratch_path("none.tests.lua", path, sizeof path), NULL, &arena, &f, &err), -1);
    assert_int_equal(err.code, OCE_EIO);
    assert_string_equal(err.file, path);
    assert_string_equal(err.message, "cannot open the tests file: No such file or directory");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_every_field, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_layout_does_not_matter, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_refused, arena_setup, arena_teardown),
        cmocka_unit_test_setup_teardown(test_missing_file, arena_setup, arena_teardown),
    };
    return cmocka_run_group_tests(tests, scratch_open, scratch_close);
}
