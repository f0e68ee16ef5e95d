/*
 * Unit tests of the outcome readers, on in-memory CSV and JSON read for a contract declared
 * here by hand (the managed-wan metrics), so they need neither Lua nor contract loading.
 * Every malformed input is one case of a table, run as its own test and checked for code,
 * file, line and the whole message.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "outcomes.h"
#include "table.h"

#define N(a) (sizeof(a) / sizeof *(a))

typedef struct Fixture {
    Decl c;
    DeclVersion v; /* its one version */
    MetricDecl m[4];
    Period p;
    Arena arena;
    OutcomeSet set;
    OceError err;
} Fixture;

static Money dec(const char *s, const char *currency)
{
    Money m;
    if (money_parse(s, currency, &m, NULL) != 0)
        fail_msg("test value %s does not parse", s);
    return m;
}

/* The managed-wan declaration: availability %, p1_restore_hours, optional csat, run_cost GBP. */
static void declare_wan(Fixture *f)
{
    f->m[0] = (MetricDecl){.name = "availability",
                           .unit = "%",
                           .better = DIRECTION_HIGHER,
                           .required = true,
                           .precision = 2,
                           .has_target = true,
                           .target = dec("99.95", NULL),
                           .has_min = true,
                           .min = dec("0", NULL),
                           .has_max = true,
                           .max = dec("100", NULL)};
    f->m[1] = (MetricDecl){.name = "p1_restore_hours",
                           .unit = "hours",
                           .better = DIRECTION_LOWER,
                           .required = true,
                           .precision = -1,
                           .has_target = true,
                           .target = dec("4", NULL),
                           .has_min = true,
                           .min = dec("0", NULL)};
    f->m[2] = (MetricDecl){.name = "csat",
                           .unit = "score",
                           .better = DIRECTION_HIGHER,
                           .required = false,
                           .precision = -1,
                           .has_target = true,
                           .target = dec("9.0", NULL),
                           .has_min = true,
                           .min = dec("0", NULL),
                           .has_max = true,
                           .max = dec("10", NULL)};
    f->m[3] = (MetricDecl){.name = "run_cost",
                           .unit = "GBP",
                           .better = DIRECTION_LOWER,
                           .required = true,
                           .precision = -1,
                           .has_target = true,
                           .target = dec("120000.00", "GBP"),
                           .is_money = true};
    f->c.id = "managed-wan";
    snprintf(f->c.currency, sizeof f->c.currency, "GBP");
    f->c.minor_unit = 2;
    f->v = (DeclVersion){.name = "original", .metrics = f->m, .nmetrics = N(f->m)};
    f->c.versions = &f->v;
    f->c.nversions = 1;
}

static Fixture *fixture_new(const char *period)
{
    Fixture *f = calloc(1, sizeof *f);
    assert_non_null(f);
    declare_wan(f);
    assert_int_equal(calendar_parse_period(period, &f->p, NULL), 0);
    arena_init(&f->arena);
    error_init(&f->err);
    return f;
}

static void fixture_free(Fixture *f)
{
    arena_free(&f->arena);
    free(f);
}

static int parse_n(Fixture *f, const char *name, const char *text, size_t len)
{
    error_init(&f->err);
    return outcomes_parse(name, text, len, &f->c, &f->v, &f->p, &f->arena, &f->set, &f->err);
}

static int parse(Fixture *f, const char *name, const char *text)
{
    return parse_n(f, name, text, strlen(text));
}

/* Parses text that must be accepted, failing with the reader's message if it is not. */
static Fixture *accept(const char *period, const char *name, const char *text)
{
    Fixture *f = fixture_new(period);
    if (parse(f, name, text) != 0)
        fail_msg("%s refused: line %d: %s", name, f->err.line, f->err.message);
    assert_int_equal(f->set.n, 4);
    return f;
}

static void assert_outcome(const Outcome *o, const char *value, const char *currency,
                           const char *note, const char *source, int line)
{
    assert_true(o->present);
    assert_money(o->value, -1, value);
    assert_string_equal(o->value.currency, currency);
    if (note == NULL)
        assert_null(o->note);
    else
        assert_string_equal(o->note, note);
    if (source == NULL)
        assert_null(o->source);
    else
        assert_string_equal(o->source, source);
    assert_int_equal(o->line, line);
}

#define HDR "contract,period,metric,value\n"
#define AVAIL "managed-wan,2026-10,availability,99.42\n"
#define P1 "managed-wan,2026-10,p1_restore_hours,6.5\n"
#define COST "managed-wan,2026-10,run_cost,112340.55\n"
#define CSAT "managed-wan,2026-10,csat,9.1\n"

/* The example month, with quoted notes holding commas and doubled quotes, comes back exactly,
 * each value with its note, source and line, money in the contract currency. */
static void test_csv_full(void **state)
{
    (void)state;
    Fixture *f = accept("2026-10", "outcomes.csv",
                        "contract,period,metric,value,note,source\n"
                        "managed-wan,2026-10,availability,99.42,\"Two core router outages, 7 "
                        "and 9 October\",NOC monthly report\n"
                        "managed-wan,2026-10,p1_restore_hours,\"6.5\",Longest P1 restore "
                        "(INC-20431),Service desk\n"
                        "managed-wan,2026-10,csat,9.1,\"Survey \"\"pulse\"\", n=212\",\n"
                        "managed-wan,2026-10,run_cost,112340.55,Invoiced run cost,\"Finance, "
                        "ledger\"\n");
    const Outcome *v = f->set.values;
    assert_outcome(&v[0], "99.42", "", "Two core router outages, 7 and 9 October",
                   "NOC monthly report", 2);
    assert_outcome(&v[1], "6.5", "", "Longest P1 restore (INC-20431)", "Service desk", 3);
    assert_outcome(&v[2], "9.1", "", "Survey \"pulse\", n=212", NULL, 4);
    assert_outcome(&v[3], "112340.55", "GBP", "Invoiced run cost", "Finance, ledger", 5);
    assert_money(v[3].value, 2, "112340.55");
    fixture_free(f);
}

/* Columns may come in any order, note and source may be left out, and values keep every
 * digit they were written with (nine decimal places is the limit). */
static void test_csv_column_order(void **state)
{
    (void)state;
    Fixture *f = accept("2026-10", "o.csv",
                        "value,metric,period,contract\n"
                        "99.5,availability,2026-10,managed-wan\n"
                        "4.123456789,p1_restore_hours,2026-10,managed-wan\n"
                        "-0,csat,2026-10,managed-wan\n"
                        "0.01,run_cost,2026-10,managed-wan\n");
    const Outcome *v = f->set.values;
    assert_outcome(&v[0], "99.5", "", NULL, NULL, 2);
    assert_outcome(&v[1], "4.123456789", "", NULL, NULL, 3);
    assert_outcome(&v[2], "0", "", NULL, NULL, 4);
    assert_outcome(&v[3], "0.01", "GBP", NULL, NULL, 5);
    fixture_free(f);
}

/* CRLF line ends, a byte-order mark, blank lines anywhere and no final line end are all
 * accepted, and lines are still counted right. */
