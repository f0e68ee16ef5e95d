#include "verify.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "calendar.h"
#include "contract.h"
#include "digest.h"
#include "doc.h"
#include "history.h"
#include "outcomes.h"
#include "settle.h"
#include "writer.h"

/* A document of 10000 lines with long explanations is a few MiB; far more is not one. */
#define DOCUMENT_MAX (64u << 20)

static void say(VerifyResult *out, bool verified, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void say(VerifyResult *out, bool verified, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
    out->verified = verified;
}

static char *read_document(const char *path, OceError *err)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        error_set(err, OCE_EIO, path, 0, "cannot open the settlement document: %s",
                  strerror(errno));
        return NULL;
    }
    char *buf = malloc(DOCUMENT_MAX + 1);
    size_t n = buf ? fread(buf, 1, DOCUMENT_MAX + 1, f) : 0;
    int bad = buf == NULL || ferror(f) || n > DOCUMENT_MAX;
    fclose(f);
    if (bad) {
        free(buf);
        error_set(err, OCE_EIO, path, 0, "cannot read the settlement document%s",
                  n > DOCUMENT_MAX ? ": it is over 64 MiB" : "");
        return NULL;
    }
    buf[n] = '\0';
    return buf;
}

/* The earlier periods' documents of a contract that looks back, from the folder dir, named
 * as oce settle --out names them (<contract>-<period>.json), each checked against its own
 * digest and the one the document records for it. -1 when one cannot be read (err filled);
 * 1 when one is not what the document was settled on (out says why); else 0. */
typedef struct Documents {
    const Doc *doc; /* the document verified */
    const char *dir;
    VerifyResult *out;
} Documents;

static int read_history(void *self, Contract *c, const Period *p, Arena *arena, History *h,
                        OceError *err)
{
    const Documents *d = self;
    const Doc *doc = d->doc;
    const char *dir = d->dir;
    VerifyResult *out = d->out;
    if (!c->decl.history)
        return 0;
    size_t n;
    HistoryPeriod *periods = history_room(&c->decl, p, arena, &n, err);
    if (periods == NULL)
        return -1;
    h->periods = periods;
    Period q = history_first_period(&c->decl);
    for (size_t i = 0; i < n; i++, calendar_period_next(&q, &q)) {
        char *path = arena_printf(arena, "%s/%s-%s.json", dir, c->decl.id, q.id);
        char *text = path ? read_document(path, err) : NULL;
        if (text == NULL) {
            char why[300];
            snprintf(why, sizeof why,
                     " (contract \"%.64s\" looks at the periods before %s: give the folder "
                     "of their settlement documents with --history)",
                     c->decl.id, p->id);
            if (path != NULL)
                error_wrap(err, "", why);
            return -1;
        }
        OceError why;
        error_init(&why);
        int rc = doc_read_period(text, path, &c->decl, arena, &periods[i], &why);
        const char *want = rc == 0 ? doc_recorded(doc, q.id) : NULL;
        char before[DIGEST_HEX_SIZE];
        /* The ledger may hold the period as an earlier oce wrote it, and the document here be
         * the same settlement written again since: the document was settled on that one. */
        if (want != NULL && strcmp(want, periods[i].digest) != 0 &&
            writer_earlier_digest(text, before) == 0 && strcmp(before, want) == 0)
            periods[i].digest = want;
        free(text);
        if (rc != 0 && why.code == OCE_ENOMEM)
            return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        if (rc != 0)
            say(out, false, "the earlier period's document %s", why.message);
        else if (strcmp(periods[i].period.id, q.id) != 0)
            say(out, false, "the earlier period's document %s is a settlement of %s, not of %s",
                path, periods[i].period.id, q.id);
        else if (want == NULL || strcmp(want, periods[i].digest) != 0)
            say(out, false,
                "%s is not the settlement of %s this one was settled on: its digest is %s, the "
                "document records %s at history[%zu].digest",
                path, q.id, periods[i].digest, want ? want : "none", i);
        else {
            h->n = i + 1;
            continue;
        }
        return 1;
    }
    return 0;
}

/* The documents beside a settlement being verified, or in the folder dir. */
static HistorySource from_documents(Documents *d, const Doc *doc, const char *dir,
                                    VerifyResult *out)
{
    *d = (Documents){doc, dir, out};
    return (HistorySource){read_history, d, ""};
}

