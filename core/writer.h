/*
 * writer: turns a Settlement into its output documents and writes files all or nothing.
 *
 * The JSON document is the settlement of record (format in docs/formats.md): amounts are
 * decimal strings, keys in a fixed order, and its "digest" is the SHA-256 of the compact
 * serialization of the document without the digest member. Text is the readable invoice and
 * shortfall table; CSV holds the invoice lines. Returned strings are malloc'ed and owned by the
 * caller (free them). Writers know nothing of Lua or of input formats.
 */
#ifndef OCE_WRITER_H
#define OCE_WRITER_H

#include <stddef.h>

#include "error.h"
#include "settlement.h"

/* The layout of the settlement document, and the one before it: format 2 is format 3 without
 * outcomes_rows and incidents_rows. A document of format 2 that an earlier oce wrote is the
 * same settlement as a document of format 3 whose writer_earlier it is. */
#define WRITER_FORMAT "oce-settlement-3"
#define WRITER_FORMAT_EARLIER "oce-settlement-2"

char *writer_json(const Settlement *s, OceError *err);
/* A settlement document of WRITER_FORMAT (JSON text) as an earlier oce wrote the same
 * settlement: of WRITER_FORMAT_EARLIER, without the counts of its inputs' rows, its digest
 * made again; malloc'ed. NULL when it is not a settlement document of WRITER_FORMAT, or out
 * of memory. */
char *writer_earlier(const char *document);
/* The digest alone; -1 likewise. */
int writer_earlier_digest(const char *document, char digest[DIGEST_HEX_SIZE]);
/* The digest a document (settlement or adjustment, as JSON text) should carry: the SHA-256 of
 * its compact form without its digest member. -1 when the text is not a JSON object or out of
 * memory. */
int writer_digest_of(const char *document, char digest[DIGEST_HEX_SIZE]);

/* The document's digest alone, as writer_json writes it. */
int writer_digest(const Settlement *s, char digest[DIGEST_HEX_SIZE], OceError *err);
char *writer_text(const Settlement *s, OceError *err);
char *writer_csv(const Settlement *s, OceError *err);

/* The file name stem for a settlement: "<contract id>-<period id>". */
void writer_stem(const Settlement *s, char *buf, size_t size);

typedef struct OutputFile {
    const char *name;     /* file name inside the directory */
    const char *contents; /* NUL-terminated */
} OutputFile;

/* Writes every file into dir (created if missing), all or nothing: each to a temporary beside
 * it, then, when all are written and ready (if not NULL) succeeds, into place through a journal
 * that makes the set replace the old files together (ready records the settlement in the
 * ledger, so the files are replaced only once it is). Writers of one folder take turns under
 * a lock on it. On failure nothing new is left in dir, and files already there are as they
 * were; a writer killed part way leaves either the old files or a journal that the next
 * writer into dir, or writer_recover, finishes. */
int writer_write_files(const char *dir, const OutputFile *files, size_t n,
                       int (*ready)(void *ctx, OceError *err), void *ctx, OceError *err);

/* Finishes a commit into dir that a killed writer left, and removes the temporaries of writes
 * that never reached their journal. A dir that is missing, or no folder, has nothing to
 * recover. */
int writer_recover(const char *dir, OceError *err);

#endif