static void test_csv_crlf_bom_blank(void **state)
{
    (void)state;
    Fixture *f = accept("2026-10", "o.csv",
                        "\xEF\xBB\xBF\r\n"
                        "contract,period,metric,value,note\r\n"
                        "\r\n"
                        "managed-wan,2026-10,availability,99.42,\"CR\r\nLF\"\r\n"
                        "managed-wan,2026-10,p1_restore_hours,6.5,\r\n"
                        "\n"
                        "managed-wan,2026-10,run_cost,112340.55,last");
    const Outcome *v = f->set.values;
    assert_outcome(&v[0], "99.42", "", "CR\r\nLF", NULL, 4);
    assert_outcome(&v[1], "6.5", "", NULL, NULL, 6);
    assert_false(v[2].present);
    assert_outcome(&v[3], "112340.55", "GBP", "last", NULL, 8);
    fixture_free(f);
}

static void assert_rows(const RowCount *r, size_t read, size_t used, size_t other_contracts,
                        size_t other_periods)
{
    assert_int_equal(r->read, read);
    assert_int_equal(r->used, used);
    assert_int_equal(r->other_contracts, other_contracts);
    assert_int_equal(r->other_periods, other_periods);
}

/* Rows of other contracts and periods are set aside without their metrics and values being
 * checked, even when they name unknown metrics, carry bad values or repeat a metric, and
 * every row is counted by what became of it; an optional metric may be absent. Ids that
 * differ from the contract's by more than case and '-' against '_' are other contracts'. */
static void test_csv_other_rows_set_aside(void **state)
{
    (void)state;
    Fixture *f = accept("2026-10", "o.csv",
                        HDR "other,2026-10,availabilty,n/a\n"
                            "other,2026-10,availabilty,n/a\n"
                            "managed-wan,2026-11,availability,101\n"
                            "managed-wan,2026-11,availability,99.425\n"
                            "managed-wan,2025-12,uptime,\n"
                            "other,2026-Q4,csat,12\n"
                            "other,2026,csat,12\n" AVAIL P1 COST "managed-wan2,2026-10,csat,1\n"
                            "managed-wa,2026-10,csat,1\n"
                            "managed.wan,2026-10,csat,1\n");
    assert_outcome(&f->set.values[0], "99.42", "", NULL, NULL, 9);
    assert_false(f->set.values[2].present);
    assert_null(f->set.values[2].note);
    assert_rows(&f->set.rows, 13, 3, 7, 3);
    fixture_free(f);
}

/* In a portfolio file, ids a digit apart are different contracts: each one's rows are the
 * others' set aside. */
static void test_csv_portfolio_ids(void **state)
{
    (void)state;
    Fixture *f = fixture_new("2026-10");
    f->c.id = "C0000002";
    assert_int_equal(parse(f, "o.csv",
                           HDR "C0000001,2026-10,availability,99.1\n"
                               "C0000002,2026-10,availability,99.2\n"
                               "C0000003,2026-10,availability,99.3\n"
                               "C0000002,2026-10,p1_restore_hours,1\n"
                               "C0000002,2026-10,run_cost,5\n"
                               "C0000002,2026-09,run_cost,5\n"),
                     0);
    assert_outcome(&f->set.values[0], "99.2", "", NULL, NULL, 3);
    assert_rows(&f->set.rows, 6, 3, 2, 1);
    fixture_free(f);
}

/* A test case's values are all the case's own rows. */
static void test_values_counted(void **state)
{
    (void)state;
    Fixture *f = fixture_new("2026-10");
    const char *metrics[] = {"availability", "p1_restore_hours", "run_cost"};
    const char *values[] = {"99.9", "1", "100.00"};
    assert_int_equal(outcomes_from_values("c.tests.lua", 7, metrics, values, 3, &f->c, &f->v, &f->p,
                                          &f->arena, &f->set, &f->err),
                     0);
    assert_rows(&f->set.rows, 3, 3, 0, 0);
    fixture_free(f);
}

/* Precision counts the places a value needs, so trailing zeros never make it too precise. */
static void test_precision_trailing_zeros(void **state)
{
    (void)state;
    Fixture *f =
        accept("2026-10", "o.csv", HDR "managed-wan,2026-10,availability,99.500000\n" P1 COST);
    assert_outcome(&f->set.values[0], "99.5", "", NULL, NULL, 2);
    fixture_free(f);
}

/* A quarter is settled from the rows of that quarter only; the contract's other quarters are
 * set aside, and other contracts' rows may be of any kind of period. */
static void test_csv_quarter(void **state)
{
    (void)state;
    Fixture *f = fixture_new("2026-Q4");
    f->c.cadence = CADENCE_QUARTERLY;
    assert_int_equal(parse(f, "o.csv",
                           HDR "other,2026-10,availability,1\n"
                               "managed-wan,2026-Q4,availability,99.9\n"
                               "managed-wan,2026-Q3,availability,99.8\n"
                               "managed-wan,2026-Q4,p1_restore_hours,3\n"
                               "managed-wan,2026-Q4,run_cost,360000\n"),
                     0);
    assert_outcome(&f->set.values[0], "99.9", "", NULL, NULL, 3);
    assert_outcome(&f->set.values[3], "360000", "GBP", NULL, NULL, 6);
    assert_rows(&f->set.rows, 5, 3, 1, 1);
    fixture_free(f);
}

/* A month in a quarterly contract's rows is an error naming the form its periods take. */
static void test_csv_month_in_quarterly(void **state)
{
    (void)state;
    Fixture *f = fixture_new("2026-Q4");
    f->c.cadence = CADENCE_QUARTERLY;
    assert_int_equal(parse(f, "o.csv", HDR "managed-wan,2026-Q4,availability,99.9\n" AVAIL), -1);
    assert_int_equal(f->err.code, OCE_EOUTCOMES);
    assert_string_equal(f->err.file, "o.csv");
    assert_int_equal(f->err.line, 3);
    assert_string_equal(f->err.message, "period 2026-10 is a month, but contract \"managed-wan\" "
                                        "settles quarterly: write YYYY-Qn (e.g. 2026-Q4)");
    fixture_free(f);
}

/* The JSON form gives the same values; an optional field may be null, and each outcome
 * records its element index + 1. */
static void test_json_full(void **state)
{
    (void)state;
    Fixture *f = accept(
        "2026-10", "outcomes.json",
        "{\n"
        "  \"source_system\": \"noc\",\n"
        "  \"outcomes\": [\n"
        "    {\"contract\": \"managed-wan\", \"period\": \"2026-10\", \"metric\": "
        "\"availability\",\n"
        "     \"value\": \"99.42\", \"note\": \"Two core router outages, 7 and 9 October\",\n"
        "     \"source\": \"NOC monthly report\"},\n"
        "    {\"contract\": \"other\", \"period\": \"2026-10\", \"metric\": \"uptime\", "
        "\"value\": \"x\"},\n"
        "    {\"contract\": \"managed-wan\", \"period\": \"2026-10\", \"metric\": "
        "\"p1_restore_hours\", \"value\": \"6.5\", \"note\": null},\n"
        "    {\"period\": \"2026-10\", \"metric\": \"run_cost\", \"value\": \"112340.55\",\n"
        "     \"contract\": \"managed-wan\", \"source\": \"Finance \\\"ledger\\\"\"}\n"
        "  ]\n"
        "}\n");
    const Outcome *v = f->set.values;
    assert_outcome(&v[0], "99.42", "", "Two core router outages, 7 and 9 October",
                   "NOC monthly report", 1);
    assert_outcome(&v[1], "6.5", "", NULL, NULL, 3);
    assert_false(v[2].present);
    assert_outcome(&v[3], "112340.55", "GBP", NULL, "Finance \"ledger\"", 4);
    fixture_free(f);
}

