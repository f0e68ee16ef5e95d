/*
 * tz: instants, and the wall-clock time of a contract's time zone. An Instant is a count of
 * nanoseconds since 1970-01-01T00:00:00Z, exact for any timestamp of the years 1 to 9999 with
 * up to nine decimal places of a second; incident timestamps (ISO 8601 or RFC 3339, with an
 * offset or Z) are read into Instants, and the periods, service hours and maintenance windows
 * a contract states in its own local time are turned into Instants through the system's IANA
 * time zone database (tzdata), read by the C library. So a month is as long as it is in that
 * zone: October 2026 in Europe/London, with the clocks going back, has 745 hours.
 *
 * A local time the clocks skip (02:30 on the morning they go forward) is read with the offset
 * in force before the change, so it lands after it (03:30); one they pass twice (01:30 on the
 * morning they go back) is the first of the two.
 */
#ifndef OCE_TZ_H
#define OCE_TZ_H

#include "calendar.h"
#include "error.h"

/* 128 bits: the nanoseconds of the years 1 to 9999 do not fit in 64. A difference of two
 * Instants within a few centuries (a duration) fits a long long. */
__extension__ typedef __int128 Instant;

#define TZ_SECOND 1000000000LL /* an Instant's units in a second */
/* The longest text tz_format_utc and tz_format_local write, with its NUL:
 * "2026-10-07T09:14:00.123456789+01:00". */
#define TZ_TEXT_MAX 40

#define TZ_NAME_MAX 64

typedef struct TimeZone {
    char name[TZ_NAME_MAX]; /* "Europe/London", "UTC" */
} TimeZone;

/* Checks name is a zone of the database ("Europe/London"); fails (OCE_ECONTRACT, err's file
 * left for the caller) with "unknown time zone" otherwise, rather than falling back to UTC
 * as the C library would. */
int tz_open(const char *name, TimeZone *out, OceError *err);

/* The instant the clocks of zone z show date d at minute (0 to 1440; 1440 is the midnight
 * that ends the day). */
Instant tz_local(const TimeZone *z, Date d, int minute);

/* The offset of zone z from UTC at t, in seconds (3600 for BST). */
long tz_offset(const TimeZone *z, Instant t);

/* The local date and minute of the day (0 to 1439) of t in zone z. */
void tz_to_local(const TimeZone *z, Instant t, Date *d, int *minute);

/* Reads a timestamp as ISO 8601 and RFC 3339 write it, with its offset from UTC: the date
 * YYYY-MM-DD, T or a space, hours and minutes HH:MM, optional seconds :SS with an optional
 * fraction of 1 to 9 digits after a '.', then Z or an offset +HH:MM, +HHMM or +HH (or -).
 * "2026-10-07T09:14Z", "2026-10-07 10:14:30.250+01:00", "2026-10-07T04:14:30-0500".
 * -1 for anything else, or for an instant outside the years 1 to 9999 in UTC, with *why
 * (when why is not NULL) saying what is wrong ("no offset from UTC"); no error filled. */
int tz_parse_iso(const char *s, Instant *out, const char **why);

/* Writes t as "2026-10-07T08:14:00Z" into buf (TZ_TEXT_MAX bytes), with the fraction of a
 * second when there is one, shortest: "2026-10-07T08:14:00.25Z". */
void tz_format_utc(Instant t, char *buf);

/* Writes t in zone z as "2026-10-07T09:14:00+01:00" into buf (TZ_TEXT_MAX bytes), with the
 * fraction of a second as tz_format_utc. */
void tz_format_local(const TimeZone *z, Instant t, char *buf);

#endif
