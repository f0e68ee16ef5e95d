#include "settle.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "engine.h"
#include "history.h"
#include "ledger.h"
#include "doc.h"
#include "writer.h"

/* The period's outcomes: from the files as oce settle reads them, or as a test case states
 * them, with its incident log read once. */
static int read_outcomes(const Decl *d, const DeclVersion *v, const Period *p,
                         const SettleInputs *in, Arena *arena, OutcomeSet *set, OceError *err)
{
    if (in->stated_in == NULL && in->log == NULL)
        return outcomes_load(d, v, p, in->outcomes, in->incidents, arena, set, err);
    int rc = in->stated_in != NULL && in->rows != NULL
                 ? outcomes_from_rows(in->stated_in, in->line, in->rows, in->nvalues, d, v, p,
                                      arena, set, err)
             : in->stated_in != NULL
                 ? outcomes_from_values(in->stated_in, in->line, in->metrics, in->values,
                                        in->nvalues, d, v, p, arena, set, err)
                 : outcomes_read(in->outcomes, d, v, p, arena, set, err);
    if (rc == 0 && in->rows != NULL)
        set->rows = in->row_count;
    return rc != 0 ? -1 : outcomes_derive(set, d, v, p, in->log, arena, err);
}

int settle_period(Contract *c, const Period *p, const SettleInputs *in, const HistorySource *h,
                  Arena *arena, Settlement *out, OceError *err)
{
    OutcomeSet set;
    History *earlier = arena_alloc(arena, sizeof *earlier); /* the Settlement points at it */
    if (earlier == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    *earlier = (History){NULL, 0};
    int rc;
    const Decl *d = &c->decl;
    /* The period's own inputs first, so that an error in them is the one reported: the
     * version it is settled by says which metrics they are. */
    const DeclVersion *v = decl_version_for(d, p, err);
    if (v == NULL || read_outcomes(d, v, p, in, arena, &set, err) != 0)
        return -1;
    if (in->accept != NULL && (rc = in->accept(in->accept_ctx, &set, err)) != 0)
        return rc;
    if ((rc = h->earlier(h->self, c, p, arena, earlier, err)) != 0)
        return rc;
    if (!d->history)
        *earlier = (History){NULL, 0};
    else if (history_check(d, p, earlier, err) != 0) {
        error_wrap(err, "", h->where ? h->where : "");
        return -1;
    }
    TermRunner runner = contract_runner(c);
    return engine_settle(d, p, &set, earlier, &runner, arena, out, err);
}

/* --- A history given as is. --------------------------------------------------------------- */

static int given(void *self, Contract *c, const Period *p, Arena *arena, History *out,
                 OceError *err)
{
    (void)c, (void)p, (void)arena, (void)err;
    *out = *(const History *)self;
    return 0;
}

HistorySource settle_from_given(const History *h)
{
    return (HistorySource){given, (void *)h, ""};
}

/* --- The ledger. ---------------------------------------------------------------------------- */

typedef struct Gather {
    const Contract *c;
    const Period *before;
    Arena *arena;
    HistoryPeriod *periods;
    size_t n, cap;
    OceError *err;
} Gather;

static int gather_one(void *ctx, const char *period, const char *document)
{
    Gather *g = ctx;
    Period p;
    if (calendar_parse_period(period, &p, g->err) != 0)
        return -1;
    /* Later periods, and those before the contract began (its start was moved), are not
     * this settlement's history. */
    if (calendar_date_cmp(p.start, g->before->start) >= 0 ||
        calendar_date_cmp(p.end, g->c->decl.effective_from) < 0)
        return 0;
    if (g->n == g->cap) {
        size_t want = g->cap ? g->cap * 2 : 16;
        HistoryPeriod *more = arena_alloc(g->arena, want * sizeof *more);
        if (more == NULL)
            return error_set(g->err, OCE_ENOMEM, NULL, 0, "out of memory");
        if (g->n)
            memcpy(more, g->periods, g->n * sizeof *more);
        g->periods = more;
        g->cap = want;
    }
    char what[128];
    snprintf(what, sizeof what, "the ledger's settlement of %s", period);
    return doc_read_period(document, what, &g->c->decl, g->arena, &g->periods[g->n++], g->err);
}

/* The contract's periods as they stand in the ledger, when its terms look back; none when
 * there is no ledger yet. */
static int from_ledger(void *self, Contract *c, const Period *p, Arena *arena, History *out,
                       OceError *err)
{
    const SettleLedger *sl = self;
    if (!c->decl.history || sl->path == NULL)
        return 0;
    Ledger *l = ledger_open(sl->path, sl->mode, err);
    Gather g = {c, p, arena, NULL, 0, 0, err};
    int rc = l != NULL && ledger_standing(l, c->decl.id, gather_one, &g, err) == 0 ? 0 : -1;
    ledger_close(l);
    out->periods = g.periods;
    out->n = g.n;
    return rc;
}

HistorySource settle_from_ledger(SettleLedger *l, const char *path, int mode, const char *where)
{
    *l = (SettleLedger){path, mode};
    return (HistorySource){from_ledger, l, where};
}

/* --- Every earlier period settled in order. ------------------------------------------------- */

/* Settles earlier period q (the i-th) on the periods before it, and reads it back from its
 * document into periods[i]. */
static int settle_one(SettleInOrder *o, Contract *c, const Period *q, HistoryPeriod *periods,
                      size_t i, Arena *arena, OceError *err)
{
    SettleInputs in;
    memset(&in, 0, sizeof in);
    if (o->inputs_of(o->ctx, c, q, &in, err) != 0)
        return -1;
    const History before = {periods, i};
    HistorySource h = settle_from_given(&before);
    Settlement s;
    if (settle_period(c, q, &in, &h, arena, &s, err) != 0) {
        char what[400];
        snprintf(what, sizeof what, "settling the earlier period %s%s: ", q->id, o->from);
        error_wrap(err, what, "");
        return -1;
    }
    char *json = writer_json(&s, err);
    int rc = json != NULL ? doc_read_period(json, q->id, &c->decl, arena, &periods[i], err) : -1;
    free(json);
    return rc;
}

static int in_order(void *self, Contract *c, const Period *p, Arena *arena, History *out,
                    OceError *err)
{
    SettleInOrder *o = self;
    if (!c->decl.history)
        return 0;
    size_t n;
    HistoryPeriod *periods = history_room(&c->decl, p, arena, &n, err);
    if (periods == NULL)
        return -1;
    out->periods = periods;
    Period q = history_first_period(&c->decl);
    for (size_t i = 0; i < n; i++, calendar_period_next(&q, &q)) {
        if (settle_one(o, c, &q, periods, i, arena, err) != 0) {
            o->failed = 1;
            return -1;
        }
        out->n = i + 1;
    }
    return 0;
}

HistorySource settle_in_order(SettleInOrder *o, SettleInputsOf inputs_of, void *ctx,
                              const char *from)
{
    *o = (SettleInOrder){inputs_of, ctx, from ? from : "", 0};
    return (HistorySource){in_order, o, ""};
}

/* --- An outcomes file. ---------------------------------------------------------------------- */

/* Each earlier period from the same files as the period settled; only that one is checked
 * against what a caller accepts. */
static int same_files(void *ctx, Contract *c, const Period *q, SettleInputs *in, OceError *err)
{
    (void)c, (void)q, (void)err;
    const SettleOutcomes *so = ctx;
    *in = *so->in;
    in->accept = NULL;
    in->accept_ctx = NULL;
    return 0;
}

const char *settle_inputs_name(const SettleInputs *in, char *buf, size_t size)
{
    if (in->outcomes && in->incidents)
        snprintf(buf, size, "%.140s and %.140s", in->outcomes, in->incidents);
    else
        snprintf(buf, size, "%.280s",
                 in->outcomes    ? in->outcomes
                 : in->incidents ? in->incidents
                                 : "no outcomes");
    return buf;
}

HistorySource settle_from_outcomes(SettleOutcomes *o, const SettleInputs *in)
{
    char files[300];
    o->in = in;
    snprintf(o->from, sizeof o->from, " from %s", settle_inputs_name(in, files, sizeof files));
    return settle_in_order(&o->order, same_files, o, o->from);
}