/* A JSON file may start with a byte-order mark, and the extension is not case-sensitive. */
static void test_json_bom(void **state)
{
    (void)state;
    Fixture *f = accept("2026-10", "OUTCOMES.JSON",
                        "\xEF\xBB\xBF{\"outcomes\": ["
                        "{\"contract\": \"managed-wan\", \"period\": \"2026-10\", \"metric\": "
                        "\"availability\", \"value\": \"100\"},"
                        "{\"contract\": \"managed-wan\", \"period\": \"2026-10\", \"metric\": "
                        "\"p1_restore_hours\", \"value\": \"0\"},"
                        "{\"contract\": \"managed-wan\", \"period\": \"2026-10\", \"metric\": "
                        "\"run_cost\", \"value\": \"1\"}]}");
    assert_outcome(&f->set.values[0], "100", "", NULL, NULL, 1);
    fixture_free(f);
}

/* The digest is of every byte given, byte-order mark included, and the set is always sized
 * to the declaration. */
static void test_digest_of_bytes(void **state)
{
    (void)state;
    Fixture *f = accept("2026-10", "o.csv", "\xEF\xBB\xBF" HDR AVAIL P1 COST);
    assert_outcome(&f->set.values[0], "99.42", "", NULL, NULL, 2);
    /* printf '\xEF\xBB\xBFcontract,period,metric,value\n...' | sha256sum */
    assert_string_equal(f->set.sha256,
                        "3d67e80200f5196966f70d727472679871810a9d3fec13f4ed069067faa25f01");
    fixture_free(f);
}

/* outcomes_read reads a real file and records the SHA-256 of its bytes, as sha256sum does. */
static void test_read_file(void **state)
{
    (void)state;
    const char *text = HDR AVAIL P1 CSAT COST;
    char dir[] = "/tmp/oce-outcomes-XXXXXX", path[64];
    assert_non_null(mkdtemp(dir));
    snprintf(path, sizeof path, "%s/o.csv", dir);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(fwrite(text, 1, strlen(text), fp), strlen(text));
    assert_int_equal(fclose(fp), 0);
    Fixture *f = fixture_new("2026-10");
    int rc = outcomes_read(path, &f->c, &f->v, &f->p, &f->arena, &f->set, &f->err);
    unlink(path);
    rmdir(dir);
    assert_int_equal(rc, 0);
    assert_outcome(&f->set.values[2], "9.1", "", NULL, NULL, 4);
    assert_string_equal(f->set.sha256,
                        "d59fea8c4be07cc4989ccf7dcd0fe67d69280901467074cc9f60d351cb30364c");
    fixture_free(f);
}

/* A missing required metric whose name is a small edit away from a metric given in the period
 * names that row, but only when the metric has no row in another period, which is nearer. */
static void test_missing_near_name(void **state)
{
    (void)state;
    Fixture *f = fixture_new("2026-10");
    f->m[2].name = "run_cost2";
    assert_int_equal(parse(f, "o.csv", HDR AVAIL P1 "managed-wan,2026-10,run_cost2,1\n"), -1);
    assert_int_equal(f->err.code, OCE_EOUTCOMES);
    assert_int_equal(f->err.line, 0);
    assert_string_equal(f->err.message,
                        "required metric \"run_cost\" has no value for contract \"managed-wan\" "
                        "in period 2026-10; the nearest row for \"run_cost\" is on line 4, of "
                        "metric \"run_cost2\"");
    assert_int_equal(parse(f, "o.csv",
                           HDR AVAIL P1 "managed-wan,2026-10,run_cost2,1\n"
                                        "managed-wan,2027-10,run_cost,1\n"),
                     -1);
    assert_string_equal(f->err.message,
                        "required metric \"run_cost\" has no value for contract \"managed-wan\" "
                        "in period 2026-10; the nearest row for \"run_cost\" is on line 5, for "
                        "period 2027-10");
    fixture_free(f);
}

/* A near miss is the same id but for case, '-' against '_' and spaces around it; anything
 * else (a digit, a dot, a letter more) is another id. */
static void test_near_miss(void **state)
{
    (void)state;
    assert_true(rows_near_miss("managed_wan", "managed-wan"));
    assert_true(rows_near_miss("Managed-WAN", "managed-wan"));
    assert_true(rows_near_miss(" managed-wan\t", "managed-wan"));
    assert_true(rows_near_miss("A_1", "a-1"));
    assert_false(rows_near_miss("managed-wan", "managed-wan"));
    assert_false(rows_near_miss("managed.wan", "managed-wan"));
    assert_false(rows_near_miss("managed-wan2", "managed-wan"));
    assert_false(rows_near_miss("C0000001", "C0000002"));
    assert_false(rows_near_miss(" ", ""));
}

/* What a spreadsheet or a word processor writes for '-' and ' ' is the same id too: an en
 * dash, a non-breaking hyphen, a minus sign, a no-break space around it, a zero-width space
 * or a byte-order mark in it. Other letters are other ids. */
static void test_near_miss_lookalikes(void **state)
{
    (void)state;
    assert_true(rows_near_miss("managed\u2013wan", "managed-wan"));
    assert_true(rows_near_miss("managed\u2011wan", "managed-wan"));
    assert_true(rows_near_miss("managed\u2212wan", "managed-wan"));
    assert_true(rows_near_miss("\u00a0managed-wan\u00a0", "managed-wan"));
    assert_true(rows_near_miss("\ufeffmanaged-wan", "managed-wan"));
    assert_true(rows_near_miss("managed-\u200bwan", "managed-wan"));
    assert_false(rows_near_miss("managed\u2013wan2", "managed-wan"));
    assert_false(rows_near_miss("m\u00e4naged-wan", "managed-wan"));
    assert_false(rows_near_miss("\u00a0", ""));
}

static bool among(void *ctx, const char *id)
{
    for (const char *const *k = ctx; *k != NULL; k++)
        if (strcmp(*k, id) == 0)
            return true;
    return false;
}

/* A caller that knows every contract it settles (a period run) passes them in the scope: a row
 * of a known contract is set aside even when its id is a near miss of this one, and a row of
 * an id it does not know is an error, with a did-you-mean when it is a near miss. */
