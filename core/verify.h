/*
 * verify: checks a settlement document, the way either party to a contract proves a
 * settlement: that its digest matches its contents, and, given the contract script and the
 * outcomes it was settled from, that settling them again gives the same document, naming the
 * first difference when it does not. A document of the layout before (writer_earlier) is
 * compared in its own layout. It reads the document through doc and settles through the
 * engine and the writer; it knows no Lua.
 */
#ifndef OCE_VERIFY_H
#define OCE_VERIFY_H

#include <stdbool.h>

#include "error.h"
#include "sandbox.h"

typedef struct VerifyResult {
    bool verified;
    char message[1200]; /* what was checked, or the first thing that did not hold */
} VerifyResult;

/* Verifies the document at path; contract and outcomes may both be NULL (the digest alone is
 * checked) or both given (outcomes may be NULL for a contract that measures nothing); a
 * contract that derives metrics is settled again from the incident log at incidents, which
 * must be the one the document names. A contract that looks back is settled again on the documents
 * of its earlier periods, read from the folder history (NULL: the document's own folder) as
 * <contract>-<period>.json, each checked against its digest. Fails (-1, err filled) only
 * when an input cannot be read or the contract or outcomes are invalid; a document that does
 * not verify is a result. */
int verify_document(const char *path, const char *contract, const char *outcomes,
                    const char *incidents, const char *history, const SandboxLimits *limits,
                    VerifyResult *out, OceError *err);

/* Verifies every line of a file of settlement documents one a line (oce run's
 * settlements.jsonl): that each line's digest matches its contents. The result names the
 * first line that does not. Fails (-1, err filled) only when the file cannot be read. */
int verify_lines(const char *path, VerifyResult *out, OceError *err);

#endif
