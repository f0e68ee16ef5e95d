#include "ledger.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include <cJSON.h>

#include "adjust.h"
#include "digest.h"
#include "writer.h"

/* How long a writer waits for another process's transaction before giving up. */
#define BUSY_TIMEOUT_MS 10000

struct Ledger {
    sqlite3 *db; /* owned */
    char path[256];
    char *scratch; /* a document read for the current call; owned */
};

/* Each step migrates the schema from the version before it to its own. */
static const char *const migrations[] = {
    /* 1 */
    "CREATE TABLE settlements ("
    "  id INTEGER PRIMARY KEY,"
    "  contract TEXT NOT NULL,"
    "  period TEXT NOT NULL,"
    "  status TEXT NOT NULL CHECK (status IN ('draft', 'final')),"
    "  invoice TEXT UNIQUE,"
    "  script_sha256 TEXT NOT NULL,"
    "  outcomes_sha256 TEXT NOT NULL,"
    "  digest TEXT NOT NULL,"
    "  currency TEXT NOT NULL,"
    "  net TEXT NOT NULL,"
    "  document TEXT NOT NULL,"
    "  UNIQUE (contract, period),"
    "  CHECK ((status = 'final') = (invoice IS NOT NULL)));"
    "CREATE TABLE sequences (name TEXT PRIMARY KEY, next INTEGER NOT NULL);"
    "INSERT INTO sequences VALUES ('invoice', 1);",
    /* 2: corrections of final settlements */
    "CREATE TABLE adjustments ("
    "  id INTEGER PRIMARY KEY,"
    "  contract TEXT NOT NULL,"
    "  period TEXT NOT NULL,"
    "  number TEXT NOT NULL UNIQUE,"
    "  kind TEXT NOT NULL CHECK (kind IN ('credit-note', 'debit-note')),"
    "  adjusts TEXT NOT NULL,"
    "  difference TEXT NOT NULL,"
    "  script_sha256 TEXT NOT NULL,"
    "  outcomes_sha256 TEXT NOT NULL,"
    "  digest TEXT NOT NULL,"
    "  settlement TEXT NOT NULL,"
    "  document TEXT NOT NULL,"
    "  FOREIGN KEY (contract, period) REFERENCES settlements (contract, period));",
    /* 3: each period as it stands, for the settlements of later periods that look back */
    "CREATE VIEW standing AS SELECT s.contract, s.period, s.status, s.invoice,"
    "  COALESCE((SELECT a.digest FROM adjustments a WHERE a.contract = s.contract"
    "    AND a.period = s.period ORDER BY a.id DESC LIMIT 1), s.digest) AS digest,"
    "  COALESCE((SELECT a.settlement FROM adjustments a WHERE a.contract = s.contract"
    "    AND a.period = s.period ORDER BY a.id DESC LIMIT 1), s.document) AS document"
    "  FROM settlements s;",
    /* 4: the version of an amended contract each settlement was made by */
    "ALTER TABLE settlements ADD COLUMN version TEXT NOT NULL DEFAULT 'original';"
    "ALTER TABLE adjustments ADD COLUMN version TEXT NOT NULL DEFAULT 'original';",
    /* 5: every change to what a final period's settlement stands as, in order: each
     * adjustment, and each restatement (settled again to the same amounts, on other inputs
     * or on earlier periods that changed) */
    "CREATE TABLE revisions ("
    "  id INTEGER PRIMARY KEY,"
    "  contract TEXT NOT NULL,"
    "  period TEXT NOT NULL,"
    "  kind TEXT NOT NULL CHECK (kind IN ('adjustment', 'restatement')),"
    "  number TEXT,"
    "  digest TEXT NOT NULL,"
    "  document TEXT NOT NULL,"
    "  CHECK ((kind = 'adjustment') = (number IS NOT NULL)),"
    "  FOREIGN KEY (contract, period) REFERENCES settlements (contract, period));"
    "INSERT INTO revisions (contract, period, kind, number, digest, document)"
    "  SELECT contract, period, 'adjustment', number, digest, settlement FROM adjustments"
    "  ORDER BY id;"
    "DROP VIEW standing;"
    "CREATE VIEW standing AS SELECT s.contract, s.period, s.status, s.invoice,"
    "  COALESCE((SELECT r.digest FROM revisions r WHERE r.contract = s.contract"
    "    AND r.period = s.period ORDER BY r.id DESC LIMIT 1), s.digest) AS digest,"
    "  COALESCE((SELECT r.document FROM revisions r WHERE r.contract = s.contract"
    "    AND r.period = s.period ORDER BY r.id DESC LIMIT 1), s.document) AS document"
    "  FROM settlements s;",
};

static int db_error(Ledger *l, OceError *err, const char *what)
{
    return error_set(err, OCE_EIO, l->path, 0, "ledger: %s: %s", what, sqlite3_errmsg(l->db));
}

