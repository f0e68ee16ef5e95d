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
#include "decl.h"
#include "derive.h"
#include "digest.h"
#include "money.h"
#include "rows.h"

typedef enum LineKind { LINE_CHARGE, LINE_CREDIT, LINE_BONUS, LINE_SHARE } LineKind;

static inline const char *settlement_kind_name(LineKind kind)
{
    static const char *const names[] = {"charge", "credit", "bonus", "share"};
    return names[kind];
}

typedef struct Line {
    const char *term;  /* name of the term that made it */
    size_t term_index; /* its place in the contract's terms */
    LineKind kind;
    const char *description; /* what the line is: "Monthly service fee" */
    Money amount;            /* signed, rounded to the minor unit, after caps */
    Money forgone;           /* magnitude a cap removed from this line; zero if none */
    const char *explanation; /* the arithmetic a vendor can check */
} Line;

/* What a term produced, read from its Lua results with raw access and checked. */
typedef enum OutputKind { OUTPUT_LINE, OUTPUT_SHORTFALL, OUTPUT_LIMIT } OutputKind;

/* A LIMIT bounds the lines of earlier terms (a cap, a floor or both, a collar): with terms,
 * the magnitude of those terms' lines together; without, the period's net so far. */
typedef struct TermOutput {
    OutputKind kind;
    LineKind line_kind;      /* LINE */
    Money amount;            /* LINE: signed (credits negative), not yet rounded */
    Money forgone;           /* LINE: what the term's own cap took off it, not yet rounded */
    const char *description; /* LINE, LIMIT */
    const char *explanation; /* LINE, SHORTFALL (may be NULL) */
    const char *metric;      /* SHORTFALL: a declared metric */
    bool has_max, has_min;   /* LIMIT: at most max, at least min (min <= max) */
    Money max, min;
    const size_t *terms; /* LIMIT: indexes of the earlier terms; NULL for the net */
    size_t nterms;
} TermOutput;

/* An earlier period of the contract as it stands in the ledger, read from its settlement
 * document: what terms see of it in ctx.history. */
typedef struct HistoryMetric {
    const char *name;
    bool present;
    Money value; /* in the currency for a money metric, plain otherwise */
    int met;     /* 1 met, 0 missed, -1 no target or no value */
} HistoryMetric;

typedef struct HistoryPeriod {
    Period period;
    const char *digest; /* of its settlement document */
    HistoryMetric *metrics;
    size_t nmetrics;
    Line *lines; /* term, kind, description, amount, forgone, explanation */
    size_t nlines;
    Money charges, credits, net;
} HistoryPeriod;

/* The earlier periods a settlement is computed on, oldest first. */
typedef struct History {
    const HistoryPeriod *periods;
    size_t n;
} History;

/* What a term sees of the settlement so far: ctx.period, ctx.metrics, ctx.lines, and the
 * earlier periods, ctx.history. */
typedef struct TermContext {
    const Period *period;
    const bool *present; /* per declared metric */
    const Money *values; /* per declared metric */
    const Line *lines;   /* lines settled so far, after caps */
    size_t nlines;
    const History *history; /* never NULL; empty when the contract declares history = false */
} TermContext;

typedef struct Outcome {
    bool present;       /* false: optional metric not measured this period */
    Money value;        /* plain, or in the contract currency for money metrics */
    const char *note;   /* NULL when absent */
    const char *source; /* NULL when absent */
    int line;           /* where it was read (CSV line, JSON element index + 1) */
} Outcome;

typedef struct OutcomeSet {
    Outcome *values;              /* one per contract metric, in declaration order */
    size_t n;                     /* == contract->nmetrics */
    char sha256[DIGEST_HEX_SIZE]; /* of the whole input file's bytes */
    RowCount rows;                /* the outcomes rows read, used and set aside */
    RowCount incident_rows;       /* the incidents of the log: used are those in the period */
    /* The incident log the derived metrics were computed from, and the account of its
     * incidents in the period (both NULL when the contract derives none); each derived
     * metric's arithmetic is its value's note. */
    const IncidentLog *incidents;
    const IncidentReport *report;
} OutcomeSet;

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
    const Decl *decl;
    const DeclVersion *version; /* the version it was settled by */
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
