#include "history.h"

#include <string.h>

#include <cJSON.h>

#include "writer.h"

typedef struct Doc {
    const char *what;
    Arena *arena;
    OceError *err;
    int bad; /* an error is filled */
} Doc;

static int broken(Doc *d, const char *fmt, const char *detail)
{
    if (!d->bad)
        error_set(d->err, OCE_EPERIOD, NULL, 0, "%s: %s%s", d->what, fmt, detail ? detail : "");
    d->bad = 1;
    return -1;
}

static const char *text(Doc *d, const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    if (s == NULL) {
        broken(d, "not a settlement document: no text for ", key);
        return NULL;
    }
    char *copy = arena_strdup(d->arena, s);
    if (copy == NULL && !d->bad) {
        error_set(d->err, OCE_ENOMEM, NULL, 0, "out of memory");
        d->bad = 1;
    }
    return copy;
}

static Money amount(Doc *d, const cJSON *o, const char *key, const char *currency)
{
    Money m = money_zero(currency);
    const char *s = text(d, o, key);
    OceError e;
    error_init(&e);
    if (s != NULL && money_parse(s, currency, &m, &e) != 0)
        broken(d, "not a settlement document: a bad amount for ", key);
    return m;
}

static void read_metrics(Doc *d, const cJSON *doc, const char *currency, HistoryPeriod *h)
{
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, "metrics");
    int n = cJSON_IsArray(a) ? cJSON_GetArraySize(a) : -1;
    if (n < 0) {
        broken(d, "not a settlement document: no metrics", NULL);
        return;
    }
    h->metrics = arena_alloc(d->arena, ((size_t)n + 1) * sizeof *h->metrics);
    if (h->metrics == NULL) {
        broken(d, "out of memory", NULL);
        return;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, a)
    {
        HistoryMetric *hm = &h->metrics[h->nmetrics++];
        const char *unit = text(d, m, "unit");
        hm->name = text(d, m, "name");
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, "value");
        const cJSON *met = cJSON_GetObjectItemCaseSensitive(m, "met");
        hm->present = !cJSON_IsNull(v) && v != NULL;
        hm->met = cJSON_IsBool(met) ? cJSON_IsTrue(met) : -1;
        if (hm->present && unit != NULL)
            hm->value = amount(d, m, "value", strcmp(unit, currency) == 0 ? currency : NULL);
    }
}

static void read_lines(Doc *d, const cJSON *doc, const char *currency, HistoryPeriod *h)
{
    static const char *const kinds[] = {"charge", "credit", "bonus", "share"};
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(doc, "lines");
    int n = cJSON_IsArray(a) ? cJSON_GetArraySize(a) : -1;
    if (n < 0) {
        broken(d, "not a settlement document: no lines", NULL);
        return;
    }
    h->lines = arena_alloc(d->arena, ((size_t)n + 1) * sizeof *h->lines);
    if (h->lines == NULL) {
        broken(d, "out of memory", NULL);
        return;
    }
    const cJSON *o;
    cJSON_ArrayForEach(o, a)
    {
        Line *l = &h->lines[h->nlines++];
        l->term = text(d, o, "term");
        const char *kind = text(d, o, "kind");
        size_t k = 0;
        while (kind && k < 4 && strcmp(kind, kinds[k]) != 0)
            k++;
        if (kind && k == 4)
            broken(d, "not a settlement document: a line of unknown kind ", kind);
        l->kind = (LineKind)(k < 4 ? k : 0);
        l->description = text(d, o, "description");
        l->explanation = text(d, o, "explanation");
        l->amount = amount(d, o, "amount", currency);
        l->forgone = amount(d, o, "forgone", currency);
    }
}

int history_read(const char *document, const char *what, const Contract *c, Arena *arena,
                 HistoryPeriod *out, OceError *err)
{
    Doc d = {what, arena, err, 0};
    memset(out, 0, sizeof *out);
    cJSON *doc = cJSON_Parse(document);
    char hex[DIGEST_HEX_SIZE];
    const char *format = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "format"));
    /* oce-settlement-1 (before contract.version and history) and 2 (before the rows of its
     * inputs were counted) read the same. */
    if (doc == NULL || format == NULL ||
        (strcmp(format, "oce-settlement-1") != 0 && strcmp(format, WRITER_FORMAT_EARLIER) != 0 &&
         strcmp(format, WRITER_FORMAT) != 0)) {
        cJSON_Delete(doc);
        return broken(&d, "not a settlement document (" WRITER_FORMAT ")", NULL);
    }
    const cJSON *contract = cJSON_GetObjectItemCaseSensitive(doc, "contract");
    const cJSON *period = cJSON_GetObjectItemCaseSensitive(doc, "period");
    const cJSON *totals = cJSON_GetObjectItemCaseSensitive(doc, "totals");
    const char *id = text(&d, contract, "id"), *currency = text(&d, doc, "currency");
    const char *pid = text(&d, period, "id");
    out->digest = text(&d, doc, "digest");
    if (!d.bad && strcmp(id, c->id) != 0)
        broken(&d, "a settlement of another contract: ", id);
    else if (!d.bad && strcmp(currency, c->currency) != 0)
        broken(&d, "a settlement in another currency: ", currency);
    else if (!d.bad && (writer_digest_of(document, hex) != 0 || strcmp(hex, out->digest) != 0))
        broken(&d, "its digest does not match its contents (it was changed after it was made)",
               NULL);
    else if (!d.bad && calendar_parse_period(pid, &out->period, err) != 0)
        broken(&d, "a settlement of no period: ", pid);
    if (!d.bad) {
        read_metrics(&d, doc, c->currency, out);
        read_lines(&d, doc, c->currency, out);
        out->charges = amount(&d, totals, "charges", c->currency);
        out->credits = amount(&d, totals, "credits", c->currency);
        out->net = amount(&d, totals, "net", c->currency);
    }
    cJSON_Delete(doc);
    return d.bad ? -1 : 0;
}

Period history_first_period(const Contract *c)
{
    static const PeriodKind kinds[] = {PERIOD_MONTH, PERIOD_QUARTER, PERIOD_YEAR};
    return calendar_period_of(c->effective_from, kinds[c->cadence]);
}

HistoryPeriod *history_room(const Contract *c, const Period *p, Arena *arena, size_t *n,
                            OceError *err)
{
    *n = 0;
    for (Period q = history_first_period(c); calendar_date_cmp(q.start, p->start) < 0;
         calendar_period_next(&q, &q))
        (*n)++;
    HistoryPeriod *periods = arena_alloc(arena, (*n ? *n : 1) * sizeof *periods);
    if (periods == NULL)
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    return periods;
}

int history_check(const Contract *c, const Period *p, const History *h, OceError *err)
{
    Period want = history_first_period(c);
    size_t i = 0;
    for (; calendar_date_cmp(want.start, p->start) < 0; i++) {
        if (i >= h->n || strcmp(h->periods[i].period.id, want.id) != 0)
            return error_set(err, OCE_EPERIOD, NULL, 0,
                             "contract \"%s\" settles %s on every period before it, and %s has "
                             "not been settled: settle the periods in order from %s (a contract "
                             "whose terms do not look at earlier periods declares history = "
                             "false)",
                             c->id, p->id, want.id, history_first_period(c).id);
        if (calendar_period_next(&want, &want) != 0)
            break;
    }
    if (i != h->n)
        return error_set(err, OCE_EPERIOD, NULL, 0,
                         "contract \"%s\": the history of %s holds %s, which is not before it",
                         c->id, p->id, h->periods[i].period.id);
    return 0;
}
