/*
 * Unit tests of the calendar: strict dates, day arithmetic across leap years, and the three
 * period forms with their inclusive bounds. Each test is a table of real cases.
 */
#include "testutil.h"

#include <stdio.h>

#include "calendar.h"

static void assert_date(Date d, const char *expected)
{
    char buf[11];
    calendar_format_date(d, buf);
    assert_string_equal(buf, expected);
}

static Date date(const char *s)
{
    Date d;
    if (calendar_parse_date(s, &d) != 0)
        fail_msg("date %s does not parse", s);
    return d;
}

/* Real dates parse and format back unchanged, leap days only in leap years. */
static void test_parse_date_valid(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "2026-10-01", "2026-01-31", "2026-12-31", "2024-02-29", "2000-02-29",
        "0001-01-01", "9999-12-31", "2026-04-30", "1999-02-28",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_date(date(cases[i]), cases[i]);
    Date d = date("2026-10-07");
    assert_int_equal(d.year, 2026);
    assert_int_equal(d.month, 10);
    assert_int_equal(d.day, 7);
}

/* Anything but a real date written exactly YYYY-MM-DD is refused, and out is left alone. */
static void test_parse_date_invalid(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "2026-02-29", "2100-02-29",  "1900-02-29",  "2026-04-31",       "2026-13-01", "2026-00-10",
        "2026-10-00", "2026-10-32",  "0000-01-01",  "2026-1-01",        "2026-10-1",  "26-10-01",
        "2026/10/01", "2026-10-01 ", " 2026-10-01", "2026-10-01T00:00", "+026-10-01", "2026-1a-01",
        "",           "2026-10",     "20261001",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Date d = {7, 7, 7};
        if (calendar_parse_date(cases[i], &d) != -1)
            fail_msg("date \"%s\" was accepted", cases[i]);
        assert_int_equal(d.year, 7);
    }
}

/* Leap years: every fourth, except centuries, except every fourth century. */
static void test_leap_years(void **state)
{
    (void)state;
    static const struct {
        int year, leap;
    } cases[] = {{2024, 1}, {2026, 0}, {2000, 1}, {2100, 0}, {1900, 0}, {2400, 1}, {4, 1}};
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        assert_int_equal(calendar_is_leap(cases[i].year), cases[i].leap);
        assert_int_equal(calendar_days_in_month(cases[i].year, 2), cases[i].leap ? 29 : 28);
    }
    assert_int_equal(calendar_days_in_month(2026, 4), 30);
    assert_int_equal(calendar_days_in_month(2026, 12), 31);
}

/* Comparison orders by year, then month, then day. */
static void test_date_cmp(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int cmp;
    } cases[] = {
        {"2026-10-01", "2026-10-01", 0}, {"2026-10-01", "2026-10-02", -1},
        {"2026-11-01", "2026-10-31", 1}, {"2025-12-31", "2026-01-01", -1},
        {"2027-01-01", "2026-12-31", 1},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(calendar_date_cmp(date(cases[i].a), date(cases[i].b)), cases[i].cmp);
}

/* Days between dates, across month ends, leap days and centuries; negative backwards. */
static void test_days_between(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        long days;
    } cases[] = {
        {"2026-10-01", "2026-10-01", 0},    {"2026-10-01", "2026-10-31", 30},
        {"2026-10-31", "2026-11-01", 1},    {"2024-02-28", "2024-03-01", 2},
        {"2026-02-28", "2026-03-01", 1},    {"2026-01-01", "2027-01-01", 365},
        {"2024-01-01", "2025-01-01", 366},  {"2000-01-01", "2100-01-01", 36525},
        {"2100-02-28", "2100-03-01", 1},    {"1970-01-01", "2026-10-01", 20727},
        {"2026-10-01", "2026-01-01", -273}, {"0001-01-01", "9999-12-31", 3652058},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        assert_int_equal(calendar_days_between(date(cases[i].a), date(cases[i].b)), cases[i].days);
}

