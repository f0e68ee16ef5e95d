#include "calendar.h"

#include <stdio.h>
#include <string.h>

/* Reads n ASCII digits at s; -1 when any of them is not a digit. */
static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int calendar_is_leap(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int calendar_days_in_month(int year, int month)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    return month == 2 && calendar_is_leap(year) ? 29 : days[month - 1];
}

int calendar_parse_date(const char *s, Date *out)
{
    if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 1 || m < 1 || m > 12 || d < 1 || d > calendar_days_in_month(y, m))
        return -1;
    out->year = y;
    out->month = m;
    out->day = d;
    return 0;
}

/* The modulos only tell the compiler the fields fit; a valid Date is unchanged by them. */
void calendar_format_date(Date d, char *buf)
{
    snprintf(buf, 11, "%04u-%02u-%02u", (unsigned)d.year % 10000u, (unsigned)d.month % 100u,
             (unsigned)d.day % 100u);
}

int calendar_date_cmp(Date a, Date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    return a.day < b.day ? -1 : a.day > b.day;
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil): counting from March makes the
 * leap day the last of the "year", so each 400-year era has the same shape. */
static long days_from_civil(Date d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;                         /* 0..399 */
    long mp = (d.month + 9) % 12;                     /* March is 0 */
    long doy = (153 * mp + 2) / 5 + d.day - 1;        /* 0..365 */
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy; /* 0..146096 */
    return era * 146097 + doe - 719468;
}

long calendar_day_number(Date d)
{
    return days_from_civil(d);
}

/* The inverse (Howard Hinnant's civil_from_days). */
Date calendar_from_day_number(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;                                      /* 0..146096 */
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365; /* 0..399 */
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);               /* 0..365 */
    long mp = (5 * doy + 2) / 153;                                    /* 0..11, March is 0 */
    int day = (int)(doy - (153 * mp + 2) / 5 + 1);
    int month = (int)(mp < 10 ? mp + 3 : mp - 9);
    return (Date){(int)(yoe + era * 400 + (month <= 2)), month, day};
}

int calendar_weekday(Date d)
{
    long z = days_from_civil(d);
    return (int)(((z % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday (4) */
}

long calendar_days_between(Date a, Date b)
{
    return days_from_civil(b) - days_from_civil(a);
}

long calendar_period_days(const Period *p)
{
    return calendar_days_between(p->start, p->end) + 1;
}

const char *calendar_period_kind_name(PeriodKind kind)
{
    return kind == PERIOD_MONTH ? "month" : kind == PERIOD_QUARTER ? "quarter" : "year";
}

/* Fills the period covering months first..last of year (1..9999; the unsigned modulo only
 * tells the compiler the id fits). */
static void period_fill(Period *p, PeriodKind kind, int year, int first, int last)
{
    unsigned y = (unsigned)year % 10000u, m = (unsigned)first % 100u;
    p->kind = kind;
    p->start = (Date){year, first, 1};
    p->end = (Date){year, last, calendar_days_in_month(year, last)};
    if (kind == PERIOD_MONTH)
        snprintf(p->id, sizeof p->id, "%04u-%02u", y, m);
    else if (kind == PERIOD_QUARTER)
        snprintf(p->id, sizeof p->id, "%04u-Q%u", y, (m + 2) / 3);
    else
        snprintf(p->id, sizeof p->id, "%04u", y);
}

/* Recognises the three forms exactly (no signs, spaces or short years): the kind, the year
 * and the first month, or -1. */
static int period_form(const char *s, PeriodKind *kind, int *year, int *first)
{
    size_t len = strlen(s);
    *year = len >= 4 ? digits(s, 4) : -1;
    if (*year < 1)
        return -1;
    if (len == 4) {
        *kind = PERIOD_YEAR;
        *first = 1;
        return 0;
    }
    if (len != 7 || s[4] != '-')
        return -1;
    if (s[5] == 'Q') {
        int q = digits(s + 6, 1);
        *kind = PERIOD_QUARTER;
        *first = 3 * q - 2;
        return q >= 1 && q <= 4 ? 0 : -1;
    }
    *kind = PERIOD_MONTH;
    *first = digits(s + 5, 2);
    return *first >= 1 && *first <= 12 ? 0 : -1;
}

static int period_scan(const char *s, Period *out)
{
    PeriodKind kind;
    int year, first;
    if (period_form(s, &kind, &year, &first) != 0)
        return -1;
    period_fill(out, kind, year, first,
                kind == PERIOD_YEAR      ? 12
                : kind == PERIOD_QUARTER ? first + 2
                                         : first);
    return 0;
}

int calendar_period_kind(const char *s, PeriodKind *kind)
{
    int year, first;
    return s != NULL && period_form(s, kind, &year, &first) == 0 ? 0 : -1;
}

int calendar_parse_period(const char *s, Period *out, OceError *err)
{
    Period p;
    if (s == NULL || period_scan(s, &p) != 0)
        return error_set(err, OCE_EPERIOD, NULL, 0,
                         "period \"%.40s\": expected YYYY-MM (a month), YYYY-Qn (a quarter) or "
                         "YYYY (a year)",
                         s ? s : "");
    *out = p;
    return 0;
}

Period calendar_period_of(Date d, PeriodKind kind)
{
    Period p;
    int first = kind == PERIOD_MONTH     ? d.month
                : kind == PERIOD_QUARTER ? (d.month - 1) / 3 * 3 + 1
                                         : 1;
    int last = kind == PERIOD_MONTH ? d.month : kind == PERIOD_QUARTER ? first + 2 : 12;
    period_fill(&p, kind, d.year, first, last);
    return p;
}

Date calendar_next_day(Date d)
{
    if (d.day < calendar_days_in_month(d.year, d.month))
        return (Date){d.year, d.month, d.day + 1};
    return d.month < 12 ? (Date){d.year, d.month + 1, 1} : (Date){d.year + 1, 1, 1};
}

Date calendar_add_years(Date d, int n)
{
    Date r = {d.year + n, d.month, d.day};
    if (r.day > calendar_days_in_month(r.year, r.month))
        r.day = calendar_days_in_month(r.year, r.month);
    return r;
}

int calendar_period_next(const Period *p, Period *out)
{
    if (p->end.year == 9999 && p->end.month == 12)
        return -1;
    *out = calendar_period_of(calendar_next_day(p->end), p->kind);
    return 0;
}
