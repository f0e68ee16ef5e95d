/*
 * run: one period settled across many contracts, each on its own: a contract that fails is
 * reported and the others go on. The run's period P settles, for each contract, every period
 * of the contract's cadence that lies inside P, oldest first: for P = 2026-Q4, a monthly
 * contract's 2026-10, 2026-11 and 2026-12, a quarterly one's 2026-Q4; a contract with no
 * such period in effect is not due. A contract that looks back is settled on its earlier
 * periods settled in order from the same inputs (settle_in_order). Prints nothing: each
 * contract period settled, failed or not due is given to the caller's RunEmit as it comes.
 */
#ifndef OCE_RUN_H
#define OCE_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "contract.h"
#include "error.h"
#include "sandbox.h"
#include "settle.h"
#include "settlement.h"
#include "summary.h"

/* One contract of a run. inputs_of gives the inputs of any of its periods (the one settled,
 * and the earlier ones a contract that looks back is settled on): called with the Contract
 * loaded, so it can ask what the period's version measures. */
typedef struct RunItem {
    const char *name;   /* as the run lists it: its folder, or the portfolio's contract_id */
    const char *script; /* its script, or its template */
    const char *text;   /* the script's text, len bytes, when the caller has read it, or NULL */
    size_t len;
    ContractParams params; /* a template's (n 0: none) */
    SettleInputsOf inputs_of;
    void *inputs_ctx;
    const char *from; /* its inputs, for a message about an earlier period: " from ..." */
} RunItem;

typedef enum RunOutcome {
    RUN_SETTLED, /* a period settled: s and line */
    RUN_FAILED,  /* the contract failed to load, or a period of it failed: err */
    RUN_NOT_DUE, /* no period of its cadence inside the run's is in effect: why */
    RUN_STRAY,   /* rows of an input that belong to no contract of the run: err, rows (item NULL) */
    RUN_DONE,    /* the contract's last event: failures, how many of its events were failures */
} RunOutcome;

typedef struct RunEvent {
    const RunItem *item;
    RunOutcome outcome;
    const Period *period;      /* the contract period; NULL when it failed to load */
    const Settlement *s;       /* RUN_SETTLED, in the process that settled it; else NULL */
    const SummaryEntry *entry; /* RUN_SETTLED: what the summary takes of it */
    const char *line;          /* RUN_SETTLED: its document as one line (doc_write_line) */
    const OceError *err;       /* RUN_FAILED */
    const char *why;           /* RUN_NOT_DUE */
    size_t rows;               /* RUN_STRAY: the rows */
    size_t failures;           /* RUN_DONE */
} RunEvent;

/* Takes one event; 0 to go on, -1 with err filled to stop the run (writing failed). */
typedef int (*RunEmit)(void *ctx, const RunEvent *e, OceError *err);

/* The periods of cadence kind inside p, oldest first, into out (at most 12): 0 of them when
 * the cadence's periods are longer than p's. */
size_t run_periods_inside(const Period *p, PeriodKind kind, Period out[12]);

/* Settles item's periods inside p and gives each to emit, then a RUN_DONE. A failure of the
 * contract is an event, not an error: -1 only when emit stops the run (err filled). When a contract
 * that looks back fails in a period, its later periods are not settled: they would be settled on
 * it. */
int run_item(const RunItem *item, const Period *p, const SandboxLimits *limits, RunEmit emit,
             void *ctx, OceError *err);
/* Gives emit item's RUN_DONE; 0, or -1 when emit stops the run. */
int run_done(const RunItem *item, size_t failures, RunEmit emit, void *ctx, OceError *err);

#endif
