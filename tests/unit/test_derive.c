/*
 * Unit tests of metrics derived from incident logs, each figure worked out by hand: October
 * 2026 in Europe/London (745 hours, 2682000 seconds), 24x7 with maintenance on Sundays from
 * 02:00 to 04:00, customer-caused and force majeure outages excluded; office hours over a
 * weekend and a public holiday; November 2026 in America/New_York (721 hours); an
 * availability that lands exactly on 99.95; and incidents timed to fractions of a second.
 */
#include "testutil.h"

#include <stdio.h>

#include "derive.h"
#include "incidents.h"

static Arena arena;

/* Seconds as the nanoseconds durations are counted in. */
#define S(seconds) ((long long)(seconds)*TZ_SECOND)

static const char *const services[] = {"core", "edge"};
static const char *const severities[] = {"P1", "P2"};
static const char *const causes[] = {"vendor", "customer", "force_majeure"};
static const char *const excluded[] = {"customer", "force_majeure"};
static const IncidentRules rules = {services, 2, severities, 2, causes, 3};
static const WeeklyWindow sunday[] = {{0, {120, 240}}};

static ServiceCalendar calendar(const char *zone)
{
    ServiceCalendar sc = {.always = true, .weekly = sunday, .nweekly = 1};
    OceError err;
    error_init(&err);
    if (tz_open(zone, &sc.tz, &err) != 0)
        fail_msg("%s", err.message);
    return sc;
}

static IncidentLog read_log(const char *csv)
{
    char text[4096];
    snprintf(text, sizeof text, "contract,service,id,start,end,severity,cause\n%s", csv);
    IncidentLog log;
    OceError err;
    error_init(&err);
    if (incidents_parse("log.csv", text, strlen(text), "c", &rules, &arena, &log, &err) != 0)
        fail_msg("%d: %s", err.line, err.message);
    return log;
}

static IncidentReport report(const ServiceCalendar *sc, const IncidentPolicy *p, const char *csv,
                             Date first, Date last)
{
    IncidentLog *log = arena_alloc(&arena, sizeof *log);
    *log = read_log(csv);
    Instant from, to;
    service_bounds(sc, first, last, &from, &to);
    IncidentReport r;
    OceError err;
    error_init(&err);
    if (derive_report(p, log, from, to, &arena, &r, &err) != 0)
        fail_msg("%s", err.message);
    return r;
}

static const Finding *finding(const IncidentReport *r, const char *id)
{
    for (size_t i = 0; i < r->n; i++)
        if (strcmp(r->v[i].incident->id, id) == 0)
            return &r->v[i];
    fail_msg("no finding for %s", id);
    return NULL;
}

static const char *value(const IncidentReport *r, Derivation d)
{
    Money m;
    const char *why;
    OceError err;
    error_init(&err);
    if (derive_value(r, &d, &arena, &m, &why, &err) != 0)
        fail_msg("%s", err.message);
    static char buf[MONEY_STR_MAX];
    money_format(m, d.places, buf, sizeof buf);
    return buf;
}

static const char october[] =
    /* inside the maintenance window of Sunday 11 October (02:30 to 03:30 BST) */
    "c,core,IN-MAINT,2026-10-11T01:30Z,2026-10-11T02:30Z,P2,vendor\n"
    /* partly in Sunday 18 October's window: 03:30 to 05:00 BST, 30 minutes in it */
    "c,core,PART,2026-10-18T02:30Z,2026-10-18T04:00Z,P2,vendor\n"
    /* caused by the customer: excluded */
    "c,core,CUST,2026-10-07T10:00Z,2026-10-07T11:00Z,P1,customer\n"
    /* two that overlap by half an hour: 90 minutes down, not 120 */
    "c,core,A,2026-10-20T09:00Z,2026-10-20T10:00Z,P1,vendor\n"
    "c,core,B,2026-10-20T09:30Z,2026-10-20T10:30Z,P2,vendor\n"
    /* across the end of October (00:00 GMT on 1 November): one hour in each month */
    "c,core,ACROSS,2026-10-31T23:00Z,2026-11-01T01:00Z,P1,vendor\n"
    /* still open at the end of the month: half an hour */
    "c,edge,OPEN,2026-10-31T23:30Z,,P1,vendor\n";

