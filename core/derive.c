#include "derive.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
}

static bool excluded(const IncidentPolicy *p, const char *cause)
{
    for (size_t i = 0; i < p->nexcluded; i++)
        if (strcmp(p->excluded[i], cause) == 0)
            return true;
    return false;
}

static int by_start(const void *a, const void *b)
{
    const Incident *x = *(const Incident *const *)a, *y = *(const Incident *const *)b;
    if (x->start != y->start)
        return x->start < y->start ? -1 : 1;
    return strcmp(x->id, y->id);
}

/* Accounts for one incident of a service; claimed holds the service's counted downtime so far. */
static int account(const IncidentReport *r, const Spans *st, const Spans *mw, const Incident *inc,
                   Spans *claimed, Arena *arena, Finding *f)
{
    const IncidentPolicy *p = r->policy;
    memset(f, 0, sizeof *f);
    f->incident = inc;
    f->from = inc->start > r->from ? inc->start : r->from;
    f->to = inc->open || inc->end > r->to ? r->to : inc->end;
    Spans span, in, eligible, fresh, maint;
    spans_init(&span, arena);
    if (spans_add(&span, f->from, f->to) != 0 || spans_intersect(&span, st, &in) != 0 ||
        spans_intersect(&in, mw, &maint) != 0 || spans_subtract(&in, mw, &eligible) != 0)
        return -1;
    f->outside = (long long)(f->to - f->from) - spans_length(&in);
    f->maintenance = spans_length(&maint);
    f->counted_cause = !excluded(p, inc->cause);
    if (f->counted_cause) {
        if (spans_subtract(&eligible, claimed, &fresh) != 0)
            return -1;
        f->counted = spans_length(&fresh);
        f->overlap = spans_length(&eligible) - f->counted;
        for (size_t i = 0; i < fresh.n; i++)
            if (spans_add(claimed, fresh.v[i].from, fresh.v[i].to) != 0)
                return -1;
    } else {
        f->excluded_cause = spans_length(&eligible);
    }
    /* Whether it counts against the vendor is a matter of the whole incident, not of its part
     * in this period: it counts in the period it starts in and its restore time in the one it
     * is restored in, and either may hold no service hours of it. */
    f->restored = !inc->open && inc->end > r->from && inc->end <= r->to;
    /* (An open incident is looked at over its last year and a bit at most: one opened in
     * error decades ago must not cost the calendar of decades.) */
    Instant end = inc->open ? r->to : inc->end;
    Instant back = r->from - (Instant)400 * 86400 * TZ_SECOND;
    Instant start = inc->open && inc->start < back ? back : inc->start;
    Spans hours, during, windows, agreed;
    spans_init(&during, arena);
    if (service_hours(p->calendar, start, end, arena, &hours) != 0 ||
        service_maintenance(p->calendar, start, end, arena, &windows) != 0 ||
        spans_subtract(&hours, &windows, &agreed) != 0 || spans_add(&during, start, end) != 0 ||
        spans_intersect(&during, &agreed, &span) != 0)
        return -1;
    f->against = f->counted_cause && (spans_length(&span) > 0 || f->counted + f->overlap > 0);
    if (f->restored) { /* in service hours, the clock stops outside them and in windows */
        f->restore_clock = (long long)(inc->end - inc->start); /* at most a year */
        f->restore_service = spans_length(&span);
    }
    return 0;
}

int derive_report(const IncidentPolicy *policy, const IncidentLog *log, Instant from, Instant to,
                  Arena *arena, IncidentReport *out, OceError *err)
{
    memset(out, 0, sizeof *out);
    out->from = from;
    out->to = to;
    out->policy = policy;
    Spans st, mw;
    if (service_hours(policy->calendar, from, to, arena, &st) != 0 ||
        service_maintenance(policy->calendar, from, to, arena, &mw) != 0)
        return nomem(err);
    /* The agreed service time: service hours less the maintenance windows in them. */
    Spans agreed;
    if (spans_subtract(&st, &mw, &agreed) != 0)
        return nomem(err);
    out->service_time = spans_length(&agreed);
    const Incident **touching = arena_alloc(arena, (log->n + 1) * sizeof *touching);
    out->v = arena_alloc(arena, (log->n + 1) * sizeof *out->v);
    if (touching == NULL || out->v == NULL)
        return nomem(err);
    for (size_t s = 0; s < policy->nservices; s++) {
        size_t n = 0;
        for (size_t i = 0; i < log->n; i++) {
            const Incident *inc = &log->v[i];
            if (strcmp(inc->service, policy->services[s]) == 0 && inc->start < to &&
                (inc->open || inc->end > from || (inc->end == inc->start && inc->start >= from)))
                touching[n++] = inc;
        }
        qsort(touching, n, sizeof *touching, by_start);
        Spans claimed;
        spans_init(&claimed, arena);
        /* What accounting for one incident needs is given back after it: only the service's
         * counted downtime (claimed) and the findings stay. */
        Arena scratch;
        arena_init(&scratch);
        int rc = 0;
        for (size_t k = 0; k < n && rc == 0; k++) {
            rc = account(out, &st, &mw, touching[k], &claimed, &scratch, &out->v[out->n++]);
            arena_reset(&scratch);
        }
        arena_free(&scratch);
        if (rc != 0)
            return nomem(err);
    }
    return 0;
}