static void test_classify_known(void **state)
{
    (void)state;
    static const char *const ids[] = {"managed-wan", "Managed-WAN", "C0000001", NULL};
    Period p;
    assert_int_equal(calendar_parse_period("2026-10", &p, NULL), 0);
    RowScope s = {"managed-wan", &p, among, (void *)ids};
    char why[300] = "";
    assert_int_equal(rows_classify(&s, "managed-wan", "2026-10", why, sizeof why), ROW_USED);
    assert_int_equal(rows_classify(&s, "managed-wan", "2026-09", why, sizeof why),
                     ROW_OTHER_PERIOD);
    assert_int_equal(rows_classify(&s, "Managed-WAN", "2026-10", why, sizeof why),
                     ROW_OTHER_CONTRACT);
    assert_int_equal(rows_classify(&s, "C0000001", "2026-Q4", why, sizeof why), ROW_OTHER_CONTRACT);
    assert_int_equal(rows_classify(&s, "C0000002", "2026-10", why, sizeof why), ROW_BAD_CONTRACT);
    assert_string_equal(why, "contract \"C0000002\" is none of the contracts settled");
    assert_int_equal(rows_classify(&s, "managed_wan", "2026-10", why, sizeof why),
                     ROW_BAD_CONTRACT);
    assert_string_equal(why, "contract \"managed_wan\" is none of the contracts settled (did you "
                             "mean \"managed-wan\"?)");
    assert_int_equal(rows_classify(&s, "C0000001", "2026-1", why, sizeof why), ROW_BAD_PERIOD);
    /* Without a period (an incident log), only the contract decides. */
    RowScope log = {"managed-wan", NULL, NULL, NULL};
    assert_int_equal(rows_classify(&log, "managed-wan", NULL, why, sizeof why), ROW_USED);
    assert_int_equal(rows_classify(&log, "other", NULL, why, sizeof why), ROW_OTHER_CONTRACT);
    assert_int_equal(rows_classify(&log, "Managed_Wan", NULL, why, sizeof why), ROW_BAD_CONTRACT);
}

/* A file that cannot be read is an I/O error naming it. */
static void test_read_missing_file(void **state)
{
    (void)state;
    Fixture *f = fixture_new("2026-10");
    assert_int_equal(
        outcomes_read("/nonexistent/o.csv", &f->c, &f->v, &f->p, &f->arena, &f->set, &f->err), -1);
    assert_int_equal(f->err.code, OCE_EIO);
    assert_string_equal(f->err.file, "/nonexistent/o.csv");
    assert_int_equal(f->err.line, 0);
    assert_string_equal(f->err.message, "cannot open the outcomes file: No such file or directory");
    fixture_free(f);
}

/* An input file over the limit is refused naming it and the limit, whatever its kind: a
 * regular file by its size, a pipe (or a device) after one byte past the limit is read, no
 * more; one exactly at the limit is read whole. */
static void test_read_bounded(void **state)
{
    (void)state;
    char buf[1000], path[64];
    memset(buf, 'x', sizeof buf);
    OceError err;
    size_t len = 0;
    for (int kind = 0; kind < 2; kind++) {
        char dir[] = "/tmp/oce-outcomes-XXXXXX";
        int fd[2] = {-1, -1};
        if (kind == 0) { /* a pipe holding 1000 bytes, its writer gone */
            assert_int_equal(pipe(fd), 0);
            assert_int_equal(write(fd[1], buf, sizeof buf), (ssize_t)sizeof buf);
            close(fd[1]);
            snprintf(path, sizeof path, "/dev/fd/%d", fd[0]);
        } else { /* a file of 1000 bytes */
            assert_non_null(mkdtemp(dir));
            snprintf(path, sizeof path, "%s/o.csv", dir);
            FILE *fp = fopen(path, "wb");
            assert_non_null(fp);
            assert_int_equal(fwrite(buf, 1, sizeof buf, fp), sizeof buf);
            assert_int_equal(fclose(fp), 0);
        }
        error_init(&err);
        assert_null(table_read_bounded(path, "the outcomes file", 900, &len, &err));
        assert_int_equal(err.code, OCE_EOUTCOMES);
        assert_string_equal(err.file, path);
        assert_string_equal(err.message,
                            "the outcomes file is over 900 bytes, the limit for an input file");
        if (kind == 0) { /* 901 bytes were read: 99 are left */
            assert_int_equal(read(fd[0], buf, sizeof buf), 99);
            close(fd[0]);
            continue;
        }
        error_init(&err);
        char *data = table_read_bounded(path, "the outcomes file", 1000, &len, &err);
        unlink(path);
        rmdir(dir);
        assert_non_null(data);
        assert_int_equal(len, 1000);
        assert_memory_equal(data, buf, 1000);
        free(data);
    }
    /* the limit read whole through a pipe */
    int fd[2];
    assert_int_equal(pipe(fd), 0);
    assert_int_equal(write(fd[1], buf, 900), 900);
    close(fd[1]);
    snprintf(path, sizeof path, "/dev/fd/%d", fd[0]);
    error_init(&err);
    char *data = table_read_bounded(path, "the outcomes file", 900, &len, &err);
    close(fd[0]);
    assert_non_null(data);
    assert_int_equal(len, 900);
    free(data);
    /* the limit of every outcomes file and incident log, named in GiB */
    char big[] = "/tmp/oce-outcomes-XXXXXX";
    assert_non_null(mkdtemp(big));
    snprintf(path, sizeof path, "%s/big.csv", big);
    FILE *fp = fopen(path, "wb");
    assert_non_null(fp);
    assert_int_equal(ftruncate(fileno(fp), (off_t)TABLE_FILE_MAX + 1), 0); /* sparse */
    assert_int_equal(fclose(fp), 0);
    Fixture *f = fixture_new("2026-10");
    int rc = outcomes_read(path, &f->c, &f->v, &f->p, &f->arena, &f->set, &f->err);
    unlink(path);
    rmdir(big);
    assert_int_equal(rc, -1);
    assert_int_equal(f->err.code, OCE_EOUTCOMES);
    assert_string_equal(f->err.message, "the outcomes file is over 1 GiB (1073741824 bytes), the "
                                        "limit for an input file");
    fixture_free(f);
}

/* --- Malformed input: each case is run as its own test. --------------------------------- */

typedef struct ErrorCase {
    const char *name; /* the property, as the test's name */
    const char *file; /* name given to outcomes_parse */
    const char *text;
    size_t len;          /* 0: strlen(text) */
    int line;            /* expected error line */
    const char *message; /* expected message, whole */
} ErrorCase;