static void test_october(void **state)
{
    (void)state;
    ServiceCalendar sc = calendar("Europe/London");
    IncidentPolicy p = {&sc, services, 2, excluded, 2};
    IncidentReport r = report(&sc, &p, october, (Date){2026, 10, 1}, (Date){2026, 10, 31});
    /* 745 hours less four Sunday windows of two: 737 hours, 2653200 seconds */
    assert_int_equal(r.service_time, S(737LL * 3600));
    const Finding *f = finding(&r, "IN-MAINT");
    assert_int_equal(f->counted, S(0));
    assert_int_equal(f->maintenance, S(3600));
    f = finding(&r, "PART");
    assert_int_equal(f->counted, S(3600));
    assert_int_equal(f->maintenance, S(1800));
    assert_int_equal(f->restore_clock, S(5400));
    assert_int_equal(f->restore_service, S(3600)); /* the clock stops in the window */
    f = finding(&r, "CUST");
    assert_false(f->counted_cause);
    assert_int_equal(f->counted, S(0));
    assert_int_equal(f->excluded_cause, S(3600));
    assert_int_equal(finding(&r, "A")->counted, S(3600));
    assert_int_equal(finding(&r, "B")->counted, S(1800));
    assert_int_equal(finding(&r, "B")->overlap, S(1800));
    f = finding(&r, "ACROSS");
    assert_int_equal(f->counted, S(3600));
    assert_false(f->restored); /* restored in November */
    f = finding(&r, "OPEN");
    assert_int_equal(f->counted, S(1800));
    assert_false(f->restored);
    /* core: 3600 + 5400 + 3600 = 12600 s down of 2653200: 99.525101764... */
    Derivation d = {.measure = MEASURE_AVAILABILITY, .service = "core", .places = 2};
    assert_string_equal(value(&r, d), "99.53");
    d.places = 4;
    assert_string_equal(value(&r, d), "99.5251");
    /* both services: 14400 s down of 5306400: 99.728629579... */
    d.service = NULL;
    d.places = 3;
    assert_string_equal(value(&r, d), "99.729");
    d.rounding = MONEY_DOWN;
    assert_string_equal(value(&r, d), "99.728");
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_DOWNTIME, .service = "core", .places = 1}),
        "210.0");
    /* not counted: 60 + 30 minutes of maintenance, 60 of the customer's */
    assert_string_equal(value(&r, (Derivation){.measure = MEASURE_EXCLUDED, .service = "core"}),
                        "150");
    /* P1 incidents counted, starting in October: A, ACROSS and OPEN (CUST is excluded) */
    assert_string_equal(value(&r, (Derivation){.measure = MEASURE_INCIDENTS, .severity = "P1"}),
                        "3");
    /* restored in October: A (1 hour) of the P1s; B (1 hour) and PART (1.5) of the P2s:
     * IN-MAINT, wholly in maintenance, does not count against the vendor at all */
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_WORST_RESTORE, .severity = "P2", .places = 1}),
        "1.5");
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_MEAN_RESTORE, .severity = "P2", .places = 2}),
        "1.25");
    Derivation b = {.measure = MEASURE_BREACHES, .severity = "P2"};
    assert_int_equal(money_parse("1", NULL, &b.within, NULL), 0);
    assert_string_equal(value(&r, b), "1"); /* PART took more than an hour */
}

/* The hour of the incident across the end of October counts in November, where it was
 * restored after two clock hours. */
