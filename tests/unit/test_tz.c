/*
 * Unit tests of time zones: zone names checked against the database, the length of months
 * with a daylight-saving change in Europe/London and America/New_York, local times the clocks
 * skip or pass twice, timestamps as ISO 8601 and RFC 3339 write them (a table of spellings
 * accepted, to the nanosecond, and refused, with why), and the calendar's day numbers and
 * weekdays.
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
    return (long long)((tz_local(z, next, 0) - tz_local(z, date(y, m, 1), 0)) / 3600 / TZ_SECOND);
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
    char buf[TZ_TEXT_MAX];
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
    char buf[TZ_TEXT_MAX];
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
    tz_to_local(&london, tz_local(&london, date(2026, 10, 25), 90) + 3600 * TZ_SECOND, &d, &minute);
    assert_int_equal(d.day, 25);
    assert_int_equal(minute, 90); /* the second 01:30 */
    assert_int_equal(tz_offset(&london, tz_local(&london, date(2026, 7, 1), 0)), 3600);
}

/* Each spelling accepted, as the instant it is in UTC, to the nanosecond. */
static const struct {
    const char *text, *utc;
} accepted[] = {
    {"2026-10-07T09:14Z", "2026-10-07T09:14:00Z"},
    {"2026-10-07T10:14:30+01:00", "2026-10-07T09:14:30Z"},
    {"2026-10-07T04:14-05:00", "2026-10-07T09:14:00Z"},
    {"2026-10-07T09:14-00:00", "2026-10-07T09:14:00Z"},
    /* RFC 3339's space between date and time */
    {"2026-10-07 09:14Z", "2026-10-07T09:14:00Z"},
    {"2026-10-07 10:14:30+01:00", "2026-10-07T09:14:30Z"},
    /* offsets without the colon, or without the minutes */
    {"2026-10-07T10:14:30+0100", "2026-10-07T09:14:30Z"},
    {"2026-10-07T14:44:30+0530", "2026-10-07T09:14:30Z"},
    {"2026-10-07T10:14:30+01", "2026-10-07T09:14:30Z"},
    {"2026-10-07T04:14:30-05", "2026-10-07T09:14:30Z"},
    /* fractions of a second, 1 to 9 digits (JavaScript writes 3, Python 6, .NET 7, Go 9) */
    {"2018-01-01T16:34:30.000Z", "2018-01-01T16:34:30Z"},
    {"2018-01-01T16:34:30.5Z", "2018-01-01T16:34:30.5Z"},
    {"2018-01-01T16:34:30.250Z", "2018-01-01T16:34:30.25Z"},
    {"2018-01-01T17:34:30.123456+01:00", "2018-01-01T16:34:30.123456Z"},
    {"2018-01-01 16:34:30.1234567Z", "2018-01-01T16:34:30.1234567Z"},
    {"2018-01-01T11:34:30.000000001-0500", "2018-01-01T16:34:30.000000001Z"},
    {"1969-12-31T23:59:59.5Z", "1969-12-31T23:59:59.5Z"},
    {"0001-01-01T00:00Z", "0001-01-01T00:00:00Z"},
    {"9999-12-31T23:59:59.999999999Z", "9999-12-31T23:59:59.999999999Z"},
};

/* Each spelling refused, and why. */
static const struct {
    const char *text, *why;
} refused[] = {
    {"2026-10-07T09:14", "no offset from UTC"},
    {"2026-10-07 09:14:30.5", "no offset from UTC"},
    {"", "not a date and time"},
    {"2026-10-07t09:14Z", "not a date and time"},
    {"2026-10-07  09:14Z", "not a date and time"},
    {"2026-10-07_09:14Z", "not a date and time"},
    {"20261007T0914Z", "not a date and time"},
    {" 2026-10-07T09:14Z", "not a date and time"},
    {"2026-13-01T00:00Z", "not a date of the calendar"},
    {"2026-02-29T00:00Z", "not a date of the calendar"},
    {"2026-10-07T24:00Z", "not a time of day"},
    {"2026-10-07T09:60Z", "not a time of day"},
    {"2026-10-07T9:14Z", "not a date and time"},
    {"2026-10-07T09:14:60Z", "seconds not from 00 to 59"},
    {"2026-10-07T09:14:5Z", "seconds not from 00 to 59"},
    {"2026-10-07T09:14:00.Z", "no digits after the decimal point"},
    {"2026-10-07T09:14:00.1234567891Z", "more than 9 decimal places of a second"},
    {"2026-10-07T09:14:00,5Z", "a malformed offset"},
    {"2026-10-07T09:14.5Z", "a malformed offset"},
    {"2026-10-07T09:14z", "a malformed offset"},
    {"2026-10-07T09:14 Z", "a malformed offset"},
    {"2026-10-07T09:14+1:00", "a malformed offset"},
    {"2026-10-07T09:14+01:0", "a malformed offset"},
    {"2026-10-07T09:14+010", "a malformed offset"},
    {"2026-10-07T09:14+1", "a malformed offset"},
    {"2026-10-07T09:14+01:00:00", "a malformed offset"},
    {"2026-10-07T09:14Z extra", "a malformed offset"},
    {"2026-10-07T09:14+19:00", "an offset out of range"},
    {"2026-10-07T09:14+01:60", "an offset out of range"},
    {"9999-12-31T23:59-12:00", "outside the years 1 to 9999 in UTC"},
    {"0001-01-01T00:00+14:00", "outside the years 1 to 9999 in UTC"},
};