static ErrorCase csv_errors[] = {
    {"csv: an undeclared metric gets a did-you-mean", "o.csv",
     HDR AVAIL P1 COST "managed-wan,2026-10,availabilty,99.9\n", 0, 5,
     "unknown metric \"availabilty\" for contract \"managed-wan\" (did you mean "
     "\"availability\"?)"},
    {"csv: an undeclared metric with no near match lists the declared ones", "o.csv",
     HDR AVAIL "managed-wan,2026-10,uptime,99.9\n", 0, 3,
     "unknown metric \"uptime\" for contract \"managed-wan\"; it declares availability, "
     "p1_restore_hours, csat, run_cost"},
    {"csv: a value that is not a decimal", "o.csv", HDR "managed-wan,2026-10,availability,n/a\n", 0,
     2, "metric \"availability\": value \"n/a\" is not a decimal number"},
    {"csv: a decimal comma is not a decimal", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,\"6,5\"\n", 0, 3,
     "metric \"p1_restore_hours\": value \"6,5\" is not a decimal number (write it without "
     "thousands "
     "separators)"},
    {"csv: an exponent is not a decimal", "o.csv", HDR "managed-wan,2026-10,run_cost,1.2e5\n", 0, 2,
     "metric \"run_cost\": value \"1.2e5\" is not a decimal number (write it without an "
     "exponent)"},
    {"csv: spaces around a value are not a decimal", "o.csv",
     HDR "managed-wan,2026-10,availability, 99.9\n", 0, 2,
     "metric \"availability\": value \" 99.9\" is not a decimal number (remove the spaces)"},
    {"csv: a currency symbol is not a decimal", "o.csv",
     HDR "managed-wan,2026-10,run_cost,\xC2\xA3"
         "112340.55\n",
     0, 2,
     "metric \"run_cost\": value \"\xC2\xA3"
     "112340.55\" is not a decimal number"},
    {"csv: control characters in a value are shown escaped", "o.csv",
     HDR "managed-wan,2026-10,availability,\"99\t\"\"\"\n", 0, 2,
     "metric \"availability\": value \"99\\x09\\\"\" is not a decimal number (remove the "
     "spaces)"},
    {"csv: a long value is cut short in the message", "o.csv",
     HDR "managed-wan,2026-10,csat,"
         "x234567890123456789012345678901234567890123456789012345678901234567890\n",
     0, 2,
     "metric \"csat\": value "
     "\"x23456789012345678901234567890123456789012345678901234567890...\" is not a decimal "
     "number"},
    {"csv: more than nine decimal places cannot be held exactly", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,4.1234567891\n", 0, 3,
     "metric \"p1_restore_hours\": value \"4.1234567891\" has more than 9 decimal places"},
    {"csv: a measured value that is not money has at most 15 significant digits", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,1234567.123456789\n", 0, 3,
     "value \"1234567.123456789\" has 16 significant digits; a measured value has at most 15 "
     "(amounts of money are declared with the contract currency as unit)"},
    {"csv: a value of 10^27 or more cannot be held", "o.csv",
     HDR "managed-wan,2026-10,run_cost,1000000000000000000000000000\n", 0, 2,
     "metric \"run_cost\": value \"1000000000000000000000000000\" is too large (the limit is "
     "10^27)"},
    {"csv: a plain metric value of 10^18 is out of range", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,1000000000000000000\n", 0, 3,
     "metric \"p1_restore_hours\": value \"1000000000000000000\" is out of range: a metric "
     "value is below 10^18"},
    {"csv: the same with decimal places", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,1000000000000000000.0\n", 0, 3,
     "metric \"p1_restore_hours\": value \"1000000000000000000.0\" is out of range: a metric "
     "value is below 10^18"},
    {"csv: 2 * 10^18, which a term would get as a Lua integer", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,2000000000000000000\n", 0, 3,
     "metric \"p1_restore_hours\": value \"2000000000000000000\" is out of range: a metric "
     "value is below 10^18"},
    {"csv: 10^19, which a term would get as a Lua float", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,10000000000000000000\n", 0, 3,
     "metric \"p1_restore_hours\": value \"10000000000000000000\" is out of range: a metric "
     "value is below 10^18"},
    {"csv: -10^18 is out of range too", "o.csv",
     HDR AVAIL "managed-wan,2026-10,csat,-1000000000000000000\n", 0, 3,
     "metric \"csat\": value \"-1000000000000000000\" is out of range: a metric value is below "
     "10^18"},
    {"csv: money metrics follow the same rule", "o.csv",
     HDR AVAIL "managed-wan,2026-10,run_cost,1000000000000000000.00\n", 0, 3,
     "metric \"run_cost\": value \"1000000000000000000.00\" is out of range: a metric value is "
     "below 10^18"},
    {"csv: an empty value is refused: leave the row out instead", "o.csv",
     HDR AVAIL P1 COST "managed-wan,2026-10,csat,\n", 0, 5,
     "metric \"csat\": the value is empty (leave the metric out when it was not measured)"},
    {"csv: more decimal places than the metric's precision", "o.csv",
     HDR "managed-wan,2026-10,availability,99.425\n", 0, 2,
     "value \"99.425\" has 3 decimal places; \"availability\" is measured to 2"},
    {"csv: a metric given twice names the first line", "o.csv",
     HDR AVAIL P1 "managed-wan,2026-10,availability,99.5\n", 0, 4,
     "metric \"availability\" is given twice for contract \"managed-wan\" period 2026-10 "
     "(first on line 2)"},
    {"csv: above the declared range", "o.csv", HDR "managed-wan,2026-10,availability,101\n", 0, 2,
     "value \"101\" is outside the range 0 to 100 of \"availability\""},
    {"csv: below the declared range", "o.csv", HDR "managed-wan,2026-10,availability,-0.01\n", 0, 2,
     "value \"-0.01\" is outside the range 0 to 100 of \"availability\""},
    {"csv: the range of an optional metric", "o.csv",
     HDR AVAIL P1 COST "managed-wan,2026-10,csat,10.5\n", 0, 5,
     "value \"10.5\" is outside the range 0 to 10 of \"csat\""},
    {"csv: below a minimum with no maximum", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,-1\n", 0, 3,
     "value \"-1\" is below the minimum 0 of \"p1_restore_hours\""},
    {"csv: a required metric missing", "o.csv", HDR AVAIL P1 CSAT, 0, 0,
     "required metric \"run_cost\" has no value for contract \"managed-wan\" in period 2026-10"},
    {"csv: all missing required metrics are named, each with the nearest row for it", "o.csv",
     HDR CSAT "managed-wan,2026-11,availability,99.9\n", 0, 0,
     "required metrics \"availability\", \"p1_restore_hours\", \"run_cost\" have no value for "
     "contract \"managed-wan\" in period 2026-10; the nearest row for \"availability\" is on line "
     "3, for period 2026-11"},
    {"csv: a missing metric's nearest row is the one of the closest period, the first of equals",
     "o.csv",
     HDR AVAIL P1 "managed-wan,2026-12,run_cost,1\n"
                  "managed-wan,2026-11,run_cost,2\n"
                  "managed-wan,2025-10,run_cost,3\n"
                  "managed-wan,2026-09,run_cost,4\n"
                  "other,2026-10,run_cost,5\n",
     0, 0,
     "required metric \"run_cost\" has no value for contract \"managed-wan\" in period 2026-10; "
     "the nearest row for \"run_cost\" is on line 5, for period 2026-11"},
    {"csv: a period that has a missing metric twice holds its nearest row", "o.csv",
     HDR AVAIL P1 "managed-wan,2026-09,run_cost,1\n"
                  "managed-wan,2026-12,run_cost,2\n"
                  "managed-wan,2026-12,run_cost,3\n",
     0, 0,
     "required metric \"run_cost\" has no value for contract \"managed-wan\" in period 2026-10; "
     "the nearest row for \"run_cost\" is on line 6, for period 2026-12, which has it on line 5 "
     "too"},
    {"csv: a month without its leading zero is not a period, and the form is named", "o.csv",
     HDR AVAIL P1 COST "managed-wan,2026-1,csat,9.2\n", 0, 5,
     "period \"2026-1\" is not a period: contract \"managed-wan\" settles monthly, so write "
     "YYYY-MM (e.g. 2026-10)"},
    {"csv: a month by name is not a period", "o.csv", HDR AVAIL "managed-wan,Apr-27,csat,9.2\n", 0,
     3,
     "period \"Apr-27\" is not a period: contract \"managed-wan\" settles monthly, so write "
     "YYYY-MM (e.g. 2026-10)"},
    {"csv: a date is not a period", "o.csv", HDR "managed-wan,01/04/2027,csat,9.2\n" AVAIL, 0, 2,
     "period \"01/04/2027\" is not a period: contract \"managed-wan\" settles monthly, so write "
     "YYYY-MM (e.g. 2026-10)"},
    {"csv: a period with a space after it is not a period", "o.csv",
     HDR AVAIL P1 COST "managed-wan,2026-10 ,csat,9.2\n", 0, 5,
     "period \"2026-10 \" is not a period: contract \"managed-wan\" settles monthly, so write "
     "YYYY-MM (e.g. 2026-10)"},
    {"csv: a month that does not exist is not a period", "o.csv",
     HDR AVAIL "managed-wan,2026-13,csat,9.2\n", 0, 3,
     "period \"2026-13\" is not a period: contract \"managed-wan\" settles monthly, so write "
     "YYYY-MM (e.g. 2026-10)"},
    {"csv: another contract's row with a period that is not one", "o.csv",
     HDR AVAIL "other,Apr-27,csat,9.2\n", 0, 3,
     "period \"Apr-27\" is not a period: write YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY "
     "(a year)"},
    {"csv: an empty period is not a period", "o.csv", HDR "other,,csat,9.2\n", 0, 2,
     "period \"\" is not a period: write YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a "
     "year)"},
    {"csv: a quarter in a monthly contract's rows", "o.csv",
     HDR AVAIL P1 COST "managed-wan,2026-Q4,csat,9.2\n", 0, 5,
     "period 2026-Q4 is a quarter, but contract \"managed-wan\" settles monthly: write YYYY-MM "
     "(e.g. 2026-10)"},
    {"csv: a year in a monthly contract's rows", "o.csv", HDR "managed-wan,2026,csat,9.2\n", 0, 2,
     "period 2026 is a year, but contract \"managed-wan\" settles monthly: write YYYY-MM (e.g. "
     "2026-10)"},
    {"csv: an id with '_' for '-' gets a did-you-mean", "o.csv",
     HDR AVAIL "managed_wan,2026-10,csat,9.2\n", 0, 3,
     "contract \"managed_wan\" (did you mean \"managed-wan\"?): contract ids are matched exactly, "
     "so this row would be set aside as another contract's"},
    {"csv: an id in other case gets a did-you-mean", "o.csv",
     HDR "Managed-WAN,2026-10,csat,9.2\n" AVAIL, 0, 2,
     "contract \"Managed-WAN\" (did you mean \"managed-wan\"?): contract ids are matched exactly, "
     "so this row would be set aside as another contract's"},
    {"csv: an id in other case and with '_' for '-', in another period", "o.csv",
     HDR AVAIL "MANAGED_WAN,2026-11,csat,9.2\n", 0, 3,
     "contract \"MANAGED_WAN\" (did you mean \"managed-wan\"?): contract ids are matched exactly, "
     "so this row would be set aside as another contract's"},
    {"csv: an id with a space before it gets a did-you-mean", "o.csv",
     HDR AVAIL "\" managed-wan\",2026-10,csat,9.2\n", 0, 3,
     "contract \" managed-wan\" (did you mean \"managed-wan\"?): contract ids are matched exactly, "
     "so this row would be set aside as another contract's"},
    {"csv: a row with too few fields", "o.csv", HDR AVAIL "managed-wan,2026-10,p1_restore_hours\n",
     0, 3, "3 fields, but the header has 4"},
    {"csv: a row with too many fields, even for another contract", "o.csv",
     HDR AVAIL "other,2026-10,x,1,\n", 0, 3, "5 fields, but the header has 4"},
    {"csv: a line of spaces is not blank", "o.csv", HDR AVAIL "  \n", 0, 3,
     "1 field, but the header has 4"},
    {"csv: lines are counted across quoted line breaks", "o.csv",
     "contract,period,metric,value,note\n"
     "managed-wan,2026-10,availability,99.42,\"line one\nline two\n\"\n"
     "managed-wan,2026-10,p1_restore_hours,x,\n",
     0, 5, "metric \"p1_restore_hours\": value \"x\" is not a decimal number"},
    {"csv: lines are counted with CRLF", "o.csv",
     "contract,period,metric,value\r\n" AVAIL "\r\nmanaged-wan,2026-10,availability,9\r\n", 0, 4,
     "metric \"availability\" is given twice for contract \"managed-wan\" period 2026-10 "
     "(first on line 2)"},
    {"csv: a misspelt column gets a did-you-mean", "o.csv", "contract,period,metric,vaule\n" AVAIL,
     0, 1, "unknown column \"vaule\" in the header (did you mean \"value\"?)"},
    {"csv: an unknown column lists the columns", "o.csv", "contract,period,metric,value,comment\n",
     0, 1,
     "unknown column \"comment\" in the header; the columns are contract, period, metric, value "
     "and optionally note and source"},
    {"csv: a column named twice", "o.csv", "\n\ncontract,period,metric,value,metric\n", 0, 3,
     "column \"metric\" appears twice in the header"},
    {"csv: a header without a required column", "o.csv", "contract,period,metric,note\n", 0, 1,
     "the header has no column \"value\"; it must name contract, period, metric and value"},
    {"csv: a header with a column too many names it", "o.csv",
     "contract,period,metric,value,note,source,contract,extra\n", 0, 1,
     "column \"contract\" appears twice in the header"},
    {"csv: an empty file has no header", "o.csv", "", 0, 0,
     "the file is empty; expected a header naming the columns contract, period, metric and "
     "value"},
    {"csv: blank lines only have no header", "o.csv", "\xEF\xBB\xBF\r\n\n", 0, 0,
     "the file is empty; expected a header naming the columns contract, period, metric and "
     "value"},
    {"csv: an unclosed quote names the line it opens on", "o.csv",
     HDR AVAIL "managed-wan,2026-10,p1_restore_hours,\"6.5\nmanaged-wan\n", 0, 3,
     "a quoted field is not closed before the end of the file"},
    {"csv: text after a closing quote", "o.csv", HDR "managed-wan,\"2026-10\"x,csat,1\n", 0, 2,
     "text after the closing quote of a field; a quote inside a quoted field is written twice "
     "(\"\")"},
    {"csv: a quote inside an unquoted field", "o.csv", HDR AVAIL "other,2026-10,csat,5\"\n", 0, 3,
     "a quote inside an unquoted field; put the whole field in quotes and write the quote "
     "twice (\"\")"},
    {"csv: a NUL byte means it is not a text file", "o.csv", HDR "managed-wan\0,2026-10", 49, 2,
     "the file contains a NUL byte; outcomes are UTF-8 text"},
    {"an extension other than .csv or .json", "outcomes.txt", HDR AVAIL, 0, 0,
     "cannot tell the format of the outcomes: the file name must end in .csv or .json"},
    {"a file name without an extension", "outcomes", HDR AVAIL, 0, 0,
     "cannot tell the format of the outcomes: the file name must end in .csv or .json"},
};

