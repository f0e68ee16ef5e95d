/*
 * history: the earlier periods a settlement is computed on. Terms that look back (a cap over
 * the contract year, an earn-back, a rolling average) see the settlements of the contract's
 * earlier periods as they stand, whether those come from the ledger, from files a vendor was
 * sent, or from the earlier cases of a test (doc_read_period reads each). A contract that
 * looks back is settled only on every period before the one settled, from its first, so a
 * multi-period term never computes on a hole.
 * Everything made lives in the caller's Arena.
 */
#ifndef OCE_HISTORY_H
#define OCE_HISTORY_H

#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "decl.h"
#include "error.h"
#include "settlement.h"

/* The contract's first period: the one of its cadence holding effective_from. */
Period history_first_period(const Decl *d);

/* Room in arena for the periods of d before p (*n of them, from history_first_period on, one
 * calendar_period_next at a time); NULL with err filled when out of memory. */
HistoryPeriod *history_room(const Decl *d, const Period *p, Arena *arena, size_t *n, OceError *err);

/* Whether h holds exactly the periods of d from its first to the one before p, in order; if
 * not, fills err (OCE_EPERIOD) naming the first period missing (or out of place). */
int history_check(const Decl *d, const Period *p, const History *h, OceError *err);

#endif
