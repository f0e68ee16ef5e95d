/*
 * summary: what a run of many settlements comes to, kept as they come and in bounded memory:
 * how many contract periods were settled, failed or were not due; for each currency, the
 * charges, credits and net, and the largest credits and shortfalls. Ties are broken by
 * contract and period, so the same settlements give the same summary in any order. No Lua,
 * no file format: writer renders it.
 */
#ifndef OCE_SUMMARY_H
#define OCE_SUMMARY_H

#include <stddef.h>

#include "error.h"
#include "money.h"
#include "settlement.h"

/* The largest few of each kind a currency keeps. */
#define SUMMARY_TOP 5
/* The currencies a summary keeps apart; a run in more is refused when the next arrives. */
#define SUMMARY_CURRENCIES 32

/* One contract period of the largest: its credits, or one shortfall and what it cost. */
typedef struct SummaryTop {
    char contract[96];
    char period[16];
    char what[96]; /* the shortfall's metric and term ("availability (availability_credit)");
                      "" for credits */
    Money amount;  /* the credits' total (a negative amount), or the shortfall's cost */
} SummaryTop;

typedef struct SummaryCurrency {
    char code[4];
    int minor_unit;
    size_t settled; /* contract periods settled in it */
    Money charges, credits, net;
    SummaryTop credits_top[SUMMARY_TOP]; /* the largest credits first */
    size_t ncredits_top;
    SummaryTop shortfalls_top[SUMMARY_TOP];
    size_t nshortfalls_top;
} SummaryCurrency;

/* The failures and the contracts not due a summary lists; more are counted. */
#define SUMMARY_LISTED 100

/* A contract that failed (period "" when it failed to load), or was not due (why). */
typedef struct SummaryNote {
    char contract[96];
    char period[16];
    char term[64];  /* the term that failed, or "" */
    char text[640]; /* the error ("file:line: message") or why it was not due */
} SummaryNote;

typedef struct Summary {
    size_t contracts;     /* contracts of the run */
    size_t settled;       /* contract periods settled */
    size_t failed;        /* contracts with a period that failed, or that failed to load */
    size_t failure_count; /* periods that failed, and contracts that did not load */
    size_t not_due;       /* contracts with no period of their cadence inside the run's */
    SummaryCurrency currencies[SUMMARY_CURRENCIES]; /* in the order of their codes */
    size_t ncurrencies;
    SummaryNote failures[SUMMARY_LISTED]; /* the first, in the run's order */
    size_t nfailures;
    SummaryNote not_due_list[SUMMARY_LISTED];
    size_t nnot_due;
    size_t strays; /* rows of an input whose contract the run does not hold */
    SummaryNote stray_list[SUMMARY_LISTED];
    size_t nstrays;
} Summary;

/* What a summary takes of one settlement: its totals, and its largest shortfalls. Plain
 * data, so that a worker process can send it to the one that keeps the summary. */
typedef struct SummaryEntry {
    char contract[96];
    char period[16];
    char currency[4];
    int minor_unit;
    Money charges, credits, net;
    SummaryTop shortfalls[SUMMARY_TOP]; /* the largest that cost anything, largest first */
    size_t nshortfalls;
} SummaryEntry;

void summary_init(Summary *sum);
/* The entry of a settlement. */
void summary_entry(const Settlement *s, SummaryEntry *out);
/* Adds a settlement's entry: its totals to its currency's, and its credits and shortfalls to
 * the largest when they are. -1 with err filled when a total overflows or there are too
 * many currencies. */
int summary_add(Summary *sum, const SummaryEntry *e, OceError *err);
/* Lists a failure of a contract: at period (NULL: as it loaded), for the reason err gives. */
void summary_fail(Summary *sum, const char *contract, const char *period, const OceError *err);
/* Counts a contract that had failures, once. */
void summary_failed_contract(Summary *sum);
/* Counts rows of an input that belong to no contract of the run, as err says where. */
void summary_stray(Summary *sum, const OceError *err, size_t rows);
/* Counts a contract that was not due, and why. */
void summary_not_due(Summary *sum, const char *contract, const char *why);

#endif