/* num / den rounded to places by mode: num >= 0, den > 0. */
static Money ratio(__int128 num, __int128 den, int places, MoneyRounding mode)
{
    __int128 scale = 1;
    for (int i = 0; i < places; i++)
        scale *= 10;
    __int128 n = num * scale, q = n / den, rem = n % den;
    int up = mode == MONEY_UP || mode == MONEY_CEILING ? rem > 0
             : mode == MONEY_HALF_UP                   ? 2 * rem >= den
             : mode == MONEY_HALF_EVEN ? 2 * rem > den || (2 * rem == den && q % 2 != 0)
                                       : 0;
    q += up;
    for (int i = places; i < MONEY_SCALE; i++)
        q *= 10;
    Money m = money_zero("");
    m.units = q;
    return m;
}

static bool matches(const Finding *f, const Derivation *d)
{
    return (d->service == NULL || strcmp(f->incident->service, d->service) == 0) &&
           (d->severity == NULL || strcmp(f->incident->severity, d->severity) == 0);
}

_Static_assert(MONEY_SCALE == 9, "a Money of seconds counts nanoseconds");

/* Nanoseconds as the exact decimal of seconds they are: Money counts billionths. */
static Money exact_seconds(__int128 ns)
{
    Money m = money_zero("");
    m.units = ns;
    return m;
}

/* A duration of nanoseconds as text: seconds ("1530.25"), or minutes or hours ("25.5"), exact
 * to two places when it can be, else rounded. */
static const char *seconds(Arena *arena, __int128 ns)
{
    char buf[MONEY_STR_MAX];
    money_format(exact_seconds(ns), -1, buf, sizeof buf);
    return arena_strdup(arena, buf);
}

static const char *minutes(Arena *arena, __int128 ns)
{
    char buf[MONEY_STR_MAX];
    money_format(ratio(ns, 60 * TZ_SECOND, 2, MONEY_HALF_EVEN), -1, buf, sizeof buf);
    return arena_strdup(arena, buf);
}

static const char *hours(Arena *arena, __int128 ns)
{
    char buf[MONEY_STR_MAX];
    money_format(ratio(ns, 3600 * TZ_SECOND, 2, MONEY_HALF_EVEN), -1, buf, sizeof buf);
    return arena_strdup(arena, buf);
}

/* The services a derivation covers, and the counted nanoseconds down in them. */
static __int128 counted_down(const IncidentReport *r, const Derivation *d, size_t *nservices,
                             size_t *nincidents)
{
    __int128 down = 0;
    *nincidents = 0;
    for (size_t i = 0; i < r->n; i++)
        if (matches(&r->v[i], d) && r->v[i].counted > 0) {
            down += r->v[i].counted;
            (*nincidents)++;
        }
    *nservices = d->service ? 1 : r->policy->nservices;
    return down;
}

