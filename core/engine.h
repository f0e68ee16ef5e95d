/*
 * engine: settles one contract period. It checks the period against the contract, turns the
 * outcomes into metric results, runs each term in order through the contract's sandbox,
 * rounds every line once to the currency's minor unit by the contract's rounding rule,
 * applies caps, fills in shortfalls and sums the totals. It knows no file format and no Lua.
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

int engine_settle(Contract *c, const Period *p, const OutcomeSet *o, Arena *arena, Settlement *out,
                  OceError *err);

#endif
