/*
 * calendar: dates and settlement periods in the proleptic Gregorian calendar.
 *
 * A period is named the way finance speaks of it: "2026-10" (a month), "2026-Q4" (a quarter)
 * or "2026" (a year), and covers whole days from start to end inclusive. All types here are
 * plain values; nothing is allocated. No time zones: those come with incident logs.
 */
#ifndef OCE_CALENDAR_H
#define OCE_CALENDAR_H

#include "error.h"

typedef struct Date {
    int year;  /* 1..9999 */
    int month; /* 1..12 */
    int day;   /* 1..31 */
} Date;

typedef enum PeriodKind { PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR } PeriodKind;

typedef struct Period {
    char id[16]; /* canonical name: "2026-10", "2026-Q4", "2026" */
    PeriodKind kind;
    Date start; /* first day */
    Date end;   /* last day, inclusive */
} Period;

/* Strict "YYYY-MM-DD" of a real date; returns 0, or -1 with no error filled. */
int calendar_parse_date(const char *s, Date *out);
/* Writes "YYYY-MM-DD" into buf (at least 11 bytes). */
void calendar_format_date(Date d, char *buf);
int calendar_date_cmp(Date a, Date b);
int calendar_is_leap(int year);
int calendar_days_in_month(int year, int month);
/* Days since 1970-01-01 (negative before it), and the date of such a day number. */
long calendar_day_number(Date d);
Date calendar_from_day_number(long days);
/* 0 Sunday, 1 Monday ... 6 Saturday. */
int calendar_weekday(Date d);
/* Days from a to b (b - a); negative when b is before a. */
long calendar_days_between(Date a, Date b);
/* Number of days in the period. */
long calendar_period_days(const Period *p);

/* Parses a period name; on failure fills err (OCE_EPERIOD) with what was expected:
 * 'period "2026-13": expected YYYY-MM, YYYY-Qn or YYYY'. */
int calendar_parse_period(const char *s, Period *out, OceError *err);
/* Whether s is a period name as calendar_parse_period reads it (its own canonical name), and
 * its kind: 0, or -1 (no error filled). It fills no Period, so it is cheap enough for every row
 * of an input file. */
int calendar_period_kind(const char *s, PeriodKind *kind);
const char *calendar_period_kind_name(PeriodKind kind); /* "month", "quarter", "year" */
/* The period of the kind that holds day d. */
Period calendar_period_of(Date d, PeriodKind kind);
/* The period of the same kind after p; -1 past the year 9999. */
int calendar_period_next(const Period *p, Period *out);
/* The day after d, and the same day n years on (29 February becomes 28 February). */
Date calendar_next_day(Date d);
Date calendar_add_years(Date d, int n);

#endif
