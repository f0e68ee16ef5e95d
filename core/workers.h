/*
 * workers: a run's units of work (a portfolio's buckets, a folder's contracts) settled by
 * worker processes, so that a contract that ends its worker costs that contract alone. The
 * workers are forked once; each settles the units it is given (spec->settle), saying where
 * each contract begins (workers_begin) and sending its events (workers_emit), which reach
 * spec->emit in the process that called workers_run: a settled period with its
 * SummaryEntry, and its line written to the unit's results, which go to spec->write in unit
 * order, so any number of workers gives the same lines in the same order. A worker runs
 * with the watchdog on; one that ends while it settles a contract (the watchdog, for a term
 * stuck inside one VM instruction; a signal) is reported against that contract, what it
 * wrote past what it told is cut off, and a new worker goes on from the next contract.
 * Prints nothing.
 */
#ifndef OCE_WORKERS_H
#define OCE_WORKERS_H

#include <stddef.h>

#include "error.h"
#include "run.h"

/* A worker's side of the messages: given to spec->settle. */
typedef struct Workers Workers;

/* In a worker: contract `index` of the unit, called name, begins; its events follow, and its
 * RUN_DONE ends it. */
int workers_begin(Workers *w, size_t index, const char *name, OceError *err);
/* In a worker: the RunEmit that sends an event to the parent (ctx: the Workers). */
int workers_emit(void *ctx, const RunEvent *e, OceError *err);

/* Settles unit `unit` from its contract `from` on (those before it were settled by a worker
 * that ended), in a worker. */
typedef int (*WorkersSettle)(void *self, Workers *w, size_t unit, size_t from, OceError *err);

typedef struct WorkersSpec {
    size_t units;
    unsigned jobs;       /* workers; at most one a unit */
    const char *scratch; /* where a folder of the units' results is made, and removed */
    WorkersSettle settle;
    void *self;
    RunEmit emit; /* the events, in the parent */
    void *ctx;
    /* Each settled period's line (n bytes, its newline the last), in unit order; -1 (err
     * filled) stops the run. */
    int (*write)(void *ctx, const char *line, size_t n, OceError *err);
} WorkersSpec;

/* Runs every unit; -1 with err filled when a worker cannot be started or heard, one ends
 * while it settles no contract, or emit or write stops the run. */
int workers_run(const WorkersSpec *spec, OceError *err);
/* While workers_run runs, SIGINT, SIGTERM and SIGHUP stop it: the workers are ended, its
 * scratch files removed, and it fails ("the run was stopped by signal 15 (Terminated)").
 * The signal that did, or 0: the caller ends the same way once it has cleaned up. */
int workers_stopped(void);

#endif
