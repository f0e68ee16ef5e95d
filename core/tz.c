#include "tz.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The zone the C library is set to; it reads TZ, so oce sets it for each zone it asks about. */
static char current[TZ_NAME_MAX + 1];

static void use(const TimeZone *z)
{
    if (strcmp(current, z->name) == 0)
        return;
    char tz[TZ_NAME_MAX + 2];
    snprintf(tz, sizeof tz, ":%s", z->name);
    setenv("TZ", tz, 1);
    tzset();
    snprintf(current, sizeof current, "%s", z->name);
}

/* Whether name could be a zone file's path under the database: letters, digits, '_', '-',
 * '+' and '/', no empty or dot-led part ("..", "/etc/passwd" and "Europe/" are not). */
static int plausible(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n >= TZ_NAME_MAX || name[0] == '/' || name[n - 1] == '/')
        return 0;
    for (size_t i = 0; i < n; i++) {
        char c = name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '_' || c == '-' || c == '+' || c == '/';
        if (!ok || (c == '/' && name[i + 1] == '/') || ((i == 0 || name[i - 1] == '/') && c == '-'))
            return 0;
    }
    return 1;
}

int tz_open(const char *name, TimeZone *out, OceError *err)
{
    const char *dir = getenv("TZDIR");
    char path[512];
    snprintf(path, sizeof path, "%s/%s", dir && dir[0] ? dir : "/usr/share/zoneinfo",
             name ? name : "");
    /* localtime is the machine's own zone, and right/ zones count leap seconds: neither
     * settles the same on every machine. */
    int portable = name && strcmp(name, "localtime") != 0 && strcmp(name, "posixrules") != 0 &&
                   strncmp(name, "right/", 6) != 0;
    FILE *f = portable && plausible(name) ? fopen(path, "rb") : NULL;
    char magic[4] = {0};
    int ok = f != NULL && fread(magic, 1, 4, f) == 4 && memcmp(magic, "TZif", 4) == 0;
    if (f != NULL)
        fclose(f);
    if (!ok)
        return error_set(err, OCE_ECONTRACT, NULL, 0,
                         "unknown time zone '%.60s' (expected an IANA name such as "
                         "Europe/London or America/New_York, from the tzdata package)",
                         name ? name : "");
    snprintf(out->name, sizeof out->name, "%s", name);
    return 0;
}

/* Seconds from the epoch to d at minute, as if the clocks showed UTC. */
static long long wall(Date d, int minute)
{
    return (long long)calendar_day_number(d) * 86400 + (long long)minute * 60;
}

/* The whole seconds of t, rounded down (before 1970 too). */
static long long whole_seconds(Instant t)
{
    Instant q = t / TZ_SECOND;
    return (long long)(q * TZ_SECOND > t ? q - 1 : q);
}

/* The offset of z at the second t of the epoch. */
static long offset_at(const TimeZone *z, long long t)
{
    use(z);
    time_t tt = (time_t)t;
    struct tm tm;
    if (localtime_r(&tt, &tm) == NULL)
        return 0;
    Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    long long local = wall(d, tm.tm_hour * 60 + tm.tm_min) + tm.tm_sec;
    return (long)(local - t);
}

/* The clocks change on whole seconds, so the second t is in holds the offset at t. */
long tz_offset(const TimeZone *z, Instant t)
{
    return offset_at(z, whole_seconds(t));
}

Instant tz_local(const TimeZone *z, Date d, int minute)
{
    long long w = wall(d, minute);
    /* The offsets in force half a day either side: at most one change lies between. */
    long before = offset_at(z, w - 43200), after = offset_at(z, w + 43200);
    long long a = w - before, b = w - after;
    int a_ok = a + offset_at(z, a) == w, b_ok = b + offset_at(z, b) == w;
    long long t = a; /* skipped: read with the offset before the change */
    if (a_ok && b_ok)
        t = a < b ? a : b; /* passed twice: the first */
    else if (a_ok || b_ok)
        t = a_ok ? a : b;
    return (Instant)t * TZ_SECOND;
}

/* Day number and second of the day of a count of seconds. */
static long long day_of(long long secs, long long *rest)
{
    long long days = secs >= 0 ? secs / 86400 : -((-secs + 86399) / 86400);
    *rest = secs - days * 86400;
    return days;
}

void tz_to_local(const TimeZone *z, Instant t, Date *d, int *minute)
{
    long long secs = whole_seconds(t), rest;
    long long days = day_of(secs + offset_at(z, secs), &rest);
    *d = calendar_from_day_number((long)days);
    *minute = (int)(rest / 60);
}

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

