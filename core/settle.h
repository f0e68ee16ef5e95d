/*
 * settle: the one way a contract period is settled, whoever asks (oce settle, oce test, oce
 * verify, a batch). The steps, in order: the period is checked against the contract, its
 * outcomes (and incidents) are read and the metrics derived, the earlier periods come from a
 * HistorySource and must leave no hole, and the engine settles. It prints nothing and
 * records nothing: the caller writes, records or compares the Settlement.
 *
 * A HistorySource is an interface of one function and its state, as lua_Reader is with its
 * data: oce's sources are the ledger (settle_from_ledger), a history given as is
 * (settle_from_given), and every earlier period settled in order through this pipeline from
 * inputs a callback names (settle_in_order), of which an outcomes file is the plain case
 * (settle_from_outcomes); verify and tester make their own from documents and test cases.
 * A source's state is the caller's, and outlives the source. Everything settled lives in the
 * caller's Arena (or the Contract).
 */
#ifndef OCE_SETTLE_H
#define OCE_SETTLE_H

#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "contract.h"
#include "error.h"
#include "incidents.h"
#include "outcomes.h"
#include "settlement.h"

/* Where a period's outcomes come from: files, as oce settle takes them; or, for a test case,
 * values stated in a file at a line, with the incident log read once. */
typedef struct SettleInputs {
    const char *outcomes;  /* the outcomes file; NULL: none (a contract that measures nothing) */
    const char *incidents; /* the incident log's file, read for the period; or NULL */
    const char *stated_in; /* not NULL: the outcomes are the values below, stated in this file */
    int line;              /* at this line of it */
    const char *const *metrics, *const *values; /* n of each */
    size_t nvalues;
    /* Or, with stated_in, the period's rows of a portfolio's outcomes file (nvalues of them),
     * each named by its line, and what the file held of the contract's rows. */
    const OutcomeRow *rows;
    RowCount row_count;
    const IncidentLog *log; /* with stated_in or outcomes: the log already read, or NULL */
    /* Called once the period's outcomes are read, before the earlier periods are: 0 to go
     * on; 1 stops the settlement, which then returns 1 (verify: not the outcomes the
     * document names, and its ctx says so); -1 with err filled. NULL: none. */
    int (*accept)(void *ctx, const OutcomeSet *set, OceError *err);
    void *accept_ctx;
} SettleInputs;

/* Gives the periods of c before p, oldest first, into out (emptied before the call), in
 * arena: for a contract that does not look back, none. 0; -1 with err filled; or 1 when
 * the source refuses a history that is there but not the one wanted (verify: not the
 * documents the settlement was made on), its self saying why. The pipeline refuses a hole
 * in what it gives. */
typedef int (*HistoryEarlier)(void *self, Contract *c, const Period *p, Arena *arena, History *out,
                              OceError *err);

typedef struct HistorySource {
    HistoryEarlier earlier;
    void *self;        /* the source's state: its maker owns it */
    const char *where; /* added to the error about a hole: " (ledger oce.db)"; "" or NULL */
} HistorySource;

/* Settles period p of c from in, on the earlier periods h gives, into out. 0; -1 with err
 * filled at the root cause; 1 when in->accept or h refused (no error: their state says
 * why). The version of the contract in force is p's when it returns 0. */
int settle_period(Contract *c, const Period *p, const SettleInputs *in, const HistorySource *h,
                  Arena *arena, Settlement *out, OceError *err);

/* A history given as is (a test's canned periods, or those settled so far). */
HistorySource settle_from_given(const History *h);

/* The ledger's earlier periods as they stand. */
typedef struct SettleLedger {
    const char *path; /* the ledger; NULL: there is none yet, and so no earlier period */
    int mode;         /* how to open it: LEDGER_READ for a dry run, else LEDGER_EXISTING */
} SettleLedger;
HistorySource settle_from_ledger(SettleLedger *l, const char *path, int mode, const char *where);

/* Every earlier period settled in order through settle_period, each on the ones before it,
 * from the inputs inputs_of gives for it, and read back from its document as the ledger would
 * give it. An earlier period that fails is named in the error: "settling the earlier period
 * 2026-02 from outcomes.csv: ...", `from` being " from outcomes.csv" (or ""). */
typedef int (*SettleInputsOf)(void *ctx, Contract *c, const Period *q, SettleInputs *in,
                              OceError *err);
typedef struct SettleInOrder {
    SettleInputsOf inputs_of;
    void *ctx;
    const char *from;
    int failed; /* set when an earlier period could not be settled, or inputs_of failed */
} SettleInOrder;
HistorySource settle_in_order(SettleInOrder *o, SettleInputsOf inputs_of, void *ctx,
                              const char *from);

/* Every earlier period settled in order from the same files in (its outcomes file, and its
 * incident log), as oce settle --history-from outcomes does. in must outlive the source. */
typedef struct SettleOutcomes {
    SettleInOrder order;
    const SettleInputs *in;
    char from[310];
} SettleOutcomes;
HistorySource settle_from_outcomes(SettleOutcomes *o, const SettleInputs *in);

/* The files in names, for messages: "outcomes.csv", or "outcomes.csv and incidents.csv";
 * into buf (300 bytes suffice), which it returns. */
const char *settle_inputs_name(const SettleInputs *in, char *buf, size_t size);

#endif