static void test_iso_timestamps_accepted(void **state)
{
    (void)state;
    char buf[TZ_TEXT_MAX];
    for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++) {
        Instant t = 0;
        const char *why = NULL;
        if (tz_parse_iso(accepted[i].text, &t, &why) != 0)
            fail_msg("refused \"%s\": %s", accepted[i].text, why);
        tz_format_utc(t, buf);
        if (strcmp(buf, accepted[i].utc) != 0)
            fail_msg("\"%s\" read as %s, not %s", accepted[i].text, buf, accepted[i].utc);
    }
}

static void test_iso_timestamps_refused(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        Instant t = 0;
        const char *why = NULL;
        if (tz_parse_iso(refused[i].text, &t, &why) != -1)
            fail_msg("accepted \"%s\"", refused[i].text);
        if (why == NULL || strcmp(why, refused[i].why) != 0)
            fail_msg("\"%s\" refused as \"%s\", not \"%s\"", refused[i].text, why ? why : "",
                     refused[i].why);
    }
    Instant t;
    assert_int_equal(tz_parse_iso(NULL, &t, NULL), -1); /* why may be NULL */
}

/* Instants count nanoseconds exactly: differences, and the negative ones before 1970. */
static void test_iso_timestamps_exact(void **state)
{
    (void)state;
    Instant t, u;
    assert_int_equal(tz_parse_iso("2026-10-07T09:14Z", &t, NULL), 0);
    assert_int_equal(tz_parse_iso("2026-10-07 10:14:30.25+01:00", &u, NULL), 0);
    assert_true(u - t == (Instant)30250000000LL);
    assert_int_equal(tz_parse_iso("2026-10-07T09:14:00.000000001Z", &u, NULL), 0);
    assert_true(u - t == 1);
    assert_int_equal(tz_parse_iso("1969-12-31T23:59:59Z", &u, NULL), 0);
    assert_true(u == -TZ_SECOND);
    assert_int_equal(tz_parse_iso("1969-12-31T23:59:59.75Z", &u, NULL), 0);
    assert_true(u == -TZ_SECOND / 4);
    /* the first and last nanoseconds of the years 1 to 9999 */
    assert_int_equal(tz_parse_iso("9999-12-31T23:59:59.999999999Z", &u, NULL), 0);
    assert_int_equal(tz_parse_iso("0001-01-01T00:00:00.000000001Z", &t, NULL), 0);
    /* 3652059 days, each of 86400 s, less two nanoseconds: 3.2e20, past 64 bits */
    assert_true(u - t == (Instant)315537897600LL * TZ_SECOND - 2);
    /* in a zone: the fraction is kept, the offset is the zone's */
    TimeZone london = zone("Europe/London");
    char buf[TZ_TEXT_MAX];
    assert_int_equal(tz_parse_iso("2026-10-07T09:14:00.5Z", &u, NULL), 0);
    tz_format_local(&london, u, buf);
    assert_string_equal(buf, "2026-10-07T10:14:00.5+01:00");
    assert_int_equal(tz_offset(&london, u), 3600);
    Date d;
    int minute;
    tz_to_local(&london, u, &d, &minute);
    assert_int_equal(minute, 10 * 60 + 14);
    /* half a second before the clocks go back (01:00Z on 25 October 2026) is still BST */
    assert_int_equal(tz_parse_iso("2026-10-25T00:59:59.5Z", &u, NULL), 0);
    assert_int_equal(tz_offset(&london, u), 3600);
    tz_format_local(&london, u, buf);
    assert_string_equal(buf, "2026-10-25T01:59:59.5+01:00");
    assert_int_equal(tz_offset(&london, u + TZ_SECOND / 2), 0);
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
        cmocka_unit_test(test_iso_timestamps_accepted),
        cmocka_unit_test(test_iso_timestamps_refused),
        cmocka_unit_test(test_iso_timestamps_exact),
        cmocka_unit_test(test_day_numbers_and_weekdays),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
