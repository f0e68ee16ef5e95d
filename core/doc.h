/*
 * doc: the settlement document, the settlement of record (format in docs/formats.md), both
 * ways, and the adjustment document made from two of them: the only module that knows their
 * key names.
 *
 * Writing streams the document: its text goes into a growable buffer and, in the same pass,
 * its compact form without the digest member goes to SHA-256, with no tree in between. The
 * text is byte for byte what cJSON_Print prints of the same members (tabs, cJSON's escapes),
 * with a final newline; the digest is the SHA-256 of the compact serialization without the
 * digest member, which is the last. Reading parses a document with cJSON, into a
 * HistoryPeriod or into a Doc the caller asks questions of. Returned strings are malloc'ed and
 * the caller's; what doc_read_period reads lives in the caller's Arena; what a Doc's getters
 * return lives as long as the Doc.
 */
#ifndef OCE_DOC_H
#define OCE_DOC_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "decl.h"
#include "settlement.h"
#include "digest.h"
#include "error.h"
#include "settlement.h"

/* The layout of the settlement document, and the one before it: format 2 is format 3 without
 * outcomes_rows and incidents_rows. A document of format 2 that an earlier oce wrote is the
 * same settlement as a document of format 3 whose doc_earlier it is. */
#define DOC_FORMAT "oce-settlement-3"
#define DOC_FORMAT_EARLIER "oce-settlement-2"

/* ---- Writing --------------------------------------------------------------------------- */

/* The document of s as text, malloc'ed; NULL with OCE_ENOMEM when out of memory. */
char *doc_write(const Settlement *s, OceError *err);
/* The same document in its compact form, as one line of JSON Lines ending in a newline: the
 * bytes its digest is the SHA-256 of, then the digest member, last. malloc'ed. */
char *doc_write_line(const Settlement *s, OceError *err);
/* The digest doc_write would give s, without writing its text. */
int doc_digest(const Settlement *s, char digest[DIGEST_HEX_SIZE], OceError *err);

/* The forms the document writes values in, for the other renderers to show the same: an
 * amount to the currency's minor unit, a measured value, target or gap to its metric's
 * precision (money metrics to the minor unit), never cut short. */
void doc_format_amount(const Settlement *s, Money m, char buf[MONEY_STR_MAX]);
void doc_format_measure(const Settlement *s, const MetricDecl *d, Money m, char buf[MONEY_STR_MAX]);
/* The days of the period the contract is in effect: all of it but in a first or last period. */
void doc_covered(const Settlement *s, Date *from, Date *to);
/* How an incident counted, in words: "counted", "partly counted", "not counted", "excluded". */
const char *doc_finding_status(const Finding *f);

/* ---- Reading --------------------------------------------------------------------------- */

/* Reads a settlement document of contract c into out; `what` names it in errors (a file, or
 * "the ledger's 2026-09"). Refuses (OCE_EPERIOD) a document of another contract or currency,
 * or one whose digest does not match its contents. */
int doc_read_period(const char *document, const char *what, const Decl *c, Arena *arena,
                    HistoryPeriod *out, OceError *err);

/* The digest a document (settlement or adjustment, as JSON text) should carry: the SHA-256 of
 * its compact form without its digest member. -1 when the text is not a JSON object or out of
 * memory. */
int doc_digest_of(const char *document, char digest[DIGEST_HEX_SIZE]);

/* A settlement document of DOC_FORMAT (JSON text) as an earlier oce wrote the same
 * settlement: of DOC_FORMAT_EARLIER, without the counts of its inputs' rows, its digest made
 * again; malloc'ed. NULL when it is not a settlement document of DOC_FORMAT, or out of
 * memory. */
char *doc_earlier(const char *document);
/* The digest alone; -1 likewise. */
int doc_earlier_digest(const char *document, char digest[DIGEST_HEX_SIZE]);

/* A stored document (settlement or adjustment) as a few readable lines: what it is, its
 * lines, its totals; malloc'ed. NULL when it is not JSON, or out of memory. */
char *doc_summary(const char *document);

/* The adjustment a corrected settlement of a final period makes (format in docs/formats.md):
 * a credit note (the customer owes less) or a debit note (more), numbered `number`, holding
 * only the difference, line by line, from the settlement `was` it corrects (invoiced as
 * `invoice`, or adjusted last by it) to the settlement `now`; both are settlement documents.
 * Lines are matched by term and description, and lines alike by their order. *kind is
 * "credit-note" or "debit-note"; *difference the net change as decimal text (malloc'ed, like
 * the document); *nlines the number of lines that differ (0: the amounts are the same, and no
 * adjustment is due). */
char *doc_adjustment(const char *was, const char *now, const char *number, const char *invoice,
                     const char **kind, char **difference, int *nlines, OceError *err);

/* A document parsed, to be asked about: doc_parse gives NULL when the text is not a JSON
 * object (or out of memory); doc_free(NULL) is a no-op. */
typedef struct Doc Doc;

/* What a document says of itself; NULL when it does not say it as text. */
typedef enum DocFact {
    DOC_FACT_FORMAT,
    DOC_FACT_DIGEST,
    DOC_FACT_CURRENCY,
    DOC_FACT_PERIOD,           /* the period's id */
    DOC_FACT_SCRIPT_SHA256,    /* the contract script's */
    DOC_FACT_OUTCOMES_SHA256,  /* the outcomes' */
    DOC_FACT_INCIDENTS_SHA256, /* the incident log's, when it was settled from one */
    DOC_FACT_CONTRACT,         /* the contract's id */
    DOC_FACT_VERSION,          /* the version of the contract that settled it */
    DOC_FACT_NET,              /* the net, as decimal text */
} DocFact;

Doc *doc_parse(const char *text);
void doc_free(Doc *d);
const char *doc_fact(const Doc *d, DocFact fact);
/* The digest d records for the earlier period `period` in its history, or NULL. */
const char *doc_recorded(const Doc *d, const char *period);
/* Whether a and b differ; when they do, the path of the first difference in document order
 * ("lines[1].amount"; "" for the top) and what each says there, as a message reads it
 * ("\"-12750.00\"", "null", "a list of 3", "nothing"). */
bool doc_first_difference(const Doc *a, const Doc *b, char *path, size_t path_size, char *was,
                          char *now, size_t value_size);

#endif