#define EL(metric, value)                                                                          \
    "{\"contract\": \"managed-wan\", \"period\": \"2026-10\", \"metric\": \"" metric               \
    "\", \"value\": \"" value "\"}"

static ErrorCase json_errors[] = {
    {"json: a syntax error gives line and column", "o.json",
     "{\"outcomes\": [\n  " EL("availability",
                               "99.42") ",\n  {\"contract\": \"managed-wan\",, }\n]}\n",
     0, 3, "not valid JSON near \"naged-wan\\\",, }\""},
    {"json: a truncated file", "o.json", "{\"outcomes\": [\n  " EL("availability", "99.42") ",\n",
     0, 3, "not valid JSON: the file ends before the JSON does"},
    {"json: text after the JSON", "o.json", "{\"outcomes\": []}\nx\n", 0, 2,
     "not valid JSON near \"x\""},
    {"json: the top level must be an object", "o.json", "[]", 0, 0,
     "expected an object with an \"outcomes\" array"},
    {"json: outcomes must be an array", "o.json", "{\"outcomes\": {}}", 0, 0,
     "expected an object with an \"outcomes\" array"},
    /* The rows under any other key would be lost: other keys may hold plain values only. */
    {"json: another key beside the rows is refused", "o.json",
     "{\"outcomes\": [" EL("availability", "99.42") "], \"more_outcomes\": []}", 0, 0,
     "unknown key \"more_outcomes\": the file's rows are in one \"outcomes\" array, and its "
     "other keys hold plain values"},
    {"json: a misspelt key of the rows has a did-you-mean", "o.json",
     "{\"outcome\": [" EL("availability", "99.42") "], \"outcomes\": []}", 0, 0,
     "unknown key \"outcome\" (did you mean \"outcomes\"?): the file's rows are in one "
     "\"outcomes\" array, and its other keys hold plain values"},
    {"json: a bare number as a value is refused", "o.json",
     "{\"outcomes\": [\n" EL("availability", "99.42") ",\n" EL("p1_restore_hours", "6.5") ",\n" EL(
         "run_cost",
         "1") ",\n"
              "{\"contract\": \"managed-wan\", \"period\": \"2026-10\", \"metric\": \"csat\",\n"
              " \"value\": 9.1}\n]}",
     0, 5,
     "outcomes[3].value: write the value as a decimal string, e.g. \"99.95\", not a JSON number"},
    {"json: an undeclared metric", "o.json",
     "{\"outcomes\": [\n  " EL("availability", "99.42") ",\n  " EL("p1_restore_hour", "1") "\n]}",
     0, 3,
     "outcomes[1].metric: unknown metric \"p1_restore_hour\" for contract \"managed-wan\" (did "
     "you mean \"p1_restore_hours\"?)"},
    {"json: a value that is not a decimal", "o.json",
     "{\"outcomes\": [" EL("availability", "n/a") "]}", 0, 1,
     "outcomes[0].value: metric \"availability\": value \"n/a\" is not a decimal number"},
    {"json: too many decimal places", "o.json",
     "{\"outcomes\": [\n\n" EL("availability", "99.425") "]}", 0, 3,
     "outcomes[0].value: value \"99.425\" has 3 decimal places; \"availability\" is measured to "
     "2"},
    {"json: out of range", "o.json", "{\"outcomes\": [" EL("csat", "11") "]}", 0, 1,
     "outcomes[0].value: value \"11\" is outside the range 0 to 10 of \"csat\""},
    {"json: a duplicate names the first element and its line", "o.json",
     "{\n\"outcomes\": [\n" EL("availability", "99.42") ",\n" EL("csat", "9") ",\n" EL(
         "availability", "99.42") "\n]}",
     0, 5,
     "outcomes[2].metric: metric \"availability\" is given twice for contract \"managed-wan\" "
     "period 2026-10 (first at outcomes[0], line 3)"},
    {"json: a required metric missing", "o.json",
     "{\"outcomes\": [" EL("availability", "99.42") "," EL("run_cost", "5") "]}", 0, 0,
     "required metric \"p1_restore_hours\" has no value for contract \"managed-wan\" in period "
     "2026-10"},
    {"json: a period that is not one names its element and field", "o.json",
     "{\"outcomes\": [\n" EL(
         "availability",
         "99.42") ",\n"
                  "{\"contract\": \"managed-wan\", \"period\": \"2026-1\", \"metric\": \"csat\", "
                  "\"value\": \"9.2\"}]}",
     0, 3,
     "outcomes[1].period: period \"2026-1\" is not a period: contract \"managed-wan\" settles "
     "monthly, so write YYYY-MM (e.g. 2026-10)"},
    {"json: a mistyped id names its element and field", "o.json",
     "{\"outcomes\": [\n\n"
     "{\"contract\": \"managed_wan\", \"period\": \"2026-10\", \"metric\": \"csat\", "
     "\"value\": \"9.2\"}]}",
     0, 3,
     "outcomes[0].contract: contract \"managed_wan\" (did you mean \"managed-wan\"?): contract ids "
     "are matched exactly, so this row would be set aside as another contract's"},
    {"json: a missing metric's nearest row is named by element and line", "o.json",
     "{\"outcomes\": [\n" EL("availability", "99.42") ",\n" EL(
         "run_cost", "5") ",\n"
                          "{\"contract\": \"managed-wan\", \"period\": \"2026-11\", \"metric\": "
                          "\"p1_restore_hours\", "
                          "\"value\": \"1\"}]}",
     0, 0,
     "required metric \"p1_restore_hours\" has no value for contract \"managed-wan\" in period "
     "2026-10; the nearest row for \"p1_restore_hours\" is at outcomes[2], line 4, for period "
     "2026-11"},
    {"json: an element missing a field", "o.json",
     "{\"outcomes\": [{\"contract\": \"other\", \"period\": \"2026-10\", \"metric\": \"x\"}]}", 0,
     1, "outcomes[0]: missing \"value\""},
    {"json: a misspelt field", "o.json",
     "{\"outcomes\": [{\"contract\": \"other\", \"period\": \"2026-10\", \"metric\": \"x\", "
     "\"vaule\": \"1\"}]}",
     0, 1, "outcomes[0]: unknown field \"vaule\" (did you mean \"value\"?)"},
    {"json: an unknown field", "o.json",
     "{\"outcomes\": [{\"contract\": \"other\", \"unit\": \"%\"}]}", 0, 1,
     "outcomes[0]: unknown field \"unit\""},
    {"json: a field given twice", "o.json",
     "{\"outcomes\": [{\"metric\": \"a\", \"metric\": \"b\"}]}", 0, 1,
     "outcomes[0]: field \"metric\" appears twice"},
    {"json: a field that is not a string", "o.json",
     "{\"outcomes\": [{\"contract\": \"other\", \"period\": 202610}]}", 0, 1,
     "outcomes[0].period: expected a string, not a number"},
    {"json: a null required field", "o.json", "{\"outcomes\": [{\"metric\": null}]}", 0, 1,
     "outcomes[0].metric: expected a string, not null"},
    {"json: an element that is not an object", "o.json",
     "{\"outcomes\": [\n\"managed-wan,2026-10,csat,9\"]}", 0, 2,
     "outcomes[0]: expected an object with contract, period, metric and value, not a string"},
    {"json: lines count line breaks inside strings, which cJSON lets through", "o.json",
     "{\"outcomes\": [\n{\"contract\": \"x\", \"period\": \"2026-10\", \"metric\": \"a\", "
     "\"value\": \"1\", \"note\": \"one\ntwo, [three]\"},\n" EL("csat", "x") "]}",
     0, 4, "outcomes[1].value: metric \"csat\": value \"x\" is not a decimal number"},
    {"json: a value of 10^18 or more is out of range", "o.json",
     "{\"outcomes\": [\n  " EL("availability", "99.42") ",\n  " EL("p1_restore_hours",
                                                                   "5000000000000000000") "\n]}\n",
     0, 3,
     "outcomes[1].value: metric \"p1_restore_hours\": value \"5000000000000000000\" is out of "
     "range: a metric value is below 10^18"},
    {"json: lines are not guessed when the key is escaped", "o.json",
     "{\"outcome\\u0073\": [\n" EL("availability", "x") "]}", 0, 0,
     "outcomes[0].value: metric \"availability\": value \"x\" is not a decimal number"},
};