static void test_november_part(void **state)
{
    (void)state;
    ServiceCalendar sc = calendar("Europe/London");
    IncidentPolicy p = {&sc, services, 2, excluded, 2};
    IncidentReport r = report(&sc, &p, october, (Date){2026, 11, 1}, (Date){2026, 11, 30});
    assert_int_equal(r.service_time, S(710LL * 3600)); /* 720 less five Sunday windows */
    const Finding *f = finding(&r, "ACROSS");
    assert_int_equal(f->counted, S(3600));
    assert_true(f->restored);
    assert_int_equal(f->restore_clock, S(7200));
    /* both began in October, and count there */
    assert_string_equal(value(&r, (Derivation){.measure = MEASURE_INCIDENTS}), "0");
    /* open all November: 720 hours but five Sunday maintenance windows of two */
    assert_int_equal(finding(&r, "OPEN")->counted, S(710LL * 3600));
    assert_int_equal(finding(&r, "OPEN")->maintenance, S(10LL * 3600));
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_WORST_RESTORE, .severity = "P1", .places = 1}),
        "2.0");
}

/* 1341 seconds down of October's 2682000 (without maintenance windows) is 0.05 %:
 * availability exactly 99.95. */
static void test_exactly_on_the_threshold(void **state)
{
    (void)state;
    ServiceCalendar sc = calendar("Europe/London");
    sc.nweekly = 0;
    IncidentPolicy p = {&sc, services, 2, excluded, 2};
    IncidentReport r =
        report(&sc, &p, "c,core,X,2026-10-07T10:00:00Z,2026-10-07T10:22:21Z,P1,vendor\n",
               (Date){2026, 10, 1}, (Date){2026, 10, 31});
    Derivation d = {.measure = MEASURE_AVAILABILITY, .service = "core", .places = 2};
    assert_string_equal(value(&r, d), "99.95");
    d.places = 9;
    assert_string_equal(value(&r, d), "99.950000000");
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_DOWNTIME, .service = "core", .places = 2}),
        "22.35");
}

/* Timestamps to the millisecond, one with a space for the T and an offset: A is down from
 * 10:00:00.250Z to 10:10:00.750Z (600.5 s), B from 10:10:00.500Z to 10:20:00Z (599.5 s), a
 * quarter of a second of it already counted for A. So 1199.75 s down of October's 2682000
 * (745 hours, no maintenance): 100 x 2680800.25 / 2682000 = 99.955266592095...; cutting the
 * fractions off would give 1200 s and 99.955257270... */