static int exec(Ledger *l, const char *sql, OceError *err)
{
    char *msg = NULL;
    if (sqlite3_exec(l->db, sql, NULL, NULL, &msg) == SQLITE_OK)
        return 0;
    error_set(err, OCE_EIO, l->path, 0, "ledger: %s", msg ? msg : sqlite3_errmsg(l->db));
    sqlite3_free(msg);
    return -1;
}

/* Runs the migrations past the file's user_version, in one transaction. */
static int migrate(Ledger *l, OceError *err)
{
    sqlite3_stmt *st;
    int version = 0;
    if (exec(l, "BEGIN IMMEDIATE", err) != 0)
        return -1;
    if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
        return db_error(l, err, "reading the schema version"), exec(l, "ROLLBACK", NULL), -1;
    if (sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    int n = (int)(sizeof migrations / sizeof *migrations);
    if (version > n) {
        exec(l, "ROLLBACK", NULL);
        return error_set(err, OCE_EIO, l->path, 0,
                         "ledger: schema version %d is newer than this oce knows (%d)", version, n);
    }
    for (; version < n; version++) {
        char pragma[64];
        snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", version + 1);
        if (exec(l, migrations[version], err) != 0 || exec(l, pragma, err) != 0) {
            exec(l, "ROLLBACK", NULL);
            return -1;
        }
    }
    return exec(l, "COMMIT", err);
}

/* For a reader that must not write: the schema must be this oce's, as it is not migrated. */
static int current_schema(Ledger *l, OceError *err)
{
    sqlite3_stmt *st;
    int version = -1;
    if (sqlite3_prepare_v2(l->db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    if (version < 0)
        return db_error(l, err, "reading the schema version");
    if (version != LEDGER_SCHEMA_VERSION)
        return error_set(err, OCE_EIO, l->path, 0,
                         "ledger: its schema is version %d, this oce's %d: it is migrated when "
                         "a command writes to it (a settle without --dry-run)",
                         version, LEDGER_SCHEMA_VERSION);
    return 0;
}

Ledger *ledger_open(const char *path, int mode, OceError *err)
{
    int create = mode == LEDGER_CREATE, read_only = mode == LEDGER_READ;
    FILE *exists = create ? NULL : fopen(path, "rb");
    if (!create && exists == NULL) {
        error_set(err, OCE_EIO, path, 0,
                  "ledger: there is no ledger here (settle a period to create it, or give "
                  "--ledger)");
        return NULL;
    }
    if (exists != NULL)
        fclose(exists);
    Ledger *l = calloc(1, sizeof *l);
    if (l == NULL) {
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    snprintf(l->path, sizeof l->path, "%s", path);
    int flags = read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    if (sqlite3_open_v2(path, &l->db, flags, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(l->db, BUSY_TIMEOUT_MS) != SQLITE_OK ||
        (read_only ? current_schema(l, err)
                   : exec(l, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL", err) != 0 ||
                         migrate(l, err) != 0)) {
        if (!error_failed(err))
            db_error(l, err, "cannot open");
        ledger_close(l);
        return NULL;
    }
    return l;
}

void ledger_close(Ledger *l)
{
    if (l == NULL)
        return;
    sqlite3_close(l->db);
    free(l->scratch);
    free(l);
}

/* A prepared statement with text parameters bound in order; NULL with err filled. */
static sqlite3_stmt *prepare(Ledger *l, const char *sql, const char *const *args, int n,
                             OceError *err)
{
    sqlite3_stmt *st;
    if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_error(l, err, "preparing a statement");
        return NULL;
    }
    for (int i = 0; i < n; i++)
        if (sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_TRANSIENT) != SQLITE_OK) {
            db_error(l, err, "binding a value");
            sqlite3_finalize(st);
            return NULL;
        }
    return st;
}

/* Runs a statement that returns no rows. */
static int run(Ledger *l, const char *sql, const char *const *args, int n, OceError *err)
{
    sqlite3_stmt *st = prepare(l, sql, args, n, err);
    if (st == NULL)
        return -1;
    int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : db_error(l, err, "writing");
    sqlite3_finalize(st);
    return rc;
}

/* The first column of the first row of sql with text parameters args (n of them), malloc'ed;
 * NULL when there is no row (err untouched) or on error (what names the reading). */
static char *first_text(Ledger *l, const char *sql, const char *const *args, int n,
                        const char *what, OceError *err)
{
    sqlite3_stmt *st = prepare(l, sql, args, n, err);
    if (st == NULL)
        return NULL;
    char *v = NULL;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
        v = strdup((const char *)sqlite3_column_text(st, 0));
    else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        db_error(l, err, what);
    sqlite3_finalize(st);
    return v;
}

/* The same with at most one parameter (NULL: none). */
static char *one_text(Ledger *l, const char *sql, const char *arg, OceError *err)
{
    return first_text(l, sql, &arg, arg ? 1 : 0, "reading", err);
}

/* The period's status and digest into the buffers; 0 when it has none, 1 when it has. */
static int current(Ledger *l, const char *contract, const char *period, char status[8],
                   char digest[80], char invoice[64], OceError *err)
{
    const char *args[] = {contract, period};
    sqlite3_stmt *st = prepare(
        l, "SELECT status, digest, invoice FROM settlements WHERE contract = ? AND period = ?",
        args, 2, err);
    if (st == NULL)
        return -1;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        snprintf(status, 8, "%s", (const char *)sqlite3_column_text(st, 0));
        snprintf(digest, 80, "%s", (const char *)sqlite3_column_text(st, 1));
        const unsigned char *inv = sqlite3_column_text(st, 2);
        snprintf(invoice, 64, "%s", inv ? (const char *)inv : "");
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(l, err, "reading");
    return rc == SQLITE_ROW;
}

static int finish(Ledger *l, int rc, OceError *err)
{
    if (rc != 0) {
        exec(l, "ROLLBACK", NULL);
        return -1;
    }
    return exec(l, "COMMIT", err);
}

static int next_number(Ledger *l, const char *prefix, char *number, OceError *err);

/* The settlement document of a period as it stands, malloc'ed, with its digest: that of its
 * latest revision (an adjustment or a restatement), or the settlement held. */
static char *standing(Ledger *l, const char *contract, const char *period, char digest[80],
                      OceError *err)
{
    const char *args[] = {contract, period};
    sqlite3_stmt *st =
        prepare(l, "SELECT digest, document FROM standing WHERE contract = ?1 AND period = ?2",
                args, 2, err);
    if (st == NULL)
        return NULL;
    char *doc = NULL;
    if (sqlite3_step(st) == SQLITE_ROW) {
        snprintf(digest, 80, "%s", (const char *)sqlite3_column_text(st, 0));
        doc = strdup((const char *)sqlite3_column_text(st, 1));
    }
    sqlite3_finalize(st);
    if (doc == NULL)
        db_error(l, err, "reading the settlement as it stands");
    return doc;
}

/* Whether a settlement document is in currency. */
static int currency_is(const char *document, const char *currency)
{
    cJSON *doc = cJSON_Parse(document);
    const char *c = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "currency"));
    int same = c != NULL && strcmp(c, currency) == 0;
    cJSON_Delete(doc);
    return same;
}

/* Whether a decimal text is zero ("0.00", "-0.00"). */
static int is_zero_text(const char *s)
{
    return s != NULL && strspn(s, "-0.") == strlen(s);
}

/* Whether the ledger's document with digest is e's settlement: e's document, or the same
 * settlement as an earlier oce wrote it (the layout before), which stays as it is, so that
 * the later periods settled on it still stand. */
static int holds(const LedgerEntry *e, const char *digest)
{
    char before[DIGEST_HEX_SIZE];
    return strcmp(digest, e->digest) == 0 ||
           (writer_earlier_digest(e->document, before) == 0 && strcmp(digest, before) == 0);
}

/* Issues the adjustment from the standing settlement to e, unless it is e already, or it
 * changes no amount of the net: a note of 0.00 is posted by nobody, and takes no number. */
static int adjust(Ledger *l, const LedgerEntry *e, const char *invoice, const char *prefix,
                  LedgerResult *out, OceError *err)
{
    char digest[80];
    char *was = standing(l, e->contract, e->period, digest, err);
    if (was == NULL)
        return -1;
    if (holds(e, digest)) {
        free(was);
        out->outcome = LEDGER_UNCHANGED;
        return 0;
    }
    if (!currency_is(was, e->currency)) {
        free(was);
        return error_set(err, OCE_EPERIOD, l->path, 0,
                         "ledger: %s %s is final in another currency than %s; a change of "
                         "currency cannot be an adjustment",
                         e->contract, e->period, e->currency);
    }
    const char *kind = NULL;
    char *difference = NULL, *doc = NULL;
    int nlines = 0;
    /* First without a number: a correction that changes no amount takes none. */
    doc = adjust_document(was, e->document, "", invoice, &kind, &difference, &nlines, err);
    int rc = doc != NULL ? 0 : -1, same = rc == 0 && (nlines == 0 || is_zero_text(difference));
    free(doc);
    free(difference);
    doc = difference = NULL;
    if (same) {
        /* The invoice stands; the settlement it stands as is the new one, so that later
         * periods are settled on it and its documents verify against the ledger. */
        free(was);
        out->outcome = LEDGER_SAME_AMOUNTS;
        const char *args[] = {e->contract, e->period, e->digest, e->document};
        return rc != 0 ? -1
                       : run(l,
                             "INSERT INTO revisions (contract, period, kind, digest, document)"
                             " VALUES (?, ?, 'restatement', ?, ?)",
                             args, 4, err);
    }
    if (rc == 0)
        rc = next_number(l, prefix, out->number, err);
    if (rc == 0)
        doc = adjust_document(was, e->document, out->number, invoice, &kind, &difference, &nlines,
                              err);
    if (rc == 0 && doc != NULL) {
        const char *args[] = {
            e->contract,      e->period,          out->number, kind,        invoice, difference,
            e->script_sha256, e->outcomes_sha256, e->digest,   e->document, doc,     e->version};
        rc = run(l,
                 "INSERT INTO adjustments (contract, period, number, kind, adjusts, difference,"
                 " script_sha256, outcomes_sha256, digest, settlement, document, version)"
                 " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                 args, 12, err);
        const char *rev[] = {e->contract, e->period, out->number, e->digest, e->document};
        if (rc == 0)
            rc = run(l,
                     "INSERT INTO revisions (contract, period, kind, number, digest, document)"
                     " VALUES (?, ?, 'adjustment', ?, ?, ?)",
                     rev, 5, err);
        out->outcome = LEDGER_ADJUSTED;
        snprintf(out->kind, sizeof out->kind, "%s", kind);
        snprintf(out->difference, sizeof out->difference, "%s", difference);
        snprintf(out->adjusts, sizeof out->adjusts, "%s", invoice);
    } else {
        rc = -1;
    }
    free(doc);
    free(difference);
    free(was);
    return rc;
}

/* The first period of doc's history that no longer stands as it was settled on, malloc'ed;
 * NULL when all stand (or on error, with err filled). */
static char *changed_history(Ledger *l, const char *contract, const char *doc, OceError *err)
{
    const char *args[] = {doc, contract};
    return first_text(l,
                      "SELECT json_extract(h.value, '$.period') FROM"
                      " json_each(?1, '$.history') h LEFT JOIN standing s"
                      " ON s.contract = ?2 AND s.period = json_extract(h.value, '$.period')"
                      " WHERE s.digest IS NOT json_extract(h.value, '$.digest') LIMIT 1",
                      args, 2, "reading the history", err);
}

/* The later periods of the contract settled on another version of period than the one that
 * stands now, into out ("2026-11 (draft), 2026-12 (final)"; "" when none). */
static int stale_after(Ledger *l, const char *contract, const char *period, char *out, size_t size,
                       OceError *err)
{
    const char *args[] = {contract, period};
    sqlite3_stmt *st = prepare(l,
                               "SELECT s.period, s.status FROM standing s,"
                               " json_each(s.document, '$.history') h"
                               " WHERE s.contract = ?1 AND json_extract(h.value, '$.period') = ?2"
                               " AND json_extract(h.value, '$.digest') IS NOT (SELECT digest FROM"
                               " standing WHERE contract = ?1 AND period = ?2) ORDER BY s.period",
                               args, 2, err);
    if (st == NULL)
        return -1;
    out[0] = '\0';
    int rc, more = 0;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        size_t n = strlen(out);
        if (more == 0 && n + 60 < size)
            snprintf(out + n, size - n, "%s%s (%s)", n ? ", " : "", sqlite3_column_text(st, 0),
                     sqlite3_column_text(st, 1));
        else
            more++;
    }
    sqlite3_finalize(st);
    if (more > 0) {
        size_t n = strlen(out);
        snprintf(out + n, size - n, " and %d more", more);
    }
    return rc == SQLITE_DONE ? 0 : db_error(l, err, "reading later periods");
}

/* The first earlier period of the contract whose settlement was made on a period that has
 * changed since, as "2026-02, settled on a 2026-01"; malloc'ed, NULL when none (or on
 * error, err filled). A period settled on it would compute on a settlement that is itself out
 * of date. */
static char *stale_before(Ledger *l, const char *contract, const char *period, OceError *err)
{
    const char *args[] = {contract, period};
    return first_text(l,
                      "SELECT s.period || ', settled on a ' ||"
                      " json_extract(h.value, '$.period') FROM standing s,"
                      " json_each(s.document, '$.history') h LEFT JOIN standing t"
                      " ON t.contract = s.contract"
                      " AND t.period = json_extract(h.value, '$.period')"
                      " WHERE s.contract = ?1 AND s.period < ?2"
                      " AND t.digest IS NOT json_extract(h.value, '$.digest')"
                      " ORDER BY s.period LIMIT 1",
                      args, 2, "reading earlier periods", err);
}

/* A period of another kind than the contract's other periods in the ledger (a quarter among
 * months: another contract's script with the same id); malloc'ed, NULL when none. */
static char *other_kind(Ledger *l, const char *contract, const char *period, OceError *err)
{
    const char *args[] = {contract, period};
    return first_text(l,
                      "SELECT period FROM settlements WHERE contract = ?1"
                      " AND (length(period) != length(?2)"
                      " OR (instr(period, 'Q') > 0) != (instr(?2, 'Q') > 0)) LIMIT 1",
                      args, 2, "reading the contract's periods", err);
}

/* What refuses a settlement of the period before anything is written: a period of another
 * kind held for the contract, an earlier period the settlement was made on that has moved,
 * or one that is itself out of date. -1 with err filled. */
static int refuse(Ledger *l, const char *contract, const char *period, const char *document,
                  OceError *err)
{
    char *what = other_kind(l, contract, period, err);
    if (what != NULL) {
        error_set(err, OCE_EPERIOD, l->path, 0,
                  "ledger: it holds %s %s, a period of another kind than %s: a contract's "
                  "periods are all months, all quarters or all years (does another contract's "
                  "script have the id \"%s\"?)",
                  contract, what, period, contract);
        free(what);
        return -1;
    }
    if (document != NULL && !error_failed(err) &&
        (what = changed_history(l, contract, document, err)) != NULL) {
        error_set(err, OCE_EPERIOD, l->path, 0,
                  "ledger: %s %s was settled on a %s that no longer stands in the ledger (it was "
                  "settled again meanwhile): settle %s again",
                  contract, period, what, period);
        free(what);
        return -1;
    }
    if (!error_failed(err) && (what = stale_before(l, contract, period, err)) != NULL) {
        error_set(err, OCE_EPERIOD, l->path, 0,
                  "ledger: %s %s that has changed since, so %s would be settled on an out of "
                  "date settlement: settle the periods from %.*s again, in order, first",
                  contract, what, period, (int)strcspn(what, ","), what);
        free(what);
        return -1;
    }
    return error_failed(err) ? -1 : 0;
}

int ledger_record(Ledger *l, const LedgerEntry *e, const char *prefix, LedgerResult *out,
                  OceError *err)
{
    char status[8], digest[80], invoice[64];
    memset(out, 0, sizeof *out);
    LedgerOutcome *outcome = &out->outcome;
    if (exec(l, "BEGIN IMMEDIATE", err) != 0)
        return -1;
    /* The earlier periods it was settled on must still stand: another process may have
     * settled one of them again meanwhile. */
    if (refuse(l, e->contract, e->period, e->document, err) != 0)
        return finish(l, -1, err);
    int had = current(l, e->contract, e->period, status, digest, invoice, err);
    int rc = had < 0 ? -1 : 0;
    const char *args[] = {e->contract, e->period, e->script_sha256, e->outcomes_sha256, e->digest,
                          e->currency, e->net,    e->document,      e->version};
    if (rc == 0 && had && strcmp(status, "final") == 0) {
        rc = adjust(l, e, invoice, prefix, out, err);
    } else if (rc == 0 && had && holds(e, digest)) {
        *outcome = LEDGER_UNCHANGED;
    } else if (rc == 0 && had) {
        *outcome = LEDGER_REPLACED;
        rc = run(l,
                 "UPDATE settlements SET script_sha256 = ?3, outcomes_sha256 = ?4, digest = ?5,"
                 " currency = ?6, net = ?7, document = ?8, version = ?9"
                 " WHERE contract = ?1 AND period = ?2",
                 args, 9, err);
    } else if (rc == 0) {
        *outcome = LEDGER_RECORDED;
        rc = run(l,
                 "INSERT INTO settlements (contract, period, status, script_sha256,"
                 " outcomes_sha256, digest, currency, net, document, version)"
                 " VALUES (?1, ?2, 'draft', ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                 args, 9, err);
    }
    if (rc == 0)
        rc = stale_after(l, e->contract, e->period, out->stale, sizeof out->stale, err);
    return finish(l, rc, err);
}

/* Takes the next invoice number from the sequence, in the caller's transaction. */
static int next_number(Ledger *l, const char *prefix, char *number, OceError *err)
{
    sqlite3_stmt *st =
        prepare(l, "SELECT next FROM sequences WHERE name = 'invoice'", NULL, 0, err);
    if (st == NULL)
        return -1;
    long long n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    if (n < 1)
        return db_error(l, err, "reading the invoice sequence");
    snprintf(number, 64, "%.40s%06lld", prefix, n);
    return run(l, "UPDATE sequences SET next = next + 1 WHERE name = 'invoice'", NULL, 0, err);
}

/* The draft document of a period, kept in l->scratch until the caller is done; "" if none. */
static const char *draft_of(Ledger *l, const char *contract, const char *period, OceError *err)
{
    const char *args[] = {contract, period};
    free(l->scratch);
    l->scratch = first_text(l, "SELECT document FROM settlements WHERE contract = ? AND period = ?",
                            args, 2, "reading the draft", err);
    return l->scratch ? l->scratch : "{}";
}

int ledger_finalize(Ledger *l, const char *contract, const char *period, const char *prefix,
                    char *number, int *already, OceError *err)
{
    char status[8], digest[80], invoice[64], *moved = NULL;
    *already = 0;
    if (exec(l, "BEGIN IMMEDIATE", err) != 0)
        return -1;
    int had = current(l, contract, period, status, digest, invoice, err);
    int rc = had < 0 ? -1 : 0;
    if (rc == 0 && !had) {
        rc = error_set(err, OCE_EUSAGE, l->path, 0,
                       "ledger: contract \"%s\" has no settlement for %s: settle it first",
                       contract, period);
    } else if (rc == 0 && strcmp(status, "final") == 0) {
        *already = 1;
        snprintf(number, 64, "%s", invoice);
    } else if (rc == 0 && (moved = changed_history(l, contract, draft_of(l, contract, period, err),
                                                   err)) != NULL) {
        rc = error_set(err, OCE_EPERIOD, l->path, 0,
                       "ledger: the draft of %s %s was settled on a %s that has changed since: "
                       "settle %s again, then finalise it",
                       contract, period, moved, period);
    } else if (rc == 0 && !error_failed(err) && refuse(l, contract, period, NULL, err) != 0) {
        rc = -1;
    } else if (rc == 0 && !error_failed(err) && next_number(l, prefix, number, err) == 0) {
        const char *args[] = {number, contract, period};
        rc = run(l,
                 "UPDATE settlements SET status = 'final', invoice = ?1"
                 " WHERE contract = ?2 AND period = ?3",
                 args, 3, err);
    } else {
        rc = -1;
    }
    free(moved);
    free(l->scratch);
    l->scratch = NULL;
    return finish(l, rc, err);
}

int ledger_list(Ledger *l, const char *contract, const char *period, LedgerVisit visit, void *ctx,
                OceError *err)
{
    const char *args[] = {contract, period};
    sqlite3_stmt *st = prepare(l,
                               "SELECT contract, period, status, invoice, currency, net, digest, 0"
                               " FROM settlements WHERE (?1 IS NULL OR contract = ?1)"
                               " AND (?2 IS NULL OR period = ?2)"
                               " UNION ALL SELECT r.contract, r.period,"
                               " COALESCE(a.kind, 'restated'), r.number, s.currency,"
                               " COALESCE(a.difference, '0.00'), COALESCE(a.digest, r.digest), r.id"
                               " FROM revisions r LEFT JOIN adjustments a USING (number)"
                               " JOIN settlements s ON s.contract = r.contract"
                               " AND s.period = r.period"
                               " WHERE (?1 IS NULL OR r.contract = ?1)"
                               " AND (?2 IS NULL OR r.period = ?2) ORDER BY 1, 2, 8",
                               args, 0, err);
    if (st == NULL)
        return -1;
    if ((contract && sqlite3_bind_text(st, 1, contract, -1, SQLITE_TRANSIENT) != SQLITE_OK) ||
        (period && sqlite3_bind_text(st, 2, period, -1, SQLITE_TRANSIENT) != SQLITE_OK)) {
        sqlite3_finalize(st);
        return db_error(l, err, "binding a value");
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *col[7];
        for (int i = 0; i < 7; i++)
            col[i] = (const char *)sqlite3_column_text(st, i);
        visit(ctx, col[0], col[1], col[2], col[3], col[4], col[5], col[6]);
    }
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : db_error(l, err, "reading");
}

int ledger_standing(Ledger *l, const char *contract, LedgerStanding visit, void *ctx, OceError *err)
{
    sqlite3_stmt *st =
        prepare(l, "SELECT period, document FROM standing WHERE contract = ?1 ORDER BY period",
                &contract, 1, err);
    if (st == NULL)
        return -1;
    int rc, stop = 0;
    while (stop == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
        stop = visit(ctx, (const char *)sqlite3_column_text(st, 0),
                     (const char *)sqlite3_column_text(st, 1));
    sqlite3_finalize(st);
    if (stop != 0)
        return stop;
    return rc == SQLITE_DONE ? 0 : db_error(l, err, "reading");
}

char *ledger_show(Ledger *l, const char *key, OceError *err)
{
    /* A period is shown as it stands: its latest correction, else its settlement. */
    char *doc = one_text(l,
                         "SELECT document FROM settlements WHERE invoice = ?1 UNION ALL"
                         " SELECT document FROM adjustments WHERE number = ?1 UNION ALL"
                         " SELECT document FROM standing WHERE contract || '/' || period = ?1",
                         key, err);
    if (doc == NULL && !error_failed(err))
        error_set(err, OCE_EUSAGE, l->path, 0,
                  "ledger: no settlement or adjustment \"%.60s\" (give an invoice or "
                  "adjustment number, or CONTRACT/PERIOD)",
                  key);
    return doc;
}

/* Documents in the order their numbers were issued: by the six digits every number ends in
 * (prefixes may differ, and cannot end in a digit). */
static const char *const export_sql =
    "SELECT * FROM (SELECT invoice AS number, 'invoice', contract, period, currency, net, '',"
    " digest"
    " FROM settlements WHERE status = 'final' AND period = ?1"
    " UNION ALL SELECT a.number, a.kind, a.contract, a.period, s.currency, a.difference,"
    " a.adjusts, json_extract(a.document, '$.digest')"
    " FROM adjustments a JOIN settlements s USING (contract, period)"
    " WHERE a.period = ?1) ORDER BY CAST(substr(number, -6) AS INTEGER), number";

static const char *const export_columns[] = {"number",   "kind",   "contract", "period",
                                             "currency", "amount", "adjusts",  "digest"};

/* Appends a CSV field; fields here are names, codes, numbers and digests, none with commas. */
static int csv_put(char **buf, size_t *len, size_t *cap, const char *s, int last)
{
    size_t n = strlen(s) + 1;
    if (*len + n + 1 > *cap) {
        size_t want = (*cap + n + 1) * 2;
        char *p = realloc(*buf, want);
        if (p == NULL)
            return -1;
        *buf = p;
        *cap = want;
    }
    memcpy(*buf + *len, s, n - 1);
    *len += n - 1;
    (*buf)[(*len)++] = last ? '\n' : ',';
    (*buf)[*len] = '\0';
    return 0;
}

char *ledger_export(Ledger *l, const char *period, int json, size_t *drafts, OceError *err)
{
    char *count = one_text(
        l, "SELECT COUNT(*) FROM settlements WHERE status = 'draft' AND period = ?1", period, err);
    *drafts = count ? (size_t)strtoul(count, NULL, 10) : 0;
    free(count);
    sqlite3_stmt *st = prepare(l, export_sql, &period, 1, err);
    if (st == NULL)
        return NULL;
    char *buf = NULL;
    size_t len = 0, cap = 0;
    cJSON *doc = json ? cJSON_CreateObject() : NULL, *list = json ? cJSON_CreateArray() : NULL;
    int bad = json ? doc == NULL || list == NULL : 0;
    for (int k = 0; !json && !bad && k < 8; k++)
        bad = csv_put(&buf, &len, &cap, export_columns[k], k == 7) != 0;
    int rc;
    while (!bad && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        cJSON *o = json ? cJSON_CreateObject() : NULL;
        bad = json && (o == NULL || !cJSON_AddItemToArray(list, o));
        for (int k = 0; !bad && k < 8; k++) {
            const char *v = (const char *)sqlite3_column_text(st, k);
            bad = json ? cJSON_AddStringToObject(o, export_columns[k], v ? v : "") == NULL
                       : csv_put(&buf, &len, &cap, v ? v : "", k == 7) != 0;
        }
    }
    sqlite3_finalize(st);
    if (json && !bad) {
        bad = cJSON_AddStringToObject(doc, "period", period) == NULL ||
              !cJSON_AddItemToObject(doc, "documents", list);
        list = bad ? list : NULL;
        char *text = bad ? NULL : cJSON_Print(doc);
        bad = text == NULL || csv_put(&buf, &len, &cap, text, 1) != 0;
        cJSON_free(text);
    }
    cJSON_Delete(list);
    cJSON_Delete(doc);
    if (bad) {
        free(buf);
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    return buf;
}

/* The sequence number at the end of a document number ("INV-000012" is 12); -1 if none. */
static long long number_of(const char *s)
{
    size_t n = strlen(s), k = n;
    while (k > 0 && s[k - 1] >= '0' && s[k - 1] <= '9')
        k--;
    return k == n ? -1 : strtoll(s + k, NULL, 10);
}

static int by_value(const void *a, const void *b)
{
    long long x = *(const long long *)a, y = *(const long long *)b;
    return (x > y) - (x < y);
}

static int check_numbers(Ledger *l, char *problem, size_t size, OceError *err);

/* Whether a stored document's digest is that of its contents, and the digest recorded
 * beside it. */
static int document_holds(const char *text, const char *recorded)
{
    char hex[DIGEST_HEX_SIZE];
    cJSON *doc = cJSON_Parse(text);
    const char *stated = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(doc, "digest"));
    int ok = stated != NULL && writer_digest_of(text, hex) == 0 && strcmp(hex, stated) == 0 &&
             (recorded == NULL || strcmp(hex, recorded) == 0);
    cJSON_Delete(doc);
    return ok;
}

/* Every stored document matches its digest and the columns beside it, and every adjustment
 * corrects an invoice that exists. */
static int check_documents(Ledger *l, char *problem, size_t size, OceError *err)
{
    sqlite3_stmt *st = prepare(l,
                               "SELECT contract || ' ' || period, document, digest,"
                               " json_extract(document, '$.totals.net') = net"
                               " FROM settlements UNION ALL"
                               " SELECT number, settlement, digest, 1 FROM adjustments UNION ALL"
                               " SELECT number, document, NULL,"
                               " adjusts IN (SELECT invoice FROM settlements)"
                               " AND json_extract(document, '$.totals.difference') = difference"
                               " FROM adjustments",
                               NULL, 0, err);
    if (st == NULL)
        return -1;
    int rc;
    while (problem[0] == '\0' && (rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *what = (const char *)sqlite3_column_text(st, 0);
        if (!document_holds((const char *)sqlite3_column_text(st, 1),
                            (const char *)sqlite3_column_text(st, 2)) ||
            sqlite3_column_int(st, 3) != 1)
            snprintf(problem, size,
                     "the stored document of %s does not match its digest or "
                     "the columns beside it",
                     what);
    }
    sqlite3_finalize(st);
    return problem[0] != '\0' || rc == SQLITE_DONE ? 0 : db_error(l, err, "reading documents");
}

/* Each adjustment corrects what stood before it: its previous_digest is the digest of the
 * settlement or of the adjustment before it, and its settlement_digest that of the settlement
 * it holds. And every draft was settled on earlier periods as they stand (a final settlement
 * never changes, so one made on a period corrected later is settled again into an adjustment
 * by finance, not flagged here). */
static int check_chains(Ledger *l, char *problem, size_t size, OceError *err)
{
    static const char *const sql[] = {
        "SELECT a.number FROM (SELECT *, LAG(digest) OVER (PARTITION BY contract, period"
        " ORDER BY id) AS prev FROM revisions) r JOIN adjustments a USING (number)"
        " JOIN settlements s ON s.contract = r.contract AND s.period = r.period"
        " WHERE json_extract(a.document, '$.previous_digest') IS NOT COALESCE(r.prev, s.digest)"
        " OR json_extract(a.document, '$.settlement_digest') IS NOT a.digest"
        " OR r.digest IS NOT a.digest LIMIT 1",
        "SELECT s.contract || ' ' || s.period || ' (' || s.status || '), settled on a ' ||"
        " json_extract(h.value, '$.period') FROM standing s, json_each(s.document, '$.history') h"
        " LEFT JOIN standing t ON t.contract = s.contract"
        " AND t.period = json_extract(h.value, '$.period')"
        " WHERE t.digest IS NOT json_extract(h.value, '$.digest') ORDER BY 1 LIMIT 1",
        /* the columns beside each document say what it says */
        "SELECT contract || ' ' || period FROM settlements"
        " WHERE json_extract(document, '$.contract.id') IS NOT contract"
        " OR json_extract(document, '$.period.id') IS NOT period"
        " OR COALESCE(json_extract(document, '$.contract.version'), 'original') IS NOT version"
        " UNION ALL SELECT number FROM adjustments"
        " WHERE json_extract(settlement, '$.contract.id') IS NOT contract"
        " OR json_extract(settlement, '$.period.id') IS NOT period LIMIT 1"};
    /* A final period settled on one that changed is flagged as a draft is: settling it again
     * issues its adjustment, or restates it when the amounts are the same. */
    for (int k = 0; k < 3 && problem[0] == '\0'; k++) {
        char *what = one_text(l, sql[k], NULL, err);
        if (what == NULL && error_failed(err))
            return -1;
        if (what != NULL && k == 0)
            snprintf(problem, size,
                     "adjustment %s does not follow from the settlement it corrects (its "
                     "previous_digest or settlement_digest)",
                     what);
        else if (what != NULL && k == 1)
            snprintf(problem, size, "%s that no longer stands: settle it again", what);
        else if (what != NULL)
            snprintf(problem, size,
                     "the stored document of %s is not of the contract, period or version its "
                     "row says",
                     what);
        free(what);
    }
    return 0;
}

/* One read transaction, so that a settlement committing meanwhile cannot make the numbers
 * and the sequence disagree. */
int ledger_check(Ledger *l, char *problem, size_t size, OceError *err)
{
    if (exec(l, "BEGIN", err) != 0)
        return -1;
    int rc = check_numbers(l, problem, size, err);
    if (rc == 0 && problem[0] == '\0')
        rc = check_documents(l, problem, size, err);
    if (rc == 0 && problem[0] == '\0')
        rc = check_chains(l, problem, size, err);
    exec(l, "COMMIT", NULL);
    return rc;
}

static int check_numbers(Ledger *l, char *problem, size_t size, OceError *err)
{
    problem[0] = '\0';
    char *ok = one_text(l, "PRAGMA integrity_check", NULL, err);
    if (ok == NULL && error_failed(err))
        return -1;
    if (ok == NULL || strcmp(ok, "ok") != 0) {
        snprintf(problem, size, "the SQLite integrity check says: %s", ok ? ok : "nothing");
        free(ok);
        return 0;
    }
    free(ok);
    sqlite3_stmt *st = prepare(l,
                               "SELECT invoice FROM settlements WHERE invoice IS NOT NULL"
                               " UNION ALL SELECT number FROM adjustments",
                               NULL, 0, err);
    if (st == NULL)
        return -1;
    long long *seen = NULL;
    size_t n = 0, cap = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        if (n == cap) {
            long long *p = realloc(seen, (cap = cap ? cap * 2 : 64) * sizeof *seen);
            if (p == NULL)
                break;
            seen = p;
        }
        seen[n++] = number_of((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE) {
        free(seen);
        return db_error(l, err, "reading the document numbers");
    }
    if (n > 0)
        qsort(seen, n, sizeof *seen, by_value);
    for (size_t i = 0; i < n && problem[0] == '\0'; i++)
        if (seen[i] != (long long)i + 1)
            snprintf(problem, size, "document number %lld %s",
                     i > 0 && seen[i] == seen[i - 1] ? seen[i] : (long long)i + 1,
                     i > 0 && seen[i] == seen[i - 1] ? "is used twice" : "is missing");
    free(seen);
    char *next = one_text(l, "SELECT next FROM sequences WHERE name = 'invoice'", NULL, err);
    if (problem[0] == '\0' && (next == NULL || strtoll(next, NULL, 10) != (long long)n + 1))
        snprintf(problem, size, "the number sequence stands at %s, but %zu numbers are issued",
                 next ? next : "nothing", n);
    free(next);
    return 0;
}