/* Every metric value is below 10^18: the largest values just below it are read exactly, as
 * whole numbers or with places, plain or money, from CSV, JSON or a test case's values. */
static void test_metric_range_accepted(void **state)
{
    (void)state;
    Fixture *f = accept("2026-10", "o.csv",
                        HDR AVAIL "managed-wan,2026-10,p1_restore_hours,999999999999999000\n"
                                  "managed-wan,2026-10,csat,0\n"
                                  "managed-wan,2026-10,run_cost,999999999999999999.99\n");
    assert_outcome(&f->set.values[1], "999999999999999000", "", NULL, NULL, 3);
    assert_outcome(&f->set.values[3], "999999999999999999.99", "GBP", NULL, NULL, 5);
    fixture_free(f);
    f = accept("2026-10", "o.csv",
               HDR AVAIL P1 "managed-wan,2026-10,run_cost,-999999999999999999.999999999\n");
    assert_outcome(&f->set.values[3], "-999999999999999999.999999999", "GBP", NULL, NULL, 4);
    fixture_free(f);
    f = accept("2026-10", "o.json",
               "{\"outcomes\": [" EL("availability", "99.42") ", " EL(
                   "p1_restore_hours", "999999999999999000.0") ", " EL("run_cost", "0.01") "]}");
    assert_outcome(&f->set.values[1], "999999999999999000", "", NULL, NULL, 2);
    assert_outcome(&f->set.values[3], "0.01", "GBP", NULL, NULL, 3);
    fixture_free(f);
}

