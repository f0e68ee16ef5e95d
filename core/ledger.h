/*
 * ledger: the record of settlements, in an SQLite file (oce.db, found as git finds its
 * repository: see cli.c). Each contract period has one entry: a draft while it may still
 * change, then final, with an invoice number from a gap-free sequence, never to change again.
 * Every write is one immediate transaction, so a process killed at any point leaves the
 * ledger before or after it, and two processes settling at once wait for each other (busy
 * timeout) rather than collide. A ledger is made whole or not at all (its schema is written
 * into a private file that is then linked into place), so a file that is there must be a
 * ledger: an empty file, one that is not SQLite's, or an SQLite database without oce's tables
 * is refused rather than taken for a new ledger, whose numbers would start at 1 again. The
 * schema carries its version and is migrated forward when opened to write. A ledger that
 * cannot be written (a read-only file, folder or mount) can still be read. The ledger stores
 * documents the writers made; it knows neither Lua nor the engine.
 */
#ifndef OCE_LEDGER_H
#define OCE_LEDGER_H

#include <stddef.h>

#include "error.h"

typedef struct Ledger Ledger;

#define LEDGER_SCHEMA_VERSION 5

/* How a ledger is opened. To write, migrated forward: one that must be there (finalising,
 * and settling into the ledger found), or made empty when there is none (settling into a
 * ledger named by path), or made empty and refused when there is a file already (oce ledger
 * init). To read: never written nor migrated, which needs this oce's schema (a dry run); or
 * read, but migrated forward first when it is of an older schema and can be written (the
 * ledger commands). A ledger that cannot be written opens only to read. */
enum { LEDGER_EXISTING, LEDGER_CREATE, LEDGER_INIT, LEDGER_READ, LEDGER_INSPECT };

/* Opens the ledger at path as mode says; release with ledger_close. */
Ledger *ledger_open(const char *path, int mode, OceError *err);
void ledger_close(Ledger *l);

/* Whether ledger_open made the ledger (LEDGER_CREATE or LEDGER_INIT): there was none. */
int ledger_made(const Ledger *l);

/* What one settlement is, for the ledger. */
typedef struct LedgerEntry {
    const char *contract; /* contract id */
    const char *period;   /* period id */
    const char *script_sha256, *outcomes_sha256, *digest;
    const char *currency, *net; /* the net as a decimal text */
    const char *document;       /* the whole JSON document */
    const char *version;        /* the version of the contract that settled it */
} LedgerEntry;

typedef enum LedgerOutcome {
    LEDGER_RECORDED,    /* a new draft */
    LEDGER_REPLACED,    /* a draft with other inputs, replaced */
    LEDGER_UNCHANGED,   /* the same draft, or the final settlement as it stands: nothing written */
    LEDGER_ADJUSTED,    /* final, and these inputs settle it differently: an adjustment issued */
    LEDGER_SAME_AMOUNTS /* final, and other inputs settle it to the same amounts: no adjustment,
                           but the period is restated: the new settlement is what it stands as */
} LedgerOutcome;

typedef struct LedgerResult {
    LedgerOutcome outcome;
    char number[64];     /* ADJUSTED: the adjustment's number */
    char kind[16];       /* ADJUSTED: "credit-note" or "debit-note" */
    char difference[64]; /* ADJUSTED: the change to the net */
    char adjusts[64];    /* ADJUSTED: the invoice it corrects */
    char stale[512];     /* later periods settled on another version of this one, to settle
                            again: "2026-11 (draft), 2026-12 (final)"; "" when none */
} LedgerResult;

/* Records a settlement: as the period's draft while it is not final; once final, a
 * settlement with other inputs issues an adjustment holding the difference from the
 * settlement as it stands (the original, or its latest adjustment), numbered from the same
 * sequence as invoices with prefix. The same inputs again change nothing, also when the
 * ledger holds the settlement as an earlier oce wrote it (doc_earlier), which stays. */
int ledger_record(Ledger *l, const LedgerEntry *e, const char *prefix, LedgerResult *out,
                  OceError *err);