/* What the document names as its inputs, checked against those read. */
typedef struct Named {
    const char *outcomes, *incidents; /* the files given */
    const char *outcomes_sha, *incidents_sha;
    VerifyResult *out;
} Named;

static int same_inputs(void *ctx, const OutcomeSet *set, OceError *err)
{
    (void)err;
    const Named *n = ctx;
    if (strcmp(set->sha256, n->outcomes_sha) != 0)
        say(n->out, false,
            "%s is not the outcomes it was settled from: its SHA-256 is %s, the "
            "document's %s",
            n->outcomes ? n->outcomes : "(no outcomes file)", set->sha256, n->outcomes_sha);
    else if (n->incidents != NULL && strcmp(set->incidents->sha256, n->incidents_sha) != 0)
        say(n->out, false,
            "%s is not the incident log it was settled from: its SHA-256 is %s, the "
            "document's %s",
            n->incidents, set->incidents->sha256, n->incidents_sha);
    else
        return 0;
    return 1;
}

/* json (malloc'ed, freed here) as an earlier oce wrote the same settlement; NULL when out of
 * memory. */
static char *as_earlier(char *json)
{
    char *old = writer_earlier(json);
    free(json);
    return old;
}

/* Settles the document's period again from the contract and outcomes, and compares. */
static int recompute(const Doc *doc, const char *contract, const char *outcomes,
                     const char *incidents, const char *history, const SandboxLimits *limits,
                     VerifyResult *out, OceError *err)
{
    const char *period_id = doc_fact(doc, DOC_FACT_PERIOD);
    const char *script_sha = doc_fact(doc, DOC_FACT_SCRIPT_SHA256);
    const char *outcomes_sha = doc_fact(doc, DOC_FACT_OUTCOMES_SHA256);
    const char *incidents_sha = doc_fact(doc, DOC_FACT_INCIDENTS_SHA256);
    /* A document an earlier oce wrote is compared with the settlement in its layout. */
    const char *format = doc_fact(doc, DOC_FACT_FORMAT);
    bool before = format != NULL && strcmp(format, WRITER_FORMAT_EARLIER) == 0;
    Period p;
    if (period_id == NULL || script_sha == NULL || outcomes_sha == NULL ||
        calendar_parse_period(period_id, &p, NULL) != 0) {
        say(out, false,
            "it is not a settlement document: it lacks its period, or the digests "
            "of its contract and outcomes");
        return 0;
    }
    Contract *c = contract_load(contract, limits, err);
    if (c == NULL)
        return -1;
    Arena arena;
    arena_init(&arena);
    Settlement s;
    Named named = {outcomes, incidents, outcomes_sha, incidents_sha, out};
    SettleInputs in = {
        .outcomes = outcomes, .incidents = incidents, .accept = same_inputs, .accept_ctx = &named};
    Documents docs;
    HistorySource h = from_documents(&docs, doc, history, out);
    char *json = NULL;
    int rc = 0;
    if (strcmp(c->decl.script_sha256, script_sha) != 0) {
        say(out, false,
            "%s is not the contract script it was settled with: its SHA-256 is %s, "
            "the document's %s",
            contract, c->decl.script_sha256, script_sha);
    } else if ((incidents_sha != NULL) != (incidents != NULL)) {
        say(out, false,
            incidents_sha ? "it was settled from an incident log too: give it with --incidents"
                          : "it was not settled from an incident log: leave out --incidents");
    } else if ((rc = settle_period(c, &p, &in, &h, &arena, &s, err)) != 0) {
        rc = rc < 0 ? -1 : 0; /* 1: it did not verify, and out says why */
    } else if ((json = writer_json(&s, err)) == NULL) {
        rc = -1;
    } else if (before && (json = as_earlier(json)) == NULL) {
        rc = error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    } else {
        Doc *again = doc_parse(json);
        char path[256], was[256], now[256];
        if (again == NULL) {
            rc = error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        } else if (doc_first_difference(doc, again, path, sizeof path, was, now, sizeof was)) {
            say(out, false,
                "settling %s again gives a different document: at %s it says %s, "
                "the settlement gives %s",
                p.id, path[0] ? path : "the top", was, now);
        } else {
            say(out, true,
                "verified: settling %s of %s again from %s%s%s gives the same document%s, "
                "digest %s",
                p.id, c->decl.id, outcomes ? outcomes : "", outcomes && incidents ? " and " : "",
                incidents ? incidents : "",
                before ? " (as " WRITER_FORMAT_EARLIER ", the layout it was written in)" : "",
                doc_fact(again, DOC_FACT_DIGEST));
        }
        doc_free(again);
    }
    free(json);
    arena_free(&arena);
    contract_free(c);
    return rc;
}