static int refuse(const char **why, const char *reason)
{
    if (why != NULL)
        *why = reason;
    return -1;
}

/* The fraction of a second after the '.' at *p, as nanoseconds; *p moves past it. */
static int fraction(const char **p, long long *ns, const char **why)
{
    const char *s = *p + 1;
    int n = 0;
    *ns = 0;
    while (s[n] >= '0' && s[n] <= '9') {
        if (n == 9)
            return refuse(why, "more than 9 decimal places of a second");
        *ns = *ns * 10 + (s[n] - '0');
        n++;
    }
    if (n == 0)
        return refuse(why, "no digits after the decimal point");
    for (int i = n; i < 9; i++)
        *ns *= 10;
    *p = s + n;
    return 0;
}

/* Z, +HH:MM, +HHMM or +HH (or -), the whole rest of the text: the offset in seconds. */
static int offset(const char *p, long *out, const char **why)
{
    if (p[0] == '\0')
        return refuse(why, "no offset from UTC");
    if (strcmp(p, "Z") == 0) {
        *out = 0;
        return 0;
    }
    size_t n = strlen(p);
    int oh = (p[0] == '+' || p[0] == '-') && (n == 3 || n == 5 || n == 6) ? digits(p + 1, 2) : -1;
    int om = oh < 0        ? -1
             : n == 3      ? 0
             : n == 5      ? digits(p + 3, 2)
             : p[3] == ':' ? digits(p + 4, 2)
                           : -1;
    if (oh < 0 || om < 0)
        return refuse(why, "a malformed offset");
    if (oh > 18 || om > 59)
        return refuse(why, "an offset out of range");
    *out = (oh * 60L + om) * 60L * (p[0] == '-' ? -1 : 1);
    return 0;
}

int tz_parse_iso(const char *s, Instant *out, const char **why)
{
    if (s == NULL || strlen(s) < 16 || (s[10] != 'T' && s[10] != ' ') || s[13] != ':')
        return refuse(why, "not a date and time");
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    Date d;
    int h = digits(s + 11, 2), m = digits(s + 14, 2), sec = 0;
    if (calendar_parse_date(date, &d) != 0)
        return refuse(why, "not a date of the calendar");
    if (h < 0 || h > 23 || m < 0 || m > 59)
        return refuse(why, "not a time of day");
    const char *p = s + 16;
    long long ns = 0;
    if (*p == ':') {
        sec = digits(p + 1, 2);
        if (sec < 0 || sec > 59)
            return refuse(why, "seconds not from 00 to 59");
        p += 3;
        if (*p == '.' && fraction(&p, &ns, why) != 0)
            return -1;
    }
    long off = 0;
    if (offset(p, &off, why) != 0)
        return -1;
    long long secs = wall(d, h * 60 + m) + sec - off;
    /* within the years 1 to 9999 in UTC too, as every date oce writes is */
    if (secs < wall((Date){1, 1, 1}, 0) || secs >= wall((Date){9999, 12, 31}, 1440))
        return refuse(why, "outside the years 1 to 9999 in UTC");
    *out = (Instant)secs * TZ_SECOND + ns;
    return 0;
}

/* t + off seconds as date and time, then the fraction of its second if any, then zone. */
static void format(Instant t, long off, char *buf, const char *zone)
{
    long long secs = whole_seconds(t), rest;
    long long ns = (long long)(t - (Instant)secs * TZ_SECOND);
    long long days = day_of(secs + off, &rest);
    Date d = calendar_from_day_number((long)days);
    char date[11], frac[12] = "";
    calendar_format_date(d, date);
    if (ns != 0) {
        snprintf(frac, sizeof frac, ".%09lld", ns);
        for (size_t n = strlen(frac); frac[n - 1] == '0'; n--)
            frac[n - 1] = '\0';
    }
    snprintf(buf, TZ_TEXT_MAX, "%sT%02lld:%02lld:%02lld%s%s", date, rest / 3600 % 100,
             rest / 60 % 60, rest % 60, frac, zone);
}

void tz_format_utc(Instant t, char *buf)
{
    format(t, 0, buf, "Z");
}

void tz_format_local(const TimeZone *z, Instant t, char *buf)
{
    long off = tz_offset(z, t);
    char zone[8];
    long a = off < 0 ? -off : off;
    snprintf(zone, sizeof zone, "%c%02ld:%02ld", off < 0 ? '-' : '+', a / 3600 % 100, a / 60 % 60);
    format(t, off, buf, zone);
}
