/*
 * history: the earlier periods a settlement is computed on. Terms that look back (a cap over
 * the contract year, an earn-back, a rolling average) see the settlements of the contract's
 * earlier periods as they stand, read from their settlement documents, whether those come
 * from the ledger, from files a vendor was sent, or from the earlier cases of a test. A
 * contract that looks back is settled only on every period before the one settled, from its
 * first, so a multi-period term never computes on a hole.
 * Everything read lives in the caller's Arena.
 */
#ifndef OCE_HISTORY_H
#define OCE_HISTORY_H

#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "contract.h"
#include "error.h"

/* Reads a settlement document of contract c into out; `what` names it in errors (a file, or
 * "the ledger's 2026-09"). Refuses a document of another contract or currency, or one whose
 * digest does not match its contents. */
int history_read(const char *document, const char *what, const Contract *c, Arena *arena,
                 HistoryPeriod *out, OceError *err);

/* The contract's first period: the one of its cadence holding effective_from. */
Period history_first_period(const Contract *c);

/* Room in arena for the periods of c before p (*n of them, from history_first_period on, one
 * calendar_period_next at a time); NULL with err filled when out of memory. */
HistoryPeriod *history_room(const Contract *c, const Period *p, Arena *arena, size_t *n,
                            OceError *err);

/* Whether h holds exactly the periods of c from its first to the one before p, in order; if
 * not, fills err (OCE_EPERIOD) naming the first period missing (or out of place). */
int history_check(const Contract *c, const Period *p, const History *h, OceError *err);

#endif
