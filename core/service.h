/*
 * service: a contract's service calendar, the hours in which outages count: 24x7, or a
 * weekly calendar of service hours in the contract's time zone with public holidays off; and
 * its maintenance windows, weekly (Sundays 02:00 to 04:00) and one-off, in local time. It
 * turns them into the spans of instants they cover between two instants, each day measured in
 * its own time zone, so a week with a daylight-saving change has its hour more or less.
 */
#ifndef OCE_SERVICE_H
#define OCE_SERVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "spans.h"
#include "tz.h"

/* Hours of one day, in minutes from local midnight: from < to on the day (to up to 1440), to
 * <= from past midnight into the next day, from == to none. */
typedef struct DayHours {
    int from, to;
} DayHours;

typedef struct WeeklyWindow {
    int weekday; /* 0 Sunday ... 6 Saturday */
    DayHours hours;
} WeeklyWindow;

typedef struct OnceWindow {
    Date from_day, to_day; /* local */
    int from, to;          /* minutes of those days */
} OnceWindow;

typedef struct ServiceCalendar {
    TimeZone tz;
    bool always;          /* 24x7 */
    DayHours week[7];     /* else the hours of each weekday, 0 Sunday */
    const Date *holidays; /* no service hours; sorted */
    size_t nholidays;
    const WeeklyWindow *weekly; /* maintenance */
    size_t nweekly;
    const OnceWindow *once;
    size_t nonce;
} ServiceCalendar;

/* The instants of local day first at 00:00 and of the midnight ending local day last. */
void service_bounds(const ServiceCalendar *sc, Date first, Date last, Instant *from, Instant *to);

/* The service hours, and the maintenance windows, within [from, to), into out (initialised
 * here, in arena). -1 when out of memory. */
int service_hours(const ServiceCalendar *sc, Instant from, Instant to, Arena *arena, Spans *out);
int service_maintenance(const ServiceCalendar *sc, Instant from, Instant to, Arena *arena,
                        Spans *out);

#endif
