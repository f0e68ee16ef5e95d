/*
 * tz: instants, and the wall-clock time of a contract's time zone. An Instant is a count of
 * seconds since 1970-01-01T00:00:00Z; incident timestamps (ISO 8601 with an offset or Z) are
 * read into Instants, and the periods, service hours and maintenance windows a contract
 * states in its own local time are turned into Instants through the system's IANA time zone
 * database (tzdata), read by the C library. So a month is as long as it is in that zone:
 * October 2026 in Europe/London, with the clocks going back, has 745 hours.
 *
 * A local time the clocks skip (02:30 on the morning they go forward) is read with the offset
 * in force before the change, so it lands after it (03:30); one they pass twice (01:30 on the
 * morning they go back) is the first of the two.
 */
#ifndef OCE_TZ_H
#define OCE_TZ_H

#include "calendar.h"
#include "error.h"

typedef long long Instant;

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

/* Reads "2026-10-07T09:14Z", "2026-10-07T09:14:30+01:00" or "...-05:00": date, T, hours and
 * minutes, optional seconds, then Z or an offset; -1 for anything else (no error filled). */
int tz_parse_iso(const char *s, Instant *out);

/* Writes t as "2026-10-07T08:14:00Z" into buf (at least 21 bytes). */
void tz_format_utc(Instant t, char *buf);

/* Writes t in zone z as "2026-10-07T09:14:00+01:00" into buf (at least 26 bytes). */
void tz_format_local(const TimeZone *z, Instant t, char *buf);

#endif
