/*
 * adjust: the adjustment a corrected settlement of a final period makes: a credit note (the
 * customer owes less) or a debit note (more), holding only the difference, line by line, from
 * the settlement it corrects, and referring to that settlement's invoice. Lines are matched by
 * term and description, and lines alike by their order. It reads and writes settlement documents as
 * JSON (cJSON) and knows neither Lua nor the engine. Returned strings are malloc'ed.
 */
#ifndef OCE_ADJUST_H
#define OCE_ADJUST_H

#include "error.h"

/* The adjustment document numbered `number`, correcting the settlement `was` (invoiced as
 * `invoice`, or adjusted last by it) to the settlement `now`; both are settlement documents.
 * *kind is "credit-note" or "debit-note"; *difference the net change as decimal text
 * (malloc'ed, like the document); *nlines the number of lines that differ (0: the amounts are
 * the same, and no adjustment is due). */
char *adjust_document(const char *was, const char *now, const char *number, const char *invoice,
                      const char **kind, char **difference, int *nlines, OceError *err);

#endif