static void test_fractions_of_a_second(void **state)
{
    (void)state;
    ServiceCalendar sc = calendar("Europe/London");
    sc.nweekly = 0;
    IncidentPolicy p = {&sc, services, 2, excluded, 2};
    IncidentReport r =
        report(&sc, &p,
               "c,core,A,2026-10-07T10:00:00.250Z,2026-10-07T10:10:00.750Z,P1,vendor\n"
               "c,core,B,2026-10-07 11:10:00.5+01:00,2026-10-07T10:20:00Z,P1,vendor\n",
               (Date){2026, 10, 1}, (Date){2026, 10, 31});
    assert_int_equal(r.service_time, S(2682000));
    assert_int_equal(finding(&r, "A")->counted, 600500000000LL);
    assert_int_equal(finding(&r, "B")->counted, 599250000000LL);
    assert_int_equal(finding(&r, "B")->overlap, 250000000LL);
    assert_int_equal(finding(&r, "B")->restore_clock, 599500000000LL);
    Derivation d = {.measure = MEASURE_AVAILABILITY, .service = "core", .places = 2};
    assert_string_equal(value(&r, d), "99.96");
    d.places = 6;
    assert_string_equal(value(&r, d), "99.955267");
    d.places = 9;
    assert_string_equal(value(&r, d), "99.955266592");
    d.places = 6;
    d.rounding = MONEY_DOWN;
    assert_string_equal(value(&r, d), "99.955266");
    Money m;
    const char *why;
    OceError err;
    error_init(&err);
    d = (Derivation){.measure = MEASURE_AVAILABILITY, .service = "core", .places = 2};
    assert_int_equal(derive_value(&r, &d, &arena, &m, &why, &err), 0);
    assert_string_equal(why, "availability of core: 745 hours of agreed service time, 20 minutes "
                             "counted down by 2 incidents: 100 x (2682000 - 1199.75) / 2682000 "
                             "seconds = 99.96 % (99.955266592..., rounded half-even)");
    /* 1199.75 s is 19.99583... minutes */
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_DOWNTIME, .service = "core", .places = 4}),
        "19.9958");
    d = (Derivation){.measure = MEASURE_DOWNTIME, .service = "core", .places = 2};
    assert_int_equal(derive_value(&r, &d, &arena, &m, &why, &err), 0);
    assert_string_equal(why, "downtime of core counted against the vendor: 1199.75 seconds in 2 "
                             "incidents");
    /* restores of 600.5 and 599.5 s: the longest 0.16680555... hours, the mean exactly 1/6 */
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_WORST_RESTORE, .service = "core", .places = 4}),
        "0.1668");
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_MEAN_RESTORE, .service = "core", .places = 4}),
        "0.1667");
    /* within 0.1668 hours (600.48 s), A breaches by 0.02 s and B does not; within 0.16681
     * (600.516 s) neither does */
    Derivation b = {.measure = MEASURE_BREACHES, .service = "core"};
    assert_int_equal(money_parse("0.1668", NULL, &b.within, NULL), 0);
    assert_string_equal(value(&r, b), "1");
    assert_int_equal(money_parse("0.16681", NULL, &b.within, NULL), 0);
    assert_string_equal(value(&r, b), "0");
}

/* Monday to Friday 08:00 to 18:00: an outage from Friday 17:00 to Monday 09:00 is two service
 * hours, or one when the Monday is a public holiday; its clock time is 64 hours. */
static void test_office_hours_weekend_and_holiday(void **state)
{
    (void)state;
    ServiceCalendar sc = calendar("Europe/London");
    sc.always = false;
    sc.nweekly = 0;
    for (int d = 1; d <= 5; d++)
        sc.week[d] = (DayHours){8 * 60, 18 * 60};
    IncidentPolicy p = {&sc, services, 2, excluded, 2};
    /* Friday 6 November 2026 17:00 GMT to Monday 9 November 09:00 */
    const char *log = "c,core,W,2026-11-06T17:00Z,2026-11-09T09:00Z,P1,vendor\n";
    IncidentReport r = report(&sc, &p, log, (Date){2026, 11, 1}, (Date){2026, 11, 30});
    assert_int_equal(r.service_time, S(210LL * 3600)); /* 21 weekdays */
    const Finding *f = finding(&r, "W");
    assert_int_equal(f->counted, S(7200));
    assert_int_equal(f->outside, S(62LL * 3600));
    assert_int_equal(f->restore_clock, S(64LL * 3600));
    assert_int_equal(f->restore_service, S(7200));
    assert_string_equal(value(&r, (Derivation){.measure = MEASURE_WORST_RESTORE,
                                               .severity = "P1",
                                               .service_hours = true,
                                               .places = 1}),
                        "2.0");
    /* 7200 of 756000 seconds: 99.047619... */
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_AVAILABILITY, .service = "core", .places = 2}),
        "99.05");
    static const Date monday[] = {{2026, 11, 9}};
    sc.holidays = monday;
    sc.nholidays = 1;
    r = report(&sc, &p, log, (Date){2026, 11, 1}, (Date){2026, 11, 30});
    assert_int_equal(r.service_time, S(200LL * 3600));
    assert_int_equal(finding(&r, "W")->counted, S(3600));
    assert_int_equal(finding(&r, "W")->restore_service, S(3600));
}