/* A batch of records in one transaction, for a run that records many: between begin and end
 * each ledger_record is a savepoint of it (one that fails is undone alone), and end commits
 * them together (commit) or undoes them all. */
int ledger_batch_begin(Ledger *l, OceError *err);
int ledger_batch_end(Ledger *l, int commit, OceError *err);

/* What a merge came to: the drafts of each shard recorded in the ledger merged into. */
typedef struct LedgerMerge {
    size_t shards;         /* merged whole */
    size_t entries;        /* drafts read */
    size_t outcomes[5];    /* by LedgerOutcome */
    char stopped_at[4096]; /* the shard a failure stopped at, its earlier shards merged */
} LedgerMerge;

/* Merges the ledgers of shards (n paths), each holding the drafts of a part of one run's
 * contracts (oce run --shard --ledger), into l: each draft is recorded as ledger_record
 * records it, every shard in a transaction of its own, in contract and period order. Refused
 * before anything is written: a shard that is no ledger of this schema, one that holds a
 * final period or an adjustment (finalising runs once, on the merged ledger), and a period
 * that two shards settled differently. A record l refuses stops the merge at that shard,
 * the shards before it merged (merging again goes on where it stopped: the drafts already
 * there are unchanged). */
int ledger_merge(Ledger *l, const char *const *shards, size_t n, const char *prefix,
                 LedgerMerge *out, OceError *err);
/* It refuses (OCE_EPERIOD) a settlement made on earlier periods (its document's "history")
 * that no longer stand as they were, and fills out->stale with the later periods made on
 * another version of this one. Finalising likewise refuses a draft whose history moved. */

/* Calls visit with each period of the contract in the ledger, in period order, and its
 * settlement document as it stands (the original, or as its latest adjustment corrected it);
 * a non-zero return from visit stops and is returned. */
typedef int (*LedgerStanding)(void *ctx, const char *period, const char *document);
int ledger_standing(Ledger *l, const char *contract, LedgerStanding visit, void *ctx,
                    OceError *err);

/* Finalises the period's draft with the next invoice number (prefix and six digits, e.g.
 * INV-000001), written into number (at least 64 bytes). *already is 1 when it was final
 * before (number is its number). Fails (OCE_EUSAGE) when the period has no settlement. */
int ledger_finalize(Ledger *l, const char *contract, const char *period, const char *prefix,
                    char *number, int *already, OceError *err);

/* Calls visit for each entry, in contract and period order, optionally only one contract or
 * one period (NULL for all): each settlement (status "draft" or "final"; invoice NULL for a
 * draft), then its adjustments in the order issued (status "credit-note" or "debit-note",
 * net the difference they make). */
typedef void (*LedgerVisit)(void *ctx, const char *contract, const char *period, const char *status,
                            const char *invoice, const char *currency, const char *net,
                            const char *digest);
int ledger_list(Ledger *l, const char *contract, const char *period, LedgerVisit visit, void *ctx,
                OceError *err);

/* The stored document of an entry: a settlement by its invoice number or as CONTRACT/PERIOD
 * (a draft has no number), or an adjustment by its number; malloc'ed, the caller frees it.
 * NULL with err (OCE_EUSAGE) when there is none. */
char *ledger_show(Ledger *l, const char *key, OceError *err);

/* What finance posts for a period: every final invoice and adjustment of the period, in
 * number order, as CSV (header number,kind,contract,period,currency,amount,adjusts,digest)
 * or as a JSON object {"period": ..., "documents": [...]}; malloc'ed. Drafts are not posted;
 * *drafts counts them, so the caller can say the period is not all final. */
char *ledger_export(Ledger *l, const char *period, int json, size_t *drafts, OceError *err);

/* Checks the ledger: SQLite's integrity check; that the invoice and adjustment numbers run
 * 1, 2, 3 ... without a gap or a repeat; that every stored document matches its digest and
 * the columns beside it; that each adjustment follows from what it corrects (previous_digest
 * and settlement_digest); and that no draft was settled on an earlier period that has changed
 * since. Fills problem ("" when all is well). */
int ledger_check(Ledger *l, char *problem, size_t size, OceError *err);

#endif
