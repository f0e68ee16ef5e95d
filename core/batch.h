/*
 * batch: the period run of a portfolio, contracts made from templates, in memory that does
 * not grow with the portfolio. The portfolio and the outcomes file are each read once, as a
 * stream, and every row is put in the bucket of its contract (a hash of its id: spill.h); then
 * the buckets are settled one at a time: a bucket's outcomes are held, grouped by contract,
 * and each of its contracts is settled through run_item, from its template (each template's
 * text read once) with its row's parameters. So the settlements come in the order of the
 * buckets, and in the portfolio's order within each: the same order on any machine. An
 * outcomes row of a contract the portfolio does not hold is reported with its line; a
 * contract_id given twice is a failure of the second. With a shard (k of n), only the
 * contracts whose id hashes to it are settled, and only their rows are reported.
 *
 * The buckets are settled by `jobs` worker processes, forked once the inputs are read, each
 * with the watchdog on. A worker tells the process that started it of each contract as it
 * begins and ends, and of each event; the events reach emit in that process (a settled
 * period with its SummaryEntry and no Settlement or line: the lines go to spec->write, in
 * bucket order). A worker that ends while it settles a contract (its time limit inside one VM
 * instruction, a signal) costs that contract alone: it is reported as what ended it, and a
 * new worker goes on from the next. Prints nothing.
 */
#ifndef OCE_BATCH_H
#define OCE_BATCH_H

#include <stddef.h>

#include "calendar.h"
#include "error.h"
#include "run.h"
#include "sandbox.h"

typedef struct BatchSpec {
    const char *portfolio; /* .csv or .jsonl (portfolio.h) */
    const char *templates; /* the folder of the templates, NAME.lua each */
    const char *outcomes;  /* every contract's outcomes: .csv (streamed) or .json */
    const char *incidents; /* every contract's incident log (.csv streamed, or .json), or NULL */
    const Period *period;
    const SandboxLimits *limits; /* NULL: the defaults */
    const char *scratch;         /* the folder the buckets are kept in */
    unsigned shard, nshards;     /* settle shard `shard` (0-based) of nshards; 0 of 1: all */
    /* Called once the inputs are read, with the number of contracts to settle; NULL: none. */
    void (*started)(void *ctx, size_t contracts);
    unsigned jobs; /* worker processes, at least 1 */
    /* Takes each settlement's line (n bytes, its newline the last), in bucket order: -1 (err
     * filled) stops the run. */
    int (*write)(void *ctx, const char *data, size_t n, OceError *err);
} BatchSpec;

/* The shard (0-based, of n) a contract id falls in; the same on any machine. */
unsigned batch_shard_of(const char *contract_id, unsigned n);

/* Settles every contract of the portfolio for spec->period, giving each event to emit (a row
 * of no contract is a RUN_STRAY event). -1 with err filled when an input cannot be read or is
 * malformed (nothing is settled then), or when emit stops the run. */
int batch_run(const BatchSpec *spec, RunEmit emit, void *ctx, OceError *err);

#endif
