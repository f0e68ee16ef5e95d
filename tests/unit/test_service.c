/*
 * Unit tests of spans and the service calendar, on hand-checked months: service hours over
 * weekends and public holidays, a 24x7 month with the clocks going back, weekly maintenance
 * windows on the mornings the clocks change in Europe/London and America/New_York, a window
 * past midnight and a one-off window across a clock change.
 */
#include "testutil.h"

#include "service.h"

static Arena arena;

static TimeZone zone(const char *name)
{
    TimeZone z;
    OceError err;
    error_init(&err);
    if (tz_open(name, &z, &err) != 0)
        fail_msg("%s: %s", name, err.message);
    return z;
}

static void test_spans(void **state)
{
    (void)state;
    Spans a, b, c;
    spans_init(&a, &arena);
    assert_int_equal(spans_add(&a, 10, 20), 0);
    assert_int_equal(spans_add(&a, 15, 30), 0); /* overlaps: one span */
    assert_int_equal(spans_add(&a, 30, 35), 0); /* touches: still one */
    assert_int_equal(spans_add(&a, 50, 60), 0);
    assert_int_equal(spans_add(&a, 0, 5), 0);
    assert_int_equal(spans_add(&a, 7, 7), 0); /* empty: nothing */
    assert_int_equal(a.n, 3);
    assert_int_equal(spans_length(&a), 5 + 25 + 10);
    assert_int_equal(spans_add(&a, 4, 55), 0); /* swallows all */
    assert_int_equal(a.n, 1);
    assert_int_equal(a.v[0].from, 0);
    assert_int_equal(a.v[0].to, 60);
    spans_init(&b, &arena);
    spans_add(&b, 10, 20);
    spans_add(&b, 40, 70);
    assert_int_equal(spans_intersect(&a, &b, &c), 0);
    assert_int_equal(spans_length(&c), 10 + 20);
    assert_int_equal(spans_subtract(&a, &b, &c), 0);
    assert_int_equal(c.n, 2);
    assert_int_equal(c.v[0].to, 10);
    assert_int_equal(c.v[1].from, 20);
    assert_int_equal(c.v[1].to, 40);
    assert_int_equal(spans_length(&c), 10 + 20);
}

static ServiceCalendar office(const char *tz)
{
    ServiceCalendar sc = {.tz = zone(tz)};
    for (int d = 1; d <= 5; d++)
        sc.week[d] = (DayHours){8 * 60, 18 * 60};
    return sc;
}

/* The seconds of service hours (or of maintenance windows) of the days first to last: whole
 * seconds, as the calendar is of whole minutes. */
static long long hours(const ServiceCalendar *sc, Date first, Date last, int maintenance)
{
    Instant from, to;
    Spans s;
    service_bounds(sc, first, last, &from, &to);
    int rc = maintenance ? service_maintenance(sc, from, to, &arena, &s)
                         : service_hours(sc, from, to, &arena, &s);
    assert_int_equal(rc, 0);
    assert_int_equal(spans_length(&s) % TZ_SECOND, 0);
    return spans_length(&s) / TZ_SECOND;
}

/* Monday to Friday 08:00 to 18:00: October 2026 has 22 weekdays, 220 hours whatever the
 * clocks do; December 2026 23 weekdays, 21 without 25 and 28 December. */
static void test_office_hours(void **state)
{
    (void)state;
    ServiceCalendar sc = office("Europe/London");
    assert_int_equal(hours(&sc, (Date){2026, 10, 1}, (Date){2026, 10, 31}, 0), 220LL * 3600);
    assert_int_equal(hours(&sc, (Date){2026, 12, 1}, (Date){2026, 12, 31}, 0), 230LL * 3600);
    static const Date off[] = {{2026, 12, 25}, {2026, 12, 28}};
    sc.holidays = off;
    sc.nholidays = 2;
    assert_int_equal(hours(&sc, (Date){2026, 12, 1}, (Date){2026, 12, 31}, 0), 210LL * 3600);
    /* A weekend alone has none. */
    assert_int_equal(hours(&sc, (Date){2026, 10, 3}, (Date){2026, 10, 4}, 0), 0);
}

static void test_always(void **state)
{
    (void)state;
    ServiceCalendar sc = {.tz = zone("Europe/London"), .always = true};
    assert_int_equal(hours(&sc, (Date){2026, 10, 1}, (Date){2026, 10, 31}, 0), 745LL * 3600);
    sc.tz = zone("America/New_York");
    assert_int_equal(hours(&sc, (Date){2026, 11, 1}, (Date){2026, 11, 30}, 0), 721LL * 3600);
    assert_int_equal(hours(&sc, (Date){2026, 3, 1}, (Date){2026, 3, 31}, 0), 743LL * 3600);
}

/* Sundays 02:00 to 04:00. London, October 2026: four Sundays of two hours (on the 25th 02:00
 * comes once, in GMT). New York, November 2026: five of two (1 November likewise); March
 * 2026: on the 8th 02:00 never comes, so the window runs from 03:00, one hour. */
static void test_weekly_maintenance(void **state)
{
    (void)state;
    static const WeeklyWindow sunday[] = {{0, {120, 240}}};
    ServiceCalendar sc = {
        .tz = zone("Europe/London"), .always = true, .weekly = sunday, .nweekly = 1};
    assert_int_equal(hours(&sc, (Date){2026, 10, 1}, (Date){2026, 10, 31}, 1), 8LL * 3600);
    sc.tz = zone("America/New_York");
    assert_int_equal(hours(&sc, (Date){2026, 11, 1}, (Date){2026, 11, 30}, 1), 10LL * 3600);
    assert_int_equal(hours(&sc, (Date){2026, 3, 1}, (Date){2026, 3, 31}, 1), 9LL * 3600);
}

/* Saturdays 22:00 to 02:00 in UTC, October 2026: four whole windows, and the one from the
 * 31st cut at the end of the month: 18 hours. */
static void test_window_past_midnight(void **state)
{
    (void)state;
    static const WeeklyWindow night[] = {{6, {22 * 60, 120}}};
    ServiceCalendar sc = {.tz = zone("UTC"), .always = true, .weekly = night, .nweekly = 1};
    assert_int_equal(hours(&sc, (Date){2026, 10, 1}, (Date){2026, 10, 31}, 1), 18LL * 3600);
}

/* A one-off window from 22:00 on 24 October to 03:00 on the 25th, London: 22:00 BST is 21:00Z,
 * 03:00 GMT is 03:00Z, six hours. */
static void test_once_window(void **state)
{
    (void)state;
    static const OnceWindow w[] = {{{2026, 10, 24}, {2026, 10, 25}, 22 * 60, 3 * 60}};
    ServiceCalendar sc = {.tz = zone("Europe/London"), .always = true, .once = w, .nonce = 1};
    assert_int_equal(hours(&sc, (Date){2026, 10, 1}, (Date){2026, 10, 31}, 1), 6LL * 3600);
    /* Cut to the period it falls in. */
    assert_int_equal(hours(&sc, (Date){2026, 10, 25}, (Date){2026, 10, 31}, 1), 4LL * 3600);
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
        cmocka_unit_test(test_spans),
        cmocka_unit_test(test_office_hours),
        cmocka_unit_test(test_always),
        cmocka_unit_test(test_weekly_maintenance),
        cmocka_unit_test(test_window_past_midnight),
        cmocka_unit_test(test_once_window),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