int derive_value(const IncidentReport *r, const Derivation *d, Arena *arena, Money *out,
                 const char **explanation, OceError *err)
{
    char value[3 * MONEY_STR_MAX];
    const char *what = d->service ? d->service : "all services";
    const char *sev = d->severity ? d->severity : "";
    size_t nservices, nincidents;
    __int128 down = counted_down(r, d, &nservices, &nincidents);
    const char *text = NULL;
    if (d->measure == MEASURE_AVAILABILITY) {
        __int128 total = (__int128)r->service_time * nservices;
        if (total == 0)
            return error_set(err, OCE_EOUTCOMES, NULL, 0,
                             "availability of %s: the period has no service hours", what);
        *out = ratio((__int128)(total - down) * 100, total, d->places, d->rounding);
        money_format(*out, d->places, value, sizeof value);
        char exact[MONEY_STR_MAX];
        Money cut = ratio((__int128)(total - down) * 100, total, 9, MONEY_DOWN);
        int cmp = 0;
        money_format(cut, -1, exact, sizeof exact);
        char how[2 * MONEY_STR_MAX] = "";
        if (money_cmp(cut, *out, &cmp, NULL) == 0 && cmp != 0) /* what was rounded, and how */
            snprintf(how, sizeof how, " (%s%s, rounded %s)", exact,
                     money_places(cut) == 9 ? "..." : "", money_rounding_name(d->rounding));
        text = arena_printf(
            arena,
            "availability of %s: %s hours of agreed service time%s, %s minutes counted down by "
            "%zu incident%s: 100 x (%s - %s) / %s seconds = %s %%%s",
            what, hours(arena, r->service_time),
            nservices > 1 ? arena_printf(arena, " for each of %zu services", nservices) : "",
            minutes(arena, down), nincidents, nincidents == 1 ? "" : "s", seconds(arena, total),
            seconds(arena, down), seconds(arena, total), value, how);
    } else if (d->measure == MEASURE_DOWNTIME) {
        *out = ratio(down, 60 * TZ_SECOND, d->places, d->rounding);
        text = arena_printf(arena,
                            "downtime of %s counted against the vendor: %s seconds in %zu "
                            "incident%s",
                            what, seconds(arena, down), nincidents, nincidents == 1 ? "" : "s");
    } else if (d->measure == MEASURE_EXCLUDED) {
        __int128 ex = 0;
        for (size_t i = 0; i < r->n; i++)
            if (matches(&r->v[i], d))
                ex += (__int128)r->v[i].maintenance + r->v[i].excluded_cause;
        *out = ratio(ex, 60 * TZ_SECOND, d->places, d->rounding);
        text = arena_printf(arena,
                            "downtime of %s not counted: %s seconds in maintenance windows or "
                            "of excluded causes",
                            what, seconds(arena, ex));
    } else if (d->measure == MEASURE_INCIDENTS) {
        long long n = 0;
        for (size_t i = 0; i < r->n; i++) {
            const Finding *f = &r->v[i];
            n += matches(f, d) && f->against && f->incident->start >= r->from &&
                 f->incident->start < r->to;
        }
        *out = money_from_int(n);
        text = arena_printf(arena,
                            "%lld %s%sincident%s of %s starting in the period, counted "
                            "against the vendor",
                            n, sev, sev[0] ? " " : "", n == 1 ? "" : "s", what);
    } else {
        long long worst = 0, n = 0, breaches = 0;
        __int128 sum = 0;
        Money limit;
        if (money_mul(d->within, money_from_int(3600), &limit, err) != 0)
            return -1;
        for (size_t i = 0; i < r->n; i++) {
            const Finding *f = &r->v[i];
            if (!matches(f, d) || !f->against || !f->restored)
                continue;
            long long s = d->service_hours ? f->restore_service : f->restore_clock;
            int cmp = 0;
            if (money_cmp(exact_seconds(s), limit, &cmp, err) != 0)
                return -1;
            worst = s > worst ? s : worst;
            sum += s;
            n++;
            breaches += cmp > 0;
        }
        const char *clock = d->service_hours ? "service" : "clock";
        if (d->measure == MEASURE_WORST_RESTORE)
            *out = ratio(worst, 3600 * TZ_SECOND, d->places, d->rounding);
        else if (d->measure == MEASURE_MEAN_RESTORE)
            *out = n ? ratio(sum, (__int128)n * 3600 * TZ_SECOND, d->places, d->rounding)
                     : money_zero("");
        else
            *out = money_from_int(breaches);
        money_format(*out, d->places, value, sizeof value);
        char within[MONEY_STR_MAX];
        money_format(d->within, -1, within, sizeof within);
        text = d->measure == MEASURE_BREACHES
                   ? arena_printf(arena,
                                  "%lld of %lld %s%sincident%s of %s restored in the period took "
                                  "more than %s %s hours",
                                  breaches, n, sev, sev[0] ? " " : "", n == 1 ? "" : "s", what,
                                  within, clock)
               : n == 0
                   ? arena_printf(arena, "no %s%sincident of %s was restored in the period", sev,
                                  sev[0] ? " " : "", what)
                   : arena_printf(arena,
                                  "%s of %lld %s%sincident%s of %s restored in the period: "
                                  "%s %s hours",
                                  d->measure == MEASURE_WORST_RESTORE ? "the longest restore"
                                                                      : "the mean restore",
                                  n, sev, sev[0] ? " " : "", n == 1 ? "" : "s", what, value, clock);
    }
    *explanation = text;
    return text != NULL ? 0 : nomem(err);
}
