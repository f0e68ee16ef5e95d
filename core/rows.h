/*
 * rows: which settlement each row of an input file belongs to. Outcomes and incident logs hold
 * the rows of many contracts (and outcomes, of many periods); each row names its contract and,
 * in outcomes, its period. A row is this settlement's, another contract's or another period's,
 * or it is a mistake that would otherwise be lost without a word: a period that is not one, a
 * period of another kind than the one settled, or a contract id that differs from the
 * contract's only by case, by '-' against '_' or by spaces around it (Unicode dashes and
 * no-break spaces counting as '-' and ' '). Readers count the rows
 * by what became of them, so that a settlement can show that none went missing. Plain values;
 * nothing is allocated. Uses the calendar, and the table reader's quoting for messages.
 */
#ifndef OCE_ROWS_H
#define OCE_ROWS_H

#include <stdbool.h>
#include <stddef.h>

#include "calendar.h"

typedef enum RowFate {
    ROW_USED,           /* the contract and period settled */
    ROW_OTHER_CONTRACT, /* another contract's: set aside */
    ROW_OTHER_PERIOD,   /* the contract's, of another period: set aside */
    ROW_BAD_CONTRACT,   /* a mistake in the contract id: an error */
    ROW_BAD_PERIOD      /* a mistake in the period: an error */
} RowFate;

/* What became of an input's rows: read is the sum of the others. */
typedef struct RowCount {
    size_t read, used, other_contracts, other_periods;
} RowCount;

/* Whose rows a reader keeps. */
typedef struct RowScope {
    const char *contract; /* the id of the contract settled */
    const Period *period; /* the period settled; NULL for an input whose rows carry none */
    /* Whether id is a contract the caller settles too, when it knows them all (a period run);
     * NULL when it does not (one settlement). Known, an id is another contract's even when it
     * is a near miss of this one; not known, it is an error, not a row to set aside. */
    bool (*known)(void *ctx, const char *id);
    void *ctx;
} RowScope;

/* What becomes of a row naming contract id and, when the scope has a period, period (the text
 * as written). For a mistake, why (size bytes) says what is wrong and what was expected,
 * without the file and line, which the caller adds. A period that is not one is a mistake in
 * any contract's row; a period of another kind only in this contract's. */
RowFate rows_classify(const RowScope *s, const char *id, const char *period, char *why,
                      size_t size);

/* Counts a row that was kept or set aside (not a mistake). */
void rows_count(RowCount *count, RowFate fate);

/* Whether a and b are different texts that differ only by case, by '-' against '_' (or a
 * Unicode dash or minus), or by spaces and tabs (or no-break spaces) around them, or by
 * zero-width spaces: one id mistyped as the other. */
bool rows_near_miss(const char *a, const char *b);

#endif
