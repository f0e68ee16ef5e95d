#include "adjust.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>

#include "digest.h"
#include "money.h"

static const char *text(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

/* Whether line l is the term's line of that description. */
static int same_line(const cJSON *l, const char *term, const char *description)
{
    const char *t = text(l, "term"), *d = text(l, "description");
    return t != NULL && d != NULL && strcmp(t, term) == 0 && strcmp(d, description) == 0;
}

/* The k-th line (from 0) of term with that description in a document's lines, or NULL: a
 * line is known by its term and its description (a site's credit by its site), and lines
 * alike in both by their order. */
static const cJSON *line_of(const cJSON *lines, const char *term, const char *description, int k)
{
    const cJSON *l;
    cJSON_ArrayForEach(l, lines)
    {
        if (same_line(l, term, description) && k-- == 0)
            return l;
    }
    return NULL;
}

/* The line's amount, 0 in the currency when there is no line. */
static int amount_of(const cJSON *l, const char *currency, Money *out, OceError *err)
{
    const char *a = l ? text(l, "amount") : "0";
    return money_parse(a ? a : "0", currency, out, err);
}

typedef struct Build {
    cJSON *lines;
    const char *currency;
    int places;
    OceError *err;
    int failed;
} Build;

static void fmt(const Build *b, Money m, char buf[MONEY_STR_MAX])
{
    money_format(m, b->places, buf, MONEY_STR_MAX);
}

/* Adds the difference for the k-th line of term, when there is one. */
static void differ(Build *b, const cJSON *was_lines, const cJSON *now_lines, const char *term,
                   const char *description, int k)
{
    const cJSON *w = line_of(was_lines, term, description, k);
    const cJSON *n = line_of(now_lines, term, description, k);
    Money was, now, diff;
    if (amount_of(w, b->currency, &was, b->err) != 0 ||
        amount_of(n, b->currency, &now, b->err) != 0 || money_sub(now, was, &diff, b->err) != 0) {
        b->failed = 1;
        return;
    }
    if (money_is_zero(diff))
        return;
    const cJSON *any = n ? n : w;
    char sw[MONEY_STR_MAX], sn[MONEY_STR_MAX], sd[MONEY_STR_MAX];
    fmt(b, was, sw);
    fmt(b, now, sn);
    fmt(b, diff, sd);
    cJSON *o = cJSON_CreateObject();
    if (o == NULL || !cJSON_AddItemToArray(b->lines, o) ||
        !cJSON_AddStringToObject(o, "term", term) ||
        !cJSON_AddStringToObject(o, "kind", text(any, "kind") ? text(any, "kind") : "") ||
        !cJSON_AddStringToObject(o, "description",
                                 text(any, "description") ? text(any, "description") : "") ||
        !cJSON_AddStringToObject(o, "was", sw) || !cJSON_AddStringToObject(o, "now", sn) ||
        !cJSON_AddStringToObject(o, "difference", sd) ||
        !cJSON_AddStringToObject(o, "explanation",
                                 n && text(n, "explanation") ? text(n, "explanation")
                                                             : "the line is no longer due"))
        b->failed = 1;
}

/* Every line of either document once: those of the correction in its order, then those it
 * no longer has. */
static void all_lines(Build *b, const cJSON *was_lines, const cJSON *now_lines)
{
    const cJSON *docs[2] = {now_lines, was_lines}, *l;
    for (int d = 0; d < 2; d++) {
        cJSON_ArrayForEach(l, docs[d])
        {
            const char *term = text(l, "term"), *description = text(l, "description");
            if (term == NULL || description == NULL)
                continue;
            int k = 0; /* the line's place among the lines alike in this document */
            for (const cJSON *p = docs[d]->child; p != l; p = p->next)
                k += same_line(p, term, description);
            if (d == 1 && line_of(now_lines, term, description, k) != NULL)
                continue; /* paired already */
            differ(b, was_lines, now_lines, term, description, k);
        }
    }
}

char *adjust_document(const char *was, const char *now, const char *number, const char *invoice,
                      const char **kind, char **difference, int *nlines, OceError *err)
{
    *nlines = 0;
    cJSON *w = cJSON_Parse(was), *n = cJSON_Parse(now), *doc = cJSON_CreateObject();
    char *out = NULL;
    *difference = NULL;
    const char *currency = n ? text(n, "currency") : NULL;
    int places = currency ? money_currency_exponent(currency) : -1;
    Build b = {cJSON_CreateArray(), currency, places, err, 0};
    Money net_was, net_now, net;
    const cJSON *tw = cJSON_GetObjectItemCaseSensitive(w, "totals");
    const cJSON *tn = cJSON_GetObjectItemCaseSensitive(n, "totals");
    if (w == NULL || n == NULL || doc == NULL || b.lines == NULL || places < 0 ||
        money_parse(text(tw, "net") ? text(tw, "net") : "", currency, &net_was, err) != 0 ||
        money_parse(text(tn, "net") ? text(tn, "net") : "", currency, &net_now, err) != 0 ||
        money_sub(net_now, net_was, &net, err) != 0) {
        error_set(err, OCE_EINTERNAL, NULL, 0, "adjustment: the settlements cannot be compared");
        goto done;
    }
    all_lines(&b, cJSON_GetObjectItemCaseSensitive(w, "lines"),
              cJSON_GetObjectItemCaseSensitive(n, "lines"));
    *kind = money_sign(net) > 0 ? "debit-note" : "credit-note";
    *nlines = cJSON_GetArraySize(b.lines);
    char sw[MONEY_STR_MAX], sn[MONEY_STR_MAX], sd[MONEY_STR_MAX], hex[DIGEST_HEX_SIZE];
    fmt(&b, net_was, sw);
    fmt(&b, net_now, sn);
    fmt(&b, net, sd);
    cJSON *totals = cJSON_CreateObject();
    cJSON_AddStringToObject(doc, "format", "oce-adjustment-1");
    cJSON_AddStringToObject(doc, "number", number);
    cJSON_AddStringToObject(doc, "kind", *kind);
    cJSON_AddStringToObject(doc, "adjusts", invoice);
    cJSON_AddItemToObject(doc, "contract",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(n, "contract"), 1));
    cJSON_AddItemToObject(doc, "period",
                          cJSON_Duplicate(cJSON_GetObjectItemCaseSensitive(n, "period"), 1));
    cJSON_AddStringToObject(doc, "currency", currency);
    cJSON_AddStringToObject(doc, "previous_digest", text(w, "digest") ? text(w, "digest") : "");
    cJSON_AddStringToObject(doc, "settlement_digest", text(n, "digest") ? text(n, "digest") : "");
    cJSON_AddItemToObject(doc, "lines", b.lines);
    b.lines = NULL;
    cJSON_AddItemToObject(doc, "totals", totals);
    cJSON_AddStringToObject(totals, "was", sw);
    cJSON_AddStringToObject(totals, "now", sn);
    cJSON_AddStringToObject(totals, "difference", sd);
    char *compact = b.failed ? NULL : cJSON_PrintUnformatted(doc);
    if (compact == NULL) {
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        goto done;
    }
    digest_sha256_hex(compact, strlen(compact), hex);
    cJSON_free(compact);
    cJSON_AddStringToObject(doc, "digest", hex);
    char *pretty = cJSON_Print(doc);
    size_t len = pretty ? strlen(pretty) : 0;
    out = pretty ? malloc(len + 2) : NULL;
    *difference = out ? strdup(sd) : NULL;
    if (out != NULL && *difference != NULL) {
        memcpy(out, pretty, len);
        memcpy(out + len, "\n", 2);
    } else {
        free(out);
        free(*difference);
        out = NULL;
        *difference = NULL;
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    }
    cJSON_free(pretty);
done:
    cJSON_Delete(b.lines);
    cJSON_Delete(doc);
    cJSON_Delete(w);
    cJSON_Delete(n);
    return out;
}
