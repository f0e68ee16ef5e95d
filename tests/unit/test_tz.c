/*
 * Unit tests of time zones: zone names checked against the database, the length of months
 * with a daylight-saving change in Europe/London and America/New_York, local times the clocks
 * skip or pass twice, ISO 8601 timestamps, and the calendar's day numbers and weekdays.
 */
#include "testutil.h"

#include "tz.h"

static TimeZone zone(const char *name)
{
    TimeZone z;
    OceError err;
    error_init(&err);
    if (tz_open(name, &z, &err) != 0)
        fail_msg("%s: %s", name, err.message);
    return z;
}

static Date date(int y, int m, int d)
{
    return (Date){y, m, d};
}

static void test_zone_names(void **state)
{
    (void)state;
    TimeZone z;
    OceError err;
    static const char *const bad[] = {"localtime",
                                      "right/UTC",
                                      "Europe/Lodnon",
                                      "../../etc/passwd",
                                      "/etc/localtime",
                                      "Europe/",
                                      "",
                                      "Europe//London",
                                      "-x"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        error_init(&err);
        assert_int_equal(tz_open(bad[i], &z, &err), -1);
        assert_non_null(strstr(err.message, "unknown time zone"));
    }
    error_init(&err);
    assert_int_equal(tz_open("Europe/London", &z, &err), 0);
    assert_string_equal(z.name, "Europe/London");
    assert_int_equal(tz_open("UTC", &z, &err), 0);
}

/* Hours from the first of one month to the first of the next, local midnight to midnight. */
static long long month_hours(const TimeZone *z, int y, int m)
{
    Date next = m == 12 ? date(y + 1, 1, 1) : date(y, m + 1, 1);
    return (tz_local(z, next, 0) - tz_local(z, date(y, m, 1), 0)) / 3600;
}

static void test_months_with_a_clock_change(void **state)
{
    (void)state;
    TimeZone london = zone("Europe/London"), ny = zone("America/New_York"), utc = zone("UTC");
    assert_int_equal(month_hours(&london, 2026, 10), 745); /* back on 25 October */
    assert_int_equal(month_hours(&london, 2026, 3), 743);  /* forward on 29 March */
    assert_int_equal(month_hours(&london, 2026, 11), 720);
    assert_int_equal(month_hours(&ny, 2026, 3), 743);  /* forward on 8 March */
    assert_int_equal(month_hours(&ny, 2026, 11), 721); /* back on 1 November */
    assert_int_equal(month_hours(&ny, 2026, 10), 744);
    assert_int_equal(month_hours(&utc, 2026, 10), 744);
    /* Europe/London in summer is an hour ahead: local midnight on 1 October is 23:00Z. */
    char buf[32];
    tz_format_utc(tz_local(&london, date(2026, 10, 1), 0), buf);
    assert_string_equal(buf, "2026-09-30T23:00:00Z");
    tz_format_utc(tz_local(&london, date(2026, 11, 1), 0), buf);
    assert_string_equal(buf, "2026-11-01T00:00:00Z");
    /* 1440 is the midnight that ends the day. */
    assert_int_equal(tz_local(&london, date(2026, 10, 31), 1440),
                     tz_local(&london, date(2026, 11, 1), 0));
}

static void test_skipped_and_repeated_times(void **state)
{
    (void)state;
    TimeZone london = zone("Europe/London"), ny = zone("America/New_York");
    char buf[32];
    /* 02:30 on 8 March 2026 never happens in New York: read with the offset before (-05:00),
     * it is 07:30Z, 03:30 EDT. */
    tz_format_utc(tz_local(&ny, date(2026, 3, 8), 150), buf);
    assert_string_equal(buf, "2026-03-08T07:30:00Z");
    tz_format_local(&ny, tz_local(&ny, date(2026, 3, 8), 150), buf);
    assert_string_equal(buf, "2026-03-08T03:30:00-04:00");
    /* 01:30 on 25 October 2026 happens twice in London: the first, in BST, is 00:30Z. */
    tz_format_utc(tz_local(&london, date(2026, 10, 25), 90), buf);
    assert_string_equal(buf, "2026-10-25T00:30:00Z");
    /* 02:00 that morning happens once, in GMT. */
    tz_format_utc(tz_local(&london, date(2026, 10, 25), 120), buf);
    assert_string_equal(buf, "2026-10-25T02:00:00Z");
    Date d;
    int minute;
    tz_to_local(&london, tz_local(&london, date(2026, 10, 25), 90) + 3600, &d, &minute);
    assert_int_equal(d.day, 25);
    assert_int_equal(minute, 90); /* the second 01:30 */
    assert_int_equal(tz_offset(&london, tz_local(&london, date(2026, 7, 1), 0)), 3600);
}

static void test_iso_timestamps(void **state)
{
    (void)state;
    Instant t, u;
    char buf[32];
    assert_int_equal(tz_parse_iso("2026-10-07T09:14Z", &t), 0);
    tz_format_utc(t, buf);
    assert_string_equal(buf, "2026-10-07T09:14:00Z");
    assert_int_equal(tz_parse_iso("2026-10-07T10:14:30+01:00", &u), 0);
    assert_int_equal(u - t, 30);
    assert_int_equal(tz_parse_iso("2026-10-07T04:14-05:00", &u), 0);
    assert_int_equal(u, t);
    assert_int_equal(tz_parse_iso("1969-12-31T23:59:59Z", &u), 0);
    assert_int_equal(u, -1);
    static const char *const bad[] = {"2026-10-07 09:14Z",
                                      "2026-10-07T09:14",
                                      "2026-13-01T00:00Z",
                                      "2026-02-29T00:00Z",
                                      "2026-10-07T24:00Z",
                                      "2026-10-07T09:60Z",
                                      "2026-10-07T09:14:60Z",
                                      "2026-10-07T09:14+1:00",
                                      "2026-10-07T09:14+01",
                                      "2026-10-07T09:14:00.5Z",
                                      "2026-10-07T09:14z",
                                      "2026-10-07T09:14+19:00",
                                      "",
                                      "2026-10-07T09:14Z extra",
                                      "9999-12-31T23:59-12:00",
                                      "0001-01-01T00:00+14:00"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (tz_parse_iso(bad[i], &u) != -1)
            fail_msg("accepted \"%s\"", bad[i]);
}

static void test_day_numbers_and_weekdays(void **state)
{
    (void)state;
    assert_int_equal(calendar_day_number(date(1970, 1, 1)), 0);
    assert_int_equal(calendar_day_number(date(1969, 12, 31)), -1);
    assert_int_equal(calendar_weekday(date(1970, 1, 1)), 4);   /* Thursday */
    assert_int_equal(calendar_weekday(date(2026, 12, 1)), 2);  /* Tuesday */
    assert_int_equal(calendar_weekday(date(1969, 12, 28)), 0); /* Sunday */
    for (long n = -800000; n < 800000; n += 997) {
        Date d = calendar_from_day_number(n);
        assert_int_equal(calendar_day_number(d), n);
    }
    Date leap = calendar_from_day_number(calendar_day_number(date(2028, 2, 28)) + 1);
    assert_int_equal(leap.month, 2);
    assert_int_equal(leap.day, 29);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_zone_names),
        cmocka_unit_test(test_months_with_a_clock_change),
        cmocka_unit_test(test_skipped_and_repeated_times),
        cmocka_unit_test(test_iso_timestamps),
        cmocka_unit_test(test_day_numbers_and_weekdays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
