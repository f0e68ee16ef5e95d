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

#define N(a) (sizeof(a) / sizeof *(a))

typedef struct Fixture {
    Contract c;
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
    f->c.metrics = f->m;
    f->c.nmetrics = N(f->m);
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
    return outcomes_parse(name, text, len, &f->c, &f->p, &f->arena, &f->set, &f->err);
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

/* Rows of other contracts and periods are skipped without being checked, even when they name
 * unknown metrics, carry bad values or repeat a metric; an optional metric may be absent. */
static void test_csv_other_rows_ignored(void **state)
{
    (void)state;
    Fixture *f =
        accept("2026-10", "o.csv",
               HDR "other,2026-10,availabilty,n/a\n"
                   "other,2026-10,availabilty,n/a\n"
                   "managed-wan,2026-11,availability,101\n"
                   "managed-wan,2026-11,availability,99.425\n"
                   "managed-wan,2026-Q4,uptime,\n"
                   "managed-wan,2026,csat,12\n" AVAIL P1 COST "Managed-WAN,2026-10,availability,1\n"
                   "managed-wan,2026-10 ,availability,1\n");
    assert_outcome(&f->set.values[0], "99.42", "", NULL, NULL, 8);
    assert_false(f->set.values[2].present);
    assert_null(f->set.values[2].note);
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

/* A quarter is settled from the rows of that quarter only. */
static void test_csv_quarter(void **state)
{
    (void)state;
    Fixture *f = accept("2026-Q4", "o.csv",
                        HDR AVAIL "managed-wan,2026-Q4,availability,99.9\n"
                                  "managed-wan,2026-Q4,p1_restore_hours,3\n"
                                  "managed-wan,2026-Q4,run_cost,360000\n");
    assert_outcome(&f->set.values[0], "99.9", "", NULL, NULL, 3);
    assert_outcome(&f->set.values[3], "360000", "GBP", NULL, NULL, 5);
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
    int rc = outcomes_read(path, &f->c, &f->p, &f->arena, &f->set, &f->err);
    unlink(path);
    rmdir(dir);
    assert_int_equal(rc, 0);
    assert_outcome(&f->set.values[2], "9.1", "", NULL, NULL, 4);
    assert_string_equal(f->set.sha256,
                        "d59fea8c4be07cc4989ccf7dcd0fe67d69280901467074cc9f60d351cb30364c");
    fixture_free(f);
}

/* A file that cannot be read is an I/O error naming it. */
static void test_read_missing_file(void **state)
{
    (void)state;
    Fixture *f = fixture_new("2026-10");
    assert_int_equal(outcomes_read("/nonexistent/o.csv", &f->c, &f->p, &f->arena, &f->set, &f->err),
                     -1);
    assert_int_equal(f->err.code, OCE_EIO);
    assert_string_equal(f->err.file, "/nonexistent/o.csv");
    assert_int_equal(f->err.line, 0);
    assert_string_equal(f->err.message, "cannot open the outcomes file: No such file or directory");
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
    {"csv: all missing required metrics are named", "o.csv",
     HDR CSAT "managed-wan,2026-11,availability,99.9\n", 0, 0,
     "required metrics \"availability\", \"p1_restore_hours\", \"run_cost\" have no value for "
     "contract \"managed-wan\" in period 2026-10"},
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
    assert_int_equal(outcomes_from_values("c.tests.lua", 12, metrics, values, 3, &f->c, &f->p,
                                          &f->arena, &f->set, &f->err),
                     0);
    values[1] = "2000000000000000000";
    error_init(&f->err);
    assert_int_equal(outcomes_from_values("c.tests.lua", 12, metrics, values, 3, &f->c, &f->p,
                                          &f->arena, &f->set, &f->err),
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
    cmocka_unit_test(test_csv_other_rows_ignored),
    cmocka_unit_test(test_csv_quarter),
    cmocka_unit_test(test_precision_trailing_zeros),
    cmocka_unit_test(test_json_full),
    cmocka_unit_test(test_json_bom),
    cmocka_unit_test(test_json_error_column),
    cmocka_unit_test(test_digest_of_bytes),
    cmocka_unit_test(test_read_file),
    cmocka_unit_test(test_read_missing_file),
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