/* Each period form gives its kind, canonical id, inclusive bounds and length in days. */
static void test_parse_period_valid(void **state)
{
    (void)state;
    static const struct {
        const char *s;
        PeriodKind kind;
        const char *start, *end;
        long days;
    } cases[] = {
        {"2026-10", PERIOD_MONTH, "2026-10-01", "2026-10-31", 31},
        {"2026-01", PERIOD_MONTH, "2026-01-01", "2026-01-31", 31},
        {"2026-04", PERIOD_MONTH, "2026-04-01", "2026-04-30", 30},
        {"2026-02", PERIOD_MONTH, "2026-02-01", "2026-02-28", 28},
        {"2024-02", PERIOD_MONTH, "2024-02-01", "2024-02-29", 29},
        {"2100-02", PERIOD_MONTH, "2100-02-01", "2100-02-28", 28},
        {"2000-02", PERIOD_MONTH, "2000-02-01", "2000-02-29", 29},
        {"2026-12", PERIOD_MONTH, "2026-12-01", "2026-12-31", 31},
        {"2026-Q1", PERIOD_QUARTER, "2026-01-01", "2026-03-31", 90},
        {"2024-Q1", PERIOD_QUARTER, "2024-01-01", "2024-03-31", 91},
        {"2026-Q2", PERIOD_QUARTER, "2026-04-01", "2026-06-30", 91},
        {"2026-Q3", PERIOD_QUARTER, "2026-07-01", "2026-09-30", 92},
        {"2026-Q4", PERIOD_QUARTER, "2026-10-01", "2026-12-31", 92},
        {"2026", PERIOD_YEAR, "2026-01-01", "2026-12-31", 365},
        {"2024", PERIOD_YEAR, "2024-01-01", "2024-12-31", 366},
        {"2100", PERIOD_YEAR, "2100-01-01", "2100-12-31", 365},
        {"2000", PERIOD_YEAR, "2000-01-01", "2000-12-31", 366},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Period p;
        OceError err;
        error_init(&err);
        assert_int_equal(calendar_parse_period(cases[i].s, &p, &err), 0);
        assert_int_equal(err.code, OCE_OK);
        assert_string_equal(p.id, cases[i].s);
        assert_int_equal(p.kind, cases[i].kind);
        assert_date(p.start, cases[i].start);
        assert_date(p.end, cases[i].end);
        assert_int_equal(calendar_period_days(&p), cases[i].days);
        PeriodKind kind = (PeriodKind)-1;
        assert_int_equal(calendar_period_kind(cases[i].s, &kind), 0); /* the cheap check agrees */
        assert_int_equal(kind, cases[i].kind);
    }
}

/* Malformed periods fail with OCE_EPERIOD and a message saying the three accepted forms. */
static void test_parse_period_invalid(void **state)
{
    (void)state;
    static const char *const cases[] = {
        "2026-13",  "2026-00",  "2026-1", "2026-Q5",    "2026-Q0",  "2026-q4",
        "2026-Q",   "2026-Q44", "26-10",  "2026-10-01", "2026-10 ", " 2026-10",
        "2026-10x", "2026x",    "0000",   "0000-01",    "202",      "20261",
        "",         "2026-",    "-2026",  "2026-H1",    "2026-1a",  "twenty",
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        Period p = {.id = "untouched"};
        OceError err;
        error_init(&err);
        if (calendar_parse_period(cases[i], &p, &err) != -1)
            fail_msg("period \"%s\" was accepted", cases[i]);
        assert_int_equal(err.code, OCE_EPERIOD);
        assert_int_equal(err.line, 0);
        assert_string_equal(err.file, "");
        assert_string_equal(p.id, "untouched");
        char want[200];
        snprintf(want, sizeof want,
                 "period \"%s\": expected YYYY-MM (a month), YYYY-Qn (a quarter) or YYYY (a year)",
                 cases[i]);
        assert_string_equal(err.message, want);
        PeriodKind kind;
        if (calendar_period_kind(cases[i], &kind) != -1)
            fail_msg("period \"%s\" was taken for a period by calendar_period_kind", cases[i]);
    }
    PeriodKind kind;
    assert_int_equal(calendar_period_kind(NULL, &kind), -1);
}

/* A NULL error is allowed (callers that only test validity) and the kinds have names. */
static void test_period_misc(void **state)
{
    (void)state;
    Period p;
    assert_int_equal(calendar_parse_period("2026-13", &p, NULL), -1);
    assert_string_equal(calendar_period_kind_name(PERIOD_MONTH), "month");
    assert_string_equal(calendar_period_kind_name(PERIOD_QUARTER), "quarter");
    assert_string_equal(calendar_period_kind_name(PERIOD_YEAR), "year");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_date_valid),     cmocka_unit_test(test_parse_date_invalid),
        cmocka_unit_test(test_leap_years),           cmocka_unit_test(test_date_cmp),
        cmocka_unit_test(test_days_between),         cmocka_unit_test(test_parse_period_valid),
        cmocka_unit_test(test_parse_period_invalid), cmocka_unit_test(test_period_misc),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