/* Office hours, and incidents across the end of October: I1 (Friday 30 October 17:00 to
 * Monday 2 November 07:00) has an hour of service time in October and none in November, where
 * it is restored, after 62 clock hours and one service hour; I2 (Saturday 31 October to Monday
 * 2 November 09:00) has its service hour in November but begins in October. Each counts once:
 * I2 among October's incidents, I1's restore in November. */
static void test_across_the_month_in_office_hours(void **state)
{
    (void)state;
    ServiceCalendar sc = calendar("Europe/London");
    sc.always = false;
    sc.nweekly = 0;
    for (int d = 1; d <= 5; d++)
        sc.week[d] = (DayHours){8 * 60, 18 * 60};
    IncidentPolicy p = {&sc, services, 2, excluded, 2};
    const char *log = "c,core,I1,2026-10-30T17:00Z,2026-11-02T07:00Z,P1,vendor\n"
                      "c,edge,I2,2026-10-31T10:00Z,2026-11-02T09:00Z,P1,vendor\n";
    IncidentReport oct = report(&sc, &p, log, (Date){2026, 10, 1}, (Date){2026, 10, 31});
    assert_string_equal(value(&oct, (Derivation){.measure = MEASURE_INCIDENTS}), "2");
    IncidentReport nov = report(&sc, &p, log, (Date){2026, 11, 1}, (Date){2026, 11, 30});
    assert_string_equal(value(&nov, (Derivation){.measure = MEASURE_INCIDENTS}), "0");
    assert_string_equal(
        value(&nov, (Derivation){.measure = MEASURE_WORST_RESTORE, .service = "core", .places = 1}),
        "62.0");
    assert_string_equal(value(&nov, (Derivation){.measure = MEASURE_WORST_RESTORE,
                                                 .service = "core",
                                                 .service_hours = true,
                                                 .places = 1}),
                        "1.0");
}

/* New York, November 2026: 721 hours; an hour down is 99.861303... */
static void test_new_york_november(void **state)
{
    (void)state;
    ServiceCalendar sc = calendar("America/New_York");
    sc.nweekly = 0;
    IncidentPolicy p = {&sc, services, 2, excluded, 2};
    IncidentReport r = report(&sc, &p, "c,core,NY,2026-11-10T14:00Z,2026-11-10T15:00Z,P1,vendor\n",
                              (Date){2026, 11, 1}, (Date){2026, 11, 30});
    assert_int_equal(r.service_time, S(721LL * 3600));
    assert_string_equal(
        value(&r, (Derivation){.measure = MEASURE_AVAILABILITY, .service = "core", .places = 2}),
        "99.86");
}

static void test_no_service_hours(void **state)
{
    (void)state;
    ServiceCalendar sc = calendar("UTC");
    sc.always = false;
    IncidentPolicy p = {&sc, services, 2, excluded, 2};
    IncidentReport r = report(&sc, &p, "", (Date){2026, 11, 1}, (Date){2026, 11, 30});
    Derivation d = {.measure = MEASURE_AVAILABILITY, .service = "core", .places = 2};
    Money m;
    const char *why;
    OceError err;
    error_init(&err);
    assert_int_equal(derive_value(&r, &d, &arena, &m, &why, &err), -1);
    assert_string_equal(err.message, "availability of core: the period has no service hours");
}

static int setup(void **state)
{
    (void)state;
    arena_init(&arena);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    arena_free(&arena);
    return 0;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_october),
        cmocka_unit_test(test_november_part),
        cmocka_unit_test(test_exactly_on_the_threshold),
        cmocka_unit_test(test_fractions_of_a_second),
        cmocka_unit_test(test_office_hours_weekend_and_holiday),
        cmocka_unit_test(test_new_york_november),
        cmocka_unit_test(test_across_the_month_in_office_hours),
        cmocka_unit_test(test_no_service_hours),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
