#include "history.h"

#include <string.h>

Period history_first_period(const Decl *c)
{
    return calendar_period_of(c->effective_from, decl_period_kind(c->cadence));
}

HistoryPeriod *history_room(const Decl *c, const Period *p, Arena *arena, size_t *n, OceError *err)
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

int history_check(const Decl *c, const Period *p, const History *h, OceError *err)
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
