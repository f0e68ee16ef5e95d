#include "summary.h"

#include <stdio.h>
#include <string.h>

void summary_init(Summary *sum)
{
    memset(sum, 0, sizeof *sum);
}

/* The currency's totals, added in code order when it is new; NULL when there are too many. */
static SummaryCurrency *currency_of(Summary *sum, const char *code, int minor_unit)
{
    size_t k = 0;
    while (k < sum->ncurrencies && strcmp(sum->currencies[k].code, code) < 0)
        k++;
    if (k < sum->ncurrencies && strcmp(sum->currencies[k].code, code) == 0)
        return &sum->currencies[k];
    if (sum->ncurrencies == SUMMARY_CURRENCIES)
        return NULL;
    memmove(&sum->currencies[k + 1], &sum->currencies[k],
            (sum->ncurrencies - k) * sizeof sum->currencies[0]);
    sum->ncurrencies++;
    SummaryCurrency *c = &sum->currencies[k];
    memset(c, 0, sizeof *c);
    snprintf(c->code, sizeof c->code, "%s", code);
    c->minor_unit = minor_unit;
    c->charges = c->credits = c->net = money_zero(code);
    return c;
}

/* Whether a comes before b among the largest: by magnitude, then contract, period, what. */
static int before(const SummaryTop *a, const SummaryTop *b)
{
    int cmp = 0;
    OceError ignored;
    error_init(&ignored);
    money_cmp(money_abs(a->amount), money_abs(b->amount), &cmp, &ignored);
    if (cmp != 0)
        return cmp > 0;
    int c = strcmp(a->contract, b->contract);
    if (c == 0)
        c = strcmp(a->period, b->period);
    if (c == 0)
        c = strcmp(a->what, b->what);
    return c < 0;
}

/* Keeps t among the largest of top (n of them, at most SUMMARY_TOP) when it is. */
static void keep_top(SummaryTop *top, size_t *n, const SummaryTop *t)
{
    size_t k = *n;
    while (k > 0 && before(t, &top[k - 1]))
        k--;
    if (k == SUMMARY_TOP)
        return;
    size_t last = *n < SUMMARY_TOP ? *n : SUMMARY_TOP - 1;
    memmove(&top[k + 1], &top[k], (last - k) * sizeof *top);
    top[k] = *t;
    if (*n < SUMMARY_TOP)
        ++*n;
}

static void top_of(SummaryTop *t, const char *contract, const char *period, const char *what,
                   Money amount)
{
    snprintf(t->contract, sizeof t->contract, "%s", contract);
    snprintf(t->period, sizeof t->period, "%s", period);
    snprintf(t->what, sizeof t->what, "%s", what);
    t->amount = amount;
}

void summary_entry(const Settlement *s, SummaryEntry *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->contract, sizeof out->contract, "%s", s->decl->id);
    snprintf(out->period, sizeof out->period, "%s", s->period.id);
    snprintf(out->currency, sizeof out->currency, "%s", s->decl->currency);
    out->minor_unit = s->decl->minor_unit;
    out->charges = s->charges;
    out->credits = s->credits;
    out->net = s->net;
    for (size_t i = 0; i < s->nshortfalls; i++) {
        const Shortfall *f = &s->shortfalls[i];
        if (money_is_zero(f->amount))
            continue; /* missed, at no cost */
        char what[96];
        snprintf(what, sizeof what, "%s (%s)", f->metric->name, f->term);
        SummaryTop t = {0};
        top_of(&t, out->contract, out->period, what, f->amount);
        keep_top(out->shortfalls, &out->nshortfalls, &t);
    }
}

int summary_add(Summary *sum, const SummaryEntry *e, OceError *err)
{
    SummaryCurrency *c = currency_of(sum, e->currency, e->minor_unit);
    if (c == NULL)
        return error_set(err, OCE_EUSAGE, NULL, 0,
                         "a run holds contracts in at most %d currencies; %s is one more",
                         SUMMARY_CURRENCIES, e->currency);
    if (money_add(c->charges, e->charges, &c->charges, err) != 0 ||
        money_add(c->credits, e->credits, &c->credits, err) != 0 ||
        money_add(c->net, e->net, &c->net, err) != 0)
        return -1;
    c->settled++;
    sum->settled++;
    if (!money_is_zero(e->credits)) {
        SummaryTop t = {0};
        top_of(&t, e->contract, e->period, "", e->credits);
        keep_top(c->credits_top, &c->ncredits_top, &t);
    }
    for (size_t i = 0; i < e->nshortfalls; i++)
        keep_top(c->shortfalls_top, &c->nshortfalls_top, &e->shortfalls[i]);
    return 0;
}

void summary_fail(Summary *sum, const char *contract, const char *period, const OceError *err)
{
    sum->failure_count++;
    if (sum->nfailures == SUMMARY_LISTED)
        return;
    SummaryNote *n = &sum->failures[sum->nfailures++];
    snprintf(n->contract, sizeof n->contract, "%s", contract);
    snprintf(n->period, sizeof n->period, "%s", period ? period : "");
    snprintf(n->term, sizeof n->term, "%s", err->term);
    error_format(err, n->text, sizeof n->text);
}

void summary_not_due(Summary *sum, const char *contract, const char *why)
{
    sum->not_due++;
    if (sum->nnot_due == SUMMARY_LISTED)
        return;
    SummaryNote *n = &sum->not_due_list[sum->nnot_due++];
    snprintf(n->contract, sizeof n->contract, "%s", contract);
    n->period[0] = n->term[0] = '\0';
    snprintf(n->text, sizeof n->text, "%s", why);
}

void summary_failed_contract(Summary *sum)
{
    sum->failed++;
}

void summary_stray(Summary *sum, const OceError *err, size_t rows)
{
    sum->strays += rows;
    if (sum->nstrays == SUMMARY_LISTED)
        return;
    SummaryNote *n = &sum->stray_list[sum->nstrays++];
    n->contract[0] = n->period[0] = n->term[0] = '\0';
    error_format(err, n->text, sizeof n->text);
}
