/*
 * outcomes: reads a period's measured outcomes from CSV or JSON and checks them against the
 * contract's metric declarations.
 *
 * CSV is long form with a header naming the columns contract, period, metric, value and
 * optionally note and source, in any order. JSON is {"outcomes": [{"contract": ..., "period":
 * ..., "metric": ..., "value": "99.95", "note": ..., "source": ...}, ...]} with every value a
 * decimal string. The format is chosen by the file's extension (.csv or .json). Rows for other
 * contracts or periods are set aside, and counted; a row that only looks like another's (a
 * period that is not one, or of another kind, or a contract id mistyped: see rows.h) is an
 * error. Values are exact decimals; errors name the file and line (CSV) or the element path
 * (JSON). No Lua and no floating point here.
 * An OutcomeSet's memory belongs to the Arena passed to outcomes_read.
 */
#ifndef OCE_OUTCOMES_H
#define OCE_OUTCOMES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "calendar.h"
#include "decl.h"
#include "derive.h"
#include "digest.h"
#include "error.h"
#include "money.h"
#include "rows.h"
#include "settlement.h"

/* Computes the contract's derived metrics for period p from the incident log into set
 * (read, or made empty for a contract that measures nothing, before). Fails (OCE_EUSAGE)
 * when the contract derives metrics and log is NULL, or the other way round. */
int outcomes_derive(OutcomeSet *set, const Decl *d, const DeclVersion *v, const Period *p,
                    const IncidentLog *log, Arena *arena, OceError *err);

/* The period's outcomes: measured, from the outcomes file at path outcomes (NULL: none, for
 * a contract that measures nothing), and derived, from the incident log at incidents (NULL
 * for a contract that derives nothing). OCE_EUSAGE when one is missing or not wanted. */
int outcomes_load(const Decl *d, const DeclVersion *v, const Period *p, const char *outcomes,
                  const char *incidents, Arena *arena, OutcomeSet *set, OceError *err);

/* Whether the contract derives any metric from an incident log, or measures any. */
bool outcomes_derives(const DeclVersion *v);
bool outcomes_measures(const DeclVersion *v);

/* Reads path for contract c and period p. Checks, each an OCE_EOUTCOMES error naming the file
 * and line: malformed CSV/JSON, missing header columns, an undeclared metric (with a
 * did-you-mean suggestion), a value that is not a decimal (or a bare JSON number), a value
 * with more decimal places than the metric's precision, a value of 10^18 or more
 * (METRIC_MAX_WHOLE_DIGITS), a duplicate metric for the same contract and period, a value
 * outside the metric's range, a required metric missing. */
int outcomes_read(const char *path, const Decl *d, const DeclVersion *v, const Period *p,
                  Arena *arena, OutcomeSet *out, OceError *err);

/* Same, from a buffer; `name` is used in error messages (tests use this). */
int outcomes_parse(const char *name, const char *data, size_t len, const Decl *d,
                   const DeclVersion *v, const Period *p, Arena *arena, OutcomeSet *out,
                   OceError *err);

/* One row of outcomes of a contract period: where it was (its line), its metric, its value as
 * decimal text, and its note and source (NULL: none). */
typedef struct OutcomeRow {
    int line;
    const char *metric, *value, *note, *source;
} OutcomeRow;

/* The outcomes of the period from its rows, n of them, as read from the file `name` (a
 * portfolio's outcomes file, whose rows were sorted out by contract): each checked as a row
 * of a file is, its error naming its line; a required metric missing is named at `line`.
 * The digest is of the lines "metric=value" in the order the version declares the metrics,
 * so that it does not depend on the order of the file's rows. */
int outcomes_from_rows(const char *name, int line, const OutcomeRow *rows, size_t n, const Decl *d,
                       const DeclVersion *v, const Period *p, Arena *arena, OutcomeSet *out,
                       OceError *err);

/* Reads every row of the outcomes file at path, of every contract and period, as they come
 * (a CSV file a MiB at a time: see table_stream), and gives each to visit with its contract
 * and period, unchecked but for the columns and UTF-8. */
typedef int (*OutcomesVisit)(void *ctx, const char *contract, const char *period,
                             const OutcomeRow *row, OceError *err);
int outcomes_stream(const char *path, OutcomesVisit visit, void *ctx, OceError *err);

/* The outcomes of the period given as metric names and decimal texts, n of each, as a
 * contract test case states them: checked as rows of a file are, each error naming the file
 * and line of the case. The digest is of the lines "metric=value" in the order given. */
int outcomes_from_values(const char *name, int line, const char *const *metrics,
                         const char *const *values, size_t n, const Decl *d, const DeclVersion *v,
                         const Period *p, Arena *arena, OutcomeSet *out, OceError *err);

#endif
