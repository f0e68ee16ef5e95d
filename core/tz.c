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
static Instant wall(Date d, int minute)
{
    return (Instant)calendar_day_number(d) * 86400 + (Instant)minute * 60;
}

long tz_offset(const TimeZone *z, Instant t)
{
    use(z);
    time_t tt = (time_t)t;
    struct tm tm;
    if (localtime_r(&tt, &tm) == NULL)
        return 0;
    Date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    Instant local = wall(d, tm.tm_hour * 60 + tm.tm_min) + tm.tm_sec;
    return (long)(local - t);
}

Instant tz_local(const TimeZone *z, Date d, int minute)
{
    Instant w = wall(d, minute);
    /* The offsets in force half a day either side: at most one change lies between. */
    long before = tz_offset(z, w - 43200), after = tz_offset(z, w + 43200);
    Instant a = w - before, b = w - after;
    int a_ok = a + tz_offset(z, a) == w, b_ok = b + tz_offset(z, b) == w;
    if (a_ok && b_ok)
        return a < b ? a : b; /* passed twice: the first */
    if (a_ok || b_ok)
        return a_ok ? a : b;
    return a; /* skipped: read with the offset before the change */
}

void tz_to_local(const TimeZone *z, Instant t, Date *d, int *minute)
{
    Instant local = t + tz_offset(z, t);
    long long days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    *d = calendar_from_day_number((long)days);
    *minute = (int)((local - days * 86400) / 60);
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

int tz_parse_iso(const char *s, Instant *out)
{
    if (s == NULL || strlen(s) < 17 || s[10] != 'T' || s[13] != ':')
        return -1;
    char date[11];
    memcpy(date, s, 10);
    date[10] = '\0';
    Date d;
    int h = digits(s + 11, 2), m = digits(s + 14, 2), sec = 0;
    if (calendar_parse_date(date, &d) != 0 || h < 0 || h > 23 || m < 0 || m > 59)
        return -1;
    const char *p = s + 16;
    if (*p == ':') {
        sec = digits(p + 1, 2);
        if (sec < 0 || sec > 59)
            return -1;
        p += 3;
    }
    long offset = 0;
    if (strcmp(p, "Z") != 0) {
        int oh = strlen(p) == 6 && p[3] == ':' ? digits(p + 1, 2) : -1;
        int om = oh >= 0 ? digits(p + 4, 2) : -1;
        if ((p[0] != '+' && p[0] != '-') || oh < 0 || oh > 18 || om < 0 || om > 59)
            return -1;
        offset = (oh * 60L + om) * 60L * (p[0] == '-' ? -1 : 1);
    }
    *out = wall(d, h * 60 + m) + sec - offset;
    /* within the years 1 to 9999 in UTC too, as every date oce writes is */
    if (*out < wall((Date){1, 1, 1}, 0) || *out >= wall((Date){9999, 12, 31}, 1440))
        return -1;
    return 0;
}

static void format(Instant local, char *buf, size_t size, const char *zone)
{
    long long days = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    long long rest = local - days * 86400;
    Date d = calendar_from_day_number((long)days);
    char date[11];
    calendar_format_date(d, date);
    snprintf(buf, size, "%sT%02lld:%02lld:%02lld%s", date, rest / 3600 % 100, rest / 60 % 60,
             rest % 60, zone);
}

void tz_format_utc(Instant t, char *buf)
{
    format(t, buf, 21, "Z");
}

void tz_format_local(const TimeZone *z, Instant t, char *buf)
{
    long off = tz_offset(z, t);
    char zone[8];
    long a = off < 0 ? -off : off;
    snprintf(zone, sizeof zone, "%c%02ld:%02ld", off < 0 ? '-' : '+', a / 3600 % 100, a / 60 % 60);
    format(t + off, buf, 26, zone);
}