/* A test case's values are checked by the same rule, the error naming the case's file and
 * line and the metric. */
static void test_metric_range_of_case_values(void **state)
{
    (void)state;
    static const char *const metrics[] = {"availability", "p1_restore_hours", "run_cost"};
    const char *values[] = {"99.42", "999999999999999000", "112340.55"};
    Fixture *f = fixture_new("2026-10");
    assert_int_equal(outcomes_from_values("c.tests.lua", 12, metrics, values, 3, &f->c, &f->v,
                                          &f->p, &f->arena, &f->set, &f->err),
                     0);
    values[1] = "2000000000000000000";
    error_init(&f->err);
    assert_int_equal(outcomes_from_values("c.tests.lua", 12, metrics, values, 3, &f->c, &f->v,
                                          &f->p, &f->arena, &f->set, &f->err),
                     -1);
    assert_int_equal(f->err.code, OCE_EOUTCOMES);
    assert_string_equal(f->err.file, "c.tests.lua");
    assert_int_equal(f->err.line, 12);
    assert_string_equal(f->err.message,
                        "metric \"p1_restore_hours\": value \"2000000000000000000\" "
                        "is out of range: a metric value is below 10^18");
    fixture_free(f);
}

static void run_error_case(void **state)
{
    const ErrorCase *ec = *state;
    Fixture *f = fixture_new("2026-10");
    int rc = parse_n(f, ec->file, ec->text, ec->len ? ec->len : strlen(ec->text));
    assert_int_equal(rc, -1);
    assert_int_equal(f->err.code, OCE_EOUTCOMES);
    assert_string_equal(f->err.file, ec->file);
    assert_string_equal(f->err.message, ec->message);
    assert_int_equal(f->err.line, ec->line);
    fixture_free(f);
}

/* A JSON syntax error also says the column, counted from 1 at the start of the line. */
static void test_json_error_column(void **state)
{
    (void)state;
    Fixture *f = fixture_new("2026-10");
    assert_int_equal(parse(f, "o.json", "{\"outcomes\": []}\n  x\n"), -1);
    assert_int_equal(f->err.line, 2);
    assert_int_equal(f->err.column, 3);
    fixture_free(f);
}

static const struct CMUnitTest fixed_tests[] = {
    cmocka_unit_test(test_csv_full),
    cmocka_unit_test(test_csv_column_order),
    cmocka_unit_test(test_csv_crlf_bom_blank),
    cmocka_unit_test(test_csv_other_rows_set_aside),
    cmocka_unit_test(test_csv_portfolio_ids),
    cmocka_unit_test(test_values_counted),
    cmocka_unit_test(test_csv_quarter),
    cmocka_unit_test(test_csv_month_in_quarterly),
    cmocka_unit_test(test_precision_trailing_zeros),
    cmocka_unit_test(test_json_full),
    cmocka_unit_test(test_json_bom),
    cmocka_unit_test(test_json_error_column),
    cmocka_unit_test(test_digest_of_bytes),
    cmocka_unit_test(test_read_file),
    cmocka_unit_test(test_read_missing_file),
    cmocka_unit_test(test_read_bounded),
    cmocka_unit_test(test_missing_near_name),
    cmocka_unit_test(test_near_miss),
    cmocka_unit_test(test_near_miss_lookalikes),
    cmocka_unit_test(test_classify_known),
    cmocka_unit_test(test_metric_range_accepted),
    cmocka_unit_test(test_metric_range_of_case_values),
};

int main(void)
{
    static struct CMUnitTest tests[N(fixed_tests) + N(csv_errors) + N(json_errors)];
    size_t n = 0;
    for (size_t i = 0; i < N(fixed_tests); i++)
        tests[n++] = fixed_tests[i];
    for (size_t i = 0; i < N(csv_errors); i++)
        tests[n++] =
            (struct CMUnitTest){csv_errors[i].name, run_error_case, NULL, NULL, &csv_errors[i]};
    for (size_t i = 0; i < N(json_errors); i++)
        tests[n++] =
            (struct CMUnitTest){json_errors[i].name, run_error_case, NULL, NULL, &json_errors[i]};
    if (digest_init() != 0)
        return 1;
    return cmocka_run_group_tests(tests, NULL, NULL);
}
