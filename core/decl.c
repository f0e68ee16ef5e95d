#include "decl.h"

#include <ctype.h>
#include <string.h>

/* The version a period is settled by; -1 with err filled when an amendment falls inside it
 * and does not say how to split it. */
static int version_for(const Decl *c, const Period *p, size_t *out, OceError *err)
{
    Date first = calendar_date_cmp(c->effective_from, p->start) > 0 ? c->effective_from : p->start;
    Date last = calendar_date_cmp(c->effective_to, p->end) < 0 ? c->effective_to : p->end;
    size_t at_start = 0, at_end = 0;
    for (size_t k = 0; k < c->nversions; k++) {
        if (calendar_date_cmp(c->versions[k].effective_from, first) <= 0)
            at_start = k;
        if (calendar_date_cmp(c->versions[k].effective_from, last) <= 0)
            at_end = k;
    }
    *out = at_start;
    if (at_end == at_start)
        return 0;
    Split split = c->versions[at_start + 1].split;
    for (size_t k = at_start + 1; k <= at_end; k++) {
        const DeclVersion *v = &c->versions[k];
        char from[11];
        calendar_format_date(v->effective_from, from);
        if (v->split == SPLIT_NONE || v->split != split)
            return error_set(err, OCE_EPERIOD, c->path, v->line,
                             "period %s straddles amendment \"%s\", effective %s: the "
                             "amendment must say how to settle it, with split = \"earlier\" "
                             "(by the version before it) or split = \"later\" (by the "
                             "amendment)%s",
                             p->id, v->name, from,
                             v->split != SPLIT_NONE ? ", the same for every amendment inside "
                                                      "one period"
                                                    : "");
    }
    *out = split == SPLIT_EARLIER ? at_start : at_end;
    return 0;
}

/* error_set's -1 as the NULL a lookup returns. */
static const DeclVersion *none(int rc)
{
    (void)rc;
    return NULL;
}

const DeclVersion *decl_version_for(const Decl *c, const Period *p, OceError *err)
{
    static const char *const examples[] = {"2026-10", "2026-Q4", "2026"};
    if (p->kind != decl_period_kind(c->cadence))
        return none(error_set(err, OCE_EPERIOD, NULL, 0,
                              "period %s is a %s, but contract \"%s\" settles %s (e.g. %s)", p->id,
                              calendar_period_kind_name(p->kind), c->id,
                              decl_cadence_name(c->cadence), examples[c->cadence]));
    if (calendar_date_cmp(p->end, c->effective_from) < 0 ||
        calendar_date_cmp(p->start, c->effective_to) > 0) {
        char from[11], to[11];
        calendar_format_date(c->effective_from, from);
        calendar_format_date(c->effective_to, to);
        return none(error_set(err, OCE_EPERIOD, NULL, 0,
                              "period %s is outside contract \"%s\", effective %s to %s", p->id,
                              c->id, from, to));
    }
    size_t k;
    if (version_for(c, p, &k, err) != 0)
        return NULL;
    return &c->versions[k];
}

const MetricDecl *decl_metric(const DeclVersion *v, const char *name)
{
    for (size_t i = 0; i < v->nmetrics; i++)
        if (strcmp(v->metrics[i].name, name) == 0)
            return &v->metrics[i];
    return NULL;
}

bool decl_param_name(const char *s)
{
    if (!(isalpha((unsigned char)s[0]) || s[0] == '_'))
        return false;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return false;
    return true;
}