int verify_document(const char *path, const char *contract, const char *outcomes,
                    const char *incidents, const char *history, const SandboxLimits *limits,
                    VerifyResult *out, OceError *err)
{
    memset(out, 0, sizeof *out);
    char *text = read_document(path, err);
    if (text == NULL)
        return -1;
    Doc *doc = doc_parse(text);
    const char *stated = doc ? doc_fact(doc, DOC_FACT_DIGEST) : NULL;
    char actual[DIGEST_HEX_SIZE];
    int rc = 0;
    if (doc == NULL)
        say(out, false, "it is not a settlement document: it is not a JSON object");
    else if (stated == NULL)
        say(out, false, "it is not a settlement document: it has no digest");
    else if (writer_digest_of(text, actual) != 0)
        rc = error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    else if ((rc = strcmp(actual, stated) == 0) == 0)
        say(out, false,
            "its digest does not match its contents (it was changed after it was "
            "written): the contents' digest is %s, the document says %s",
            actual, stated);
    else if (contract == NULL)
        rc = 0, say(out, true,
                    "its digest matches its contents (give --contract and --outcomes "
                    "to settle it again and compare)");
    else {
        /* The earlier documents are beside this one unless the caller says where. */
        char dir[1024];
        const char *slash = strrchr(path, '/');
        if (history == NULL)
            snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash - path) : 1, slash ? path : ".");
        rc = recompute(doc, contract, outcomes, incidents, history ? history : dir, limits, out,
                       err);
    }
    doc_free(doc);
    free(text);
    return rc < 0 ? -1 : 0;
}

int verify_lines(const char *path, VerifyResult *out, OceError *err)
{
    memset(out, 0, sizeof *out);
    FILE *f = fopen(path, "r");
    if (f == NULL)
        return error_set(err, OCE_EIO, path, 0, "cannot read: %s", strerror(errno));
    char *line = NULL, actual[DIGEST_HEX_SIZE];
    size_t cap = 0, n = 0;
    int lineno = 0, rc = 0, bad = 0;
    ssize_t got;
    while (!bad && rc == 0 && (got = getline(&line, &cap, f)) > 0) {
        lineno++;
        if (line[strspn(line, " \t\r\n")] == '\0')
            continue;
        Doc *doc = doc_parse(line);
        const char *stated = doc ? doc_fact(doc, DOC_FACT_DIGEST) : NULL;
        const char *id = doc ? doc_fact(doc, DOC_FACT_CONTRACT) : NULL;
        const char *period = doc ? doc_fact(doc, DOC_FACT_PERIOD) : NULL;
        if (stated == NULL) {
            bad = 1;
            say(out, false, "line %d is not a settlement document (%s)", lineno,
                doc ? "it has no digest" : "it is not a JSON object");
        } else if (writer_digest_of(line, actual) != 0) {
            rc = error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        } else if (strcmp(actual, stated) != 0) {
            bad = 1;
            say(out, false,
                "line %d (%s %s): its digest does not match its contents (it was changed after "
                "it was written): the contents' digest is %s, the line says %s",
                lineno, id ? id : "?", period ? period : "?", actual, stated);
        } else {
            n++;
        }
        doc_free(doc);
    }
    if (rc == 0 && ferror(f))
        rc = error_set(err, OCE_EIO, path, 0, "cannot read: %s", strerror(errno));
    free(line);
    fclose(f);
    if (rc == 0 && !bad)
        say(out, n > 0,
            n > 0 ? "%zu settlement documents, each matching its digest"
                  : "%zu settlement documents: the file is empty",
            n);
    return rc;
}
