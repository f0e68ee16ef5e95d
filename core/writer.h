/*
 * writer: turns a Settlement into its output documents and writes files all or nothing.
 *
 * The JSON document is the settlement of record, and doc writes and reads it (doc.h); the
 * writer_json and writer_digest* functions here are doc's, under the names the renderers and
 * their callers use. Text is the readable invoice and shortfall table; CSV holds the invoice
 * lines. Returned strings are malloc'ed and owned by the caller (free them). Writers know
 * nothing of Lua or of input formats.
 */
#ifndef OCE_WRITER_H
#define OCE_WRITER_H

#include <stddef.h>

#include "doc.h"
#include "error.h"
#include "settlement.h"
#include "summary.h"

#define WRITER_FORMAT DOC_FORMAT
#define WRITER_FORMAT_EARLIER DOC_FORMAT_EARLIER

/* doc_write, doc_earlier, doc_earlier_digest, doc_digest_of and doc_digest (doc.h). */
char *writer_json(const Settlement *s, OceError *err);
char *writer_earlier(const char *document);
int writer_earlier_digest(const char *document, char digest[DIGEST_HEX_SIZE]);
int writer_digest_of(const char *document, char digest[DIGEST_HEX_SIZE]);
int writer_digest(const Settlement *s, char digest[DIGEST_HEX_SIZE], OceError *err);

char *writer_text(const Settlement *s, OceError *err);
char *writer_csv(const Settlement *s, OceError *err);

/* The file name stem for a settlement: "<contract id>-<period id>". */
void writer_stem(const Settlement *s, char *buf, size_t size);

/* A run's summary: what summary.json holds (format in docs/formats.md), and the readable
 * form oce run prints. settlements names the file of the settlements, with its SHA-256 and
 * size in bytes. */
typedef struct SummaryOut {
    const Summary *sum;
    const char *period;
    const char *settlements;
    const char *sha256;
    long long bytes;
} SummaryOut;
char *writer_summary_json(const SummaryOut *so, OceError *err);
char *writer_summary_text(const SummaryOut *so, OceError *err);

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

/* A file too large to hold in memory (a run's settlements.jsonl), streamed into its
 * temporary in dir and committed with a few files held in memory, all or nothing, as
 * writer_write_files commits: the folder's lock is held from open to commit or abort, so
 * nothing else writes there meanwhile. */
typedef struct WriterStream WriterStream;

/* Makes dir (as mkdir -p), takes its lock, finishes what a killed writer left, and opens the
 * temporary of dir/name. NULL with err filled. */
WriterStream *writer_stream_open(const char *dir, const char *name, OceError *err);
int writer_stream_write(WriterStream *st, const char *text, size_t len, OceError *err);
/* The SHA-256 of what was written so far, and its bytes. */
void writer_stream_digest(const WriterStream *st, char out[DIGEST_HEX_SIZE], long long *bytes);
/* Commits the stream's file and the n files of also together, and frees st. On failure
 * nothing new is left in dir. */
int writer_stream_commit(WriterStream *st, const OutputFile *also, size_t n, OceError *err);
/* Leaves dir as it was, and frees st (NULL: nothing). */
void writer_stream_abort(WriterStream *st);

/* Finishes a commit into dir that a killed writer left, and removes the temporaries of writes
 * that never reached their journal. A dir that is missing, or no folder, has nothing to
 * recover. */
int writer_recover(const char *dir, OceError *err);

#endif
