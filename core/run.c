#include "run.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "decl.h"
#include "doc.h"

size_t run_periods_inside(const Period *p, PeriodKind kind, Period out[12])
{
    size_t n = 0;
    Period q = calendar_period_of(p->start, kind);
    while (n < 12 && calendar_date_cmp(q.start, p->start) >= 0 &&
           calendar_date_cmp(q.end, p->end) <= 0) {
        out[n++] = q;
        if (calendar_period_next(&q, &q) != 0)
            break;
    }
    return n;
}

/* Whether any day of q is inside the contract's effective dates. */
static bool in_effect(const Decl *d, const Period *q)
{
    return calendar_date_cmp(q->end, d->effective_from) >= 0 &&
           calendar_date_cmp(q->start, d->effective_to) <= 0;
}

static int failed(const RunItem *item, const Period *q, const OceError *e, RunEmit emit, void *ctx,
                  OceError *err)
{
    RunEvent ev = {.item = item, .outcome = RUN_FAILED, .period = q, .err = e};
    return emit(ctx, &ev, err);
}

int run_done(const RunItem *item, size_t failures, RunEmit emit, void *ctx, OceError *err)
{
    RunEvent ev = {.item = item, .outcome = RUN_DONE, .failures = failures};
    return emit(ctx, &ev, err) != 0 ? -1 : 0;
}

/* Settles period q of c and gives it to emit: 1 when it failed (given as such), 0 when it
 * settled, -1 when emit stopped the run. */
static int settle_one(const RunItem *item, Contract *c, const Period *q, Arena *arena, RunEmit emit,
                      void *ctx, OceError *err)
{
    OceError e;
    error_init(&e);
    SettleInputs in;
    SettleInOrder order;
    HistorySource h = settle_in_order(&order, item->inputs_of, item->inputs_ctx, item->from);
    Settlement s;
    char *line = NULL;
    if (item->inputs_of(item->inputs_ctx, c, q, &in, &e) != 0 ||
        settle_period(c, q, &in, &h, arena, &s, &e) != 0 || (line = doc_write_line(&s, &e)) == NULL)
        return failed(item, q, &e, emit, ctx, err) != 0 ? -1 : 1;
    SummaryEntry entry;
    summary_entry(&s, &entry);
    RunEvent ev = {
        .item = item, .outcome = RUN_SETTLED, .period = q, .s = &s, .entry = &entry, .line = line};
    int rc = emit(ctx, &ev, err);
    free(line);
    return rc != 0 ? -1 : 0;
}

int run_item(const RunItem *item, const Period *p, const SandboxLimits *limits, RunEmit emit,
             void *ctx, OceError *err)
{
    OceError e;
    error_init(&e);
    const ContractParams *params = item->params.n ? &item->params : NULL;
    Contract *c = item->text != NULL
                      ? contract_load_text(item->script, item->text, item->len, params, limits, &e)
                      : contract_load_params(item->script, params, limits, &e);
    if (c == NULL)
        return failed(item, NULL, &e, emit, ctx, err) != 0 ? -1 : run_done(item, 1, emit, ctx, err);
    Period periods[12];
    size_t n = run_periods_inside(p, decl_period_kind(c->decl.cadence), periods), due = 0;
    Arena arena;
    arena_init(&arena);
    int rc = 0;
    size_t failures = 0;
    for (size_t k = 0; k < n && rc == 0; k++) {
        if (!in_effect(&c->decl, &periods[k]))
            continue;
        due++;
        rc = settle_one(item, c, &periods[k], &arena, emit, ctx, err);
        arena_reset(&arena);
        failures += rc == 1;
        if (rc == 1 && !c->decl.history)
            rc = 0; /* its later periods do not depend on this one */
    }
    if (due == 0) {
        char why[160];
        if (n == 0)
            snprintf(why, sizeof why, "%s: no %s of it lies inside %s",
                     decl_cadence_name(c->decl.cadence),
                     calendar_period_kind_name(decl_period_kind(c->decl.cadence)), p->id);
        else
            snprintf(why, sizeof why, "not in effect in %s", p->id);
        RunEvent ev = {.item = item, .outcome = RUN_NOT_DUE, .why = why};
        rc = emit(ctx, &ev, err);
    }
    arena_free(&arena);
    contract_free(c);
    return rc < 0 ? -1 : run_done(item, failures, emit, ctx, err);
}
