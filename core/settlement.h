/*
 * settlement: the result of settling one contract period, as plain C data.
 *
 * The engine fills a Settlement; writers turn it into JSON, text and CSV. Every pointer in it
 * points into the Arena the engine was given (or into the Contract), so a Settlement is valid
 * until that arena is reset or the contract freed. Amounts are rounded Money in the contract
 * currency; line amounts are signed from the customer's side: charges, bonuses and gain-shares
 * positive, credits and pain-shares negative.
 */
#ifndef OCE_SETTLEMENT_H
#define OCE_SETTLEMENT_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"
#include "contract.h"
#include "digest.h"
#include "money.h"
#include "rows.h"

typedef struct MetricResult {
    const MetricDecl *decl;
    bool present;
    Money value;
    int met;                /* 1 met, 0 missed, -1 no target or no value */
    const char *derivation; /* the arithmetic of a metric derived from incidents, else NULL */
} MetricResult;

#define SETTLEMENT_ALL ((size_t)-1) /* a shortfall costed by all its term's lines */

typedef struct Shortfall {
    const MetricDecl *metric;
    Money target, actual;
    Money gap;        /* how far the actual missed the target, as a positive amount */
    const char *term; /* term the miss triggered */
    size_t line;      /* the line it cost (the term's line just before it), or SETTLEMENT_ALL */
    Money amount;     /* magnitude of that term's lines after caps */
    Money forgone;    /* magnitude removed from them by caps */
    const char *explanation;
} Shortfall;

typedef struct Settlement {
    const Contract *contract;
    Period period;
    MetricResult *metrics; /* one per declared metric, declaration order */
    size_t nmetrics;
    Line *lines; /* term order, then the order each term produced them */
    size_t nlines;
    Shortfall *shortfalls; /* order of the terms that reported them */
    size_t nshortfalls;
    Money charges; /* sum of positive line amounts */
    Money credits; /* sum of negative line amounts (zero or negative) */
    Money net;     /* charges + credits */
    char outcomes_sha256[DIGEST_HEX_SIZE];
    RowCount outcome_rows;           /* the outcomes rows read, used and set aside */
    const History *history;          /* the earlier periods it was computed on (none: n is 0) */
    const IncidentLog *incident_log; /* the log its derived metrics came from, or NULL */
    const IncidentReport *incidents; /* and the account of each incident in the period */
    RowCount incident_rows;          /* the log's incidents read, used (in the period) and set
                                        aside; all 0 without a log */
} Settlement;

#endif
