/*
 * engine: settles one contract period. It finds the version the period is settled by, turns
 * the outcomes into metric results, runs each term in order through a TermRunner, rounds
 * every line once to the currency's minor unit by the contract's rounding rule, applies
 * caps, fills in shortfalls and sums the totals. Terms see the earlier periods it is given.
 * It knows no file format and no Lua: the runner is whatever runs the terms (the contract's
 * sandbox, or a test's canned outputs).
 * Everything in the Settlement lives in the caller's Arena (or the Decl).
 */
#ifndef OCE_ENGINE_H
#define OCE_ENGINE_H

#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "decl.h"
#include "error.h"
#include "settlement.h"

/* What runs a contract's terms: begin starts a settlement by version v; run runs its term i
 * (in order) with what the term sees, and gives its outputs, allocated in arena. Each returns
 * 0, or -1 with err filled. self is the runner's state. */
typedef struct TermRunner {
    int (*begin)(void *self, const DeclVersion *v, OceError *err);
    int (*run)(void *self, size_t i, const TermContext *tc, Arena *arena, TermOutput **out,
               size_t *nout, OceError *err);
    void *self;
} TermRunner;

/* Settles period p of the contract declared by d, with the outcomes o, on the earlier
 * periods h (every one from the contract's first period to the one before p, oldest first,
 * when the contract looks back: history_check; else NULL or ignored), running its terms
 * through r. */
int engine_settle(const Decl *d, const Period *p, const OutcomeSet *o, const History *h,
                  const TermRunner *r, Arena *arena, Settlement *out, OceError *err);

#endif
