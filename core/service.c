#include "service.h"

#include <stdlib.h>
#include <string.h>

void service_bounds(const ServiceCalendar *sc, Date first, Date last, Instant *from, Instant *to)
{
    *from = tz_local(&sc->tz, first, 0);
    *to = tz_local(&sc->tz, last, 1440);
}

static int by_date(const void *a, const void *b)
{
    return calendar_date_cmp(*(const Date *)a, *(const Date *)b);
}

static bool holiday(const ServiceCalendar *sc, Date d)
{
    return sc->nholidays > 0 &&
           bsearch(&d, sc->holidays, sc->nholidays, sizeof *sc->holidays, by_date) != NULL;
}

/* Adds hours h of local day d, clipped to [from, to). */
static int add_day(const ServiceCalendar *sc, Spans *out, Date d, DayHours h, Instant from,
                   Instant to)
{
    if (h.from == h.to)
        return 0;
    Instant a = tz_local(&sc->tz, d, h.from);
    Instant b = h.to > h.from
                    ? tz_local(&sc->tz, d, h.to)
                    : tz_local(&sc->tz, calendar_from_day_number(calendar_day_number(d) + 1), h.to);
    if (a < from)
        a = from;
    if (b > to)
        b = to;
    return spans_add(out, a, b);
}

/* The local days that may hold a part of [from, to): a day either side, for windows that run
 * past midnight and for offsets. */
static void days(const ServiceCalendar *sc, Instant from, Instant to, long *first, long *last)
{
    Date d;
    int minute;
    tz_to_local(&sc->tz, from, &d, &minute);
    *first = calendar_day_number(d) - 1;
    tz_to_local(&sc->tz, to, &d, &minute);
    *last = calendar_day_number(d) + 1;
}

int service_hours(const ServiceCalendar *sc, Instant from, Instant to, Arena *arena, Spans *out)
{
    spans_init(out, arena);
    if (sc->always)
        return spans_add(out, from, to);
    long first, last;
    days(sc, from, to, &first, &last);
    for (long n = first; n <= last; n++) {
        Date d = calendar_from_day_number(n);
        if (!holiday(sc, d) && add_day(sc, out, d, sc->week[calendar_weekday(d)], from, to) != 0)
            return -1;
    }
    return 0;
}

int service_maintenance(const ServiceCalendar *sc, Instant from, Instant to, Arena *arena,
                        Spans *out)
{
    spans_init(out, arena);
    long first, last;
    days(sc, from, to, &first, &last);
    for (long n = first; n <= last && sc->nweekly > 0; n++) {
        Date d = calendar_from_day_number(n);
        for (size_t k = 0; k < sc->nweekly; k++)
            if (sc->weekly[k].weekday == calendar_weekday(d) &&
                add_day(sc, out, d, sc->weekly[k].hours, from, to) != 0)
                return -1;
    }
    for (size_t k = 0; k < sc->nonce; k++) {
        const OnceWindow *w = &sc->once[k];
        Instant a = tz_local(&sc->tz, w->from_day, w->from),
                b = tz_local(&sc->tz, w->to_day, w->to);
        if (spans_add(out, a > from ? a : from, b < to ? b : to) != 0)
            return -1;
    }
    return 0;
}
