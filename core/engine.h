/*
 * engine: settles one contract period. It checks the period against the contract, turns the
 * outcomes into metric results, runs each term in order through the contract's sandbox,
 * rounds every line once to the currency's minor unit by the contract's rounding rule,
 * applies caps, fills in shortfalls and sums the totals. Terms see the earlier periods it is
 * given. It knows no file format and no Lua.
 * Everything in the Settlement lives in the caller's Arena (or the Contract).
 */
#ifndef OCE_ENGINE_H
#define OCE_ENGINE_H

#include "arena.h"
#include "calendar.h"
#include "contract.h"
#include "error.h"
#include "outcomes.h"
#include "settlement.h"

/* h is the contract's earlier periods as they stand, oldest first: every one from the
 * contract's first period to the one before p when the contract looks back (history_check),
 * else NULL or ignored. */
int engine_settle(Contract *c, const Period *p, const OutcomeSet *o, const History *h, Arena *arena,
                  Settlement *out, OceError *err);

#endif
