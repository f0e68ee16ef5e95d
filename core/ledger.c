#include "ledger.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#include <cJSON.h>

#include "digest.h"
#include "doc.h"

/* How long a writer waits for another process's transaction before giving up. */
#define BUSY_TIMEOUT_MS 10000

struct Ledger {
    sqlite3 *db;   /* owned */
    char *path;    /* owned; the file, as errors name it */
    char *scratch; /* a document read for the current call; owned */
    int made;      /* ledger_open made it: there was none */
    int immutable; /* read as a file nothing writes to (see open_read) */
    int batch;     /* a batch's transaction is open: each record is a savepoint in it */
    /* Statements prepared once and reset after each use, by their SQL (a literal of this
     * file, so its address names it): a run records thousands, and parsing the views each
     * record reads cost more than the record. */
    struct {
        const char *sql;
        sqlite3_stmt *st;
    } cache[32];
    int ncache;
    struct stat as; /* when immutable: the file as it was opened */
};

static void done(Ledger *l, sqlite3_stmt *st);

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
    done(l, st);
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
    done(l, st);
    if (version < 0)
        return db_error(l, err, "reading the schema version");
    if (version != LEDGER_SCHEMA_VERSION)
        return error_set(err, OCE_EIO, l->path, 0,
                         "ledger: its schema is version %d, this oce's %d: it is migrated when "
                         "a command writes to it (a settle without --dry-run)",
                         version, LEDGER_SCHEMA_VERSION);
    return 0;
}

/* An SQLite database is an oce ledger when it has a schema version and the tables of the
 * first one. Any other is refused, not made into an empty ledger that numbers from 1 again. */
static int oce_schema(Ledger *l, OceError *err)
{
    sqlite3_stmt *st;
    int version = -1, tables = 0;
    if (sqlite3_prepare_v2(l->db,
                           "SELECT (SELECT user_version FROM pragma_user_version), count(*)"
                           " FROM sqlite_master WHERE type = 'table'"
                           " AND name IN ('settlements', 'sequences')",
                           -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        version = sqlite3_column_int(st, 0);
        tables = sqlite3_column_int(st, 1);
    }
    done(l, st);
    int n = (int)(sizeof migrations / sizeof *migrations);
    if (version < 0 && sqlite3_errcode(l->db) == SQLITE_NOTADB)
        return error_set(err, OCE_EIO, l->path, 0,
                         "ledger: not a ledger: the file is not an SQLite database");
    if (version < 0)
        return db_error(l, err, "reading the schema");
    if (version > n)
        return error_set(err, OCE_EIO, l->path, 0,
                         "ledger: schema version %d is newer than this oce knows (%d)", version, n);
    if (version == 0 || tables != 2)
        return error_set(err, OCE_EIO, l->path, 0,
                         "ledger: not a ledger: an SQLite database without oce's tables "
                         "(settlements, sequences); oce makes a ledger only where there is no "
                         "file (oce ledger init)");
    return 0;
}

/* A file that is there must be a ledger. Refused, naming it: none there; not a regular file;
 * an empty file (a truncated ledger, which SQLite would take for a new database, so that
 * the invoice numbers would start at 1 again); a file that does not begin as SQLite's do. */
static int check_file(const char *path, OceError *err)
{
    struct stat st;
    char head[16];
    if (stat(path, &st) != 0 && errno == ENOENT && lstat(path, &st) == 0)
        return error_set(err, OCE_EIO, path, 0,
                         "ledger: it is a symbolic link to a file that is not there (is the "
                         "folder it names mounted?)");
    if (stat(path, &st) != 0)
        return errno == ENOENT
                   ? error_set(err, OCE_EIO, path, 0,
                               "ledger: there is no ledger here (oce ledger init makes one, and "
                               "so does a settle that names it with --ledger or $OCE_LEDGER)")
                   : error_set(err, OCE_EIO, path, 0, "ledger: cannot read: %s", strerror(errno));
    if (!S_ISREG(st.st_mode))
        return error_set(err, OCE_EIO, path, 0, "ledger: not a ledger: it is %s, not a file",
                         S_ISDIR(st.st_mode) ? "a folder" : "a device or a pipe");
    if (st.st_size == 0)
        return error_set(err, OCE_EIO, path, 0,
                         "ledger: not a ledger: the file is empty (0 bytes), so it was "
                         "truncated or never was one; restore the ledger from a backup (oce "
                         "makes a new ledger only where there is no file)");
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return error_set(err, OCE_EIO, path, 0, "ledger: cannot read: %s", strerror(errno));
    size_t n = fread(head, 1, sizeof head, f);
    fclose(f);
    if (n != sizeof head || memcmp(head, "SQLite format 3", sizeof head) != 0)
        return error_set(err, OCE_EIO, path, 0,
                         "ledger: not a ledger: the file is not an SQLite database");
    return 0;
}

/* The folder of a path, malloc'ed: "." for a bare name. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (slash == NULL)
        return strdup(".");
    return strndup(path, slash == path ? 1 : (size_t)(slash - path));
}

/* Whether the ledger can be written: the file, and its folder, where SQLite keeps the
 * write-ahead log and its index while the ledger is open. */
static int writable(const char *path)
{
    char *dir = folder_of(path);
    int ok = dir != NULL && access(path, W_OK) == 0 && access(dir, W_OK) == 0;
    free(dir);
    return ok;
}

/* The size of the file beside the ledger named path + suffix, -1 when there is none. */
static long long beside(const char *path, const char *suffix)
{
    char name[4096];
    struct stat st;
    snprintf(name, sizeof name, "%s%s", path, suffix);
    return stat(name, &st) == 0 ? (long long)st.st_size : -1;
}

/* The busy timeout is set before anything else: every later step may meet another
 * process's lock. */
static int connect_db(Ledger *l, const char *name, int flags, OceError *err)
{
    if (sqlite3_open_v2(name, &l->db, flags, NULL) != SQLITE_OK ||
        sqlite3_busy_timeout(l->db, BUSY_TIMEOUT_MS) != SQLITE_OK)
        return db_error(l, err, "cannot open");
    return 0;
}

/* An SQLite URI for the file at path with query: the path percent-encoded, so that no '?',
 * '#' or '%' in it is read as part of the URI. malloc'ed. */
static char *file_uri(const char *path, const char *query)
{
    static const char safe[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                               "/-._~";
    size_t n = strlen(path);
    char *uri = malloc(3 * n + strlen(query) + 16);
    if (uri == NULL)
        return NULL;
    size_t k = (size_t)sprintf(uri, "file:%s", path[0] == '/' ? "//" : "");
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)path[i];
        k += (size_t)(strchr(safe, c) ? sprintf(uri + k, "%c", c)
                                      : sprintf(uri + k, "%%%02X", (unsigned)c));
    }
    sprintf(uri + k, "?%s", query);
    return uri;
}

static int connect_uri(Ledger *l, const char *query, OceError *err)
{
    char *uri = file_uri(l->path, query);
    if (uri == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    int rc = connect_db(l, uri, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, err);
    free(uri);
    return rc;
}

/* Opens, to read, a ledger that cannot be written. SQLite reads a ledger in WAL mode through
 * its write-ahead log and the log's index (-wal, -shm), and cannot make them in a read-only
 * folder. Where they are there, it reads through them. Where the log is not there, or is
 * empty, every committed transaction is in the file itself, which is then read as immutable
 * (no locks, no log), and afterwards checked to be as it was (see unchanged): a writer
 * through another, writable path to the folder would have made a log or changed the file.
 * A log with transactions in it but no index cannot be read, and immutable would read the
 * ledger without them: it is refused. */
static int open_read(Ledger *l, OceError *err)
{
    if (connect_uri(l, "mode=ro", err) == 0 &&
        sqlite3_exec(l->db, "SELECT count(*) FROM sqlite_master", NULL, NULL, NULL) == SQLITE_OK)
        return 0;
    if (error_failed(err) || sqlite3_errcode(l->db) != SQLITE_CANTOPEN)
        return db_error(l, err, "cannot open");
    sqlite3_close(l->db);
    l->db = NULL;
    if (beside(l->path, "-wal") > 0 || beside(l->path, "-journal") > 0)
        return error_set(err, OCE_EIO, l->path, 0,
                         "ledger: its last transactions are still in %s-%s, which cannot be "
                         "read where the ledger cannot be written (a read-only folder or "
                         "mount): open it once where it can be written, or copy it with the "
                         "files beside it",
                         l->path, beside(l->path, "-wal") > 0 ? "wal" : "journal");
    if (stat(l->path, &l->as) != 0)
        return error_set(err, OCE_EIO, l->path, 0, "ledger: cannot read: %s", strerror(errno));
    l->immutable = 1;
    return connect_uri(l, "immutable=1", err);
}

/* After a read of a ledger opened immutable: it must be as it was, with no log beside it. */
static int unchanged(Ledger *l, int rc, OceError *err)
{
    struct stat now;
    if (rc != 0 || !l->immutable)
        return rc;
    if (stat(l->path, &now) == 0 && now.st_ino == l->as.st_ino && now.st_size == l->as.st_size &&
        now.st_mtim.tv_sec == l->as.st_mtim.tv_sec &&
        now.st_mtim.tv_nsec == l->as.st_mtim.tv_nsec && beside(l->path, "-wal") <= 0)
        return 0;
    return error_set(err, OCE_EIO, l->path, 0,
                     "ledger: it changed while it was read (written through another path to "
                     "its folder): read it again");
}

/* Puts the ledger in WAL mode. Switching a file to it upgrades a read lock to a write lock,
 * which SQLite does not wait for (two such upgrades waiting for each other would deadlock):
 * it fails at once with SQLITE_BUSY, so that is waited out here, as long as the busy timeout.
 * A ledger already in WAL mode takes no write lock. */
static int wal_mode(Ledger *l, OceError *err)
{
    int waited = 0, step = 1;
    for (;;) {
        int rc = sqlite3_exec(l->db, "PRAGMA journal_mode = WAL", NULL, NULL, NULL);
        if (rc == SQLITE_OK)
            return exec(l, "PRAGMA synchronous = FULL", err);
        if ((rc & 0xff) != SQLITE_BUSY || waited >= BUSY_TIMEOUT_MS)
            return db_error(l, err, "switching to WAL mode");
        sqlite3_sleep(step);
        waited += step;
        step = step < 64 ? step * 2 : 64;
    }
}

static int already(const char *path, OceError *err)
{
    return error_set(err, OCE_EIO, path, 0,
                     "ledger: there is a file here already, so no ledger was made (nothing was "
                     "changed)");
}

/* Makes sure a name just linked into the folder outlives a crash. */
static void sync_folder(const char *path)
{
    char *dir = folder_of(path);
    int fd = dir ? open(dir, O_RDONLY) : -1;
    if (fd >= 0) {
        fsync(fd);
        close(fd);
    }
    free(dir);
}

/* Puts the private file made into place as path: 1 done, 0 when another process put a
 * ledger there first. link() never replaces a file; a filesystem without hard links gets a
 * rename, after looking that the name is free. */
static int put_in_place(const char *tmp, const char *path, OceError *err)
{
    struct stat st;
    if (link(tmp, path) == 0)
        return 1;
    if (errno == EEXIST)
        return 0;
    if (errno != EPERM && errno != ENOTSUP && errno != EOPNOTSUPP && errno != ENOSYS)
        return error_set(err, OCE_EIO, path, 0, "ledger: cannot make it: %s", strerror(errno));
    if (stat(path, &st) == 0)
        return 0;
    if (rename(tmp, path) != 0)
        return error_set(err, OCE_EIO, path, 0, "ledger: cannot make it: %s", strerror(errno));
    return 1;
}

/* Removes what processes killed while making the ledger base in dir left behind: their
 * private files, ".<base>.<pid>-<n>.new" (and SQLite's files beside them), of a process that
 * is no more. */
static void sweep(const char *dir, const char *base)
{
    DIR *d = opendir(dir);
    size_t n = strlen(base);
    struct dirent *e;
    while (d != NULL && (e = readdir(d)) != NULL) {
        char *end, name[4096];
        const char *s = e->d_name;
        if (s[0] != '.' || strncmp(s + 1, base, n) != 0 || s[n + 1] != '.')
            continue;
        long pid = strtol(s + n + 2, &end, 10);
        if (pid <= 0 || *end != '-' || strstr(end, ".new") == NULL || kill((pid_t)pid, 0) == 0 ||
            errno != ESRCH)
            continue;
        snprintf(name, sizeof name, "%s/%s", dir, s);
        unlink(name);
    }
    if (d != NULL)
        closedir(d);
}

/* Makes an empty ledger at path, whole or not at all: the schema is written into a private
 * file beside it, which is then put in place. So no process ever finds a half-made ledger
 * (an empty file is refused as a truncated one), and of processes making the same ledger at
 * once, one makes it and the others find it. 1 made, 0 found there (an error when refuse
 * is set: oce ledger init), -1 on error. */
static int make(const char *path, int refuse, OceError *err)
{
    struct stat st;
    if (stat(path, &st) == 0)
        return refuse ? already(path, err) : 0;
    char *dir = folder_of(path), tmp[4096];
    const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    snprintf(tmp, sizeof tmp, "%s/.%s.%ld-%ld.new", dir ? dir : ".", base, (long)getpid(),
             (long)now.tv_nsec);
    sweep(dir ? dir : ".", base);
    free(dir);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0)
        return error_set(err, OCE_EIO, path, 0, "ledger: cannot make it: %s", strerror(errno));
    close(fd);
    Ledger t = {.path = (char *)path};
    int rc = connect_db(&t, tmp, SQLITE_OPEN_READWRITE, err) == 0 && wal_mode(&t, err) == 0 &&
                     migrate(&t, err) == 0
                 ? 0
                 : -1;
    if (sqlite3_close(t.db) != SQLITE_OK && rc == 0)
        rc = db_error(&t, err, "closing the new ledger");
    if (rc == 0)
        rc = put_in_place(tmp, path, err);
    unlink(tmp);
    for (int k = 0; k < 2; k++) { /* left only when SQLite could not close the file */
        char side[4200];
        snprintf(side, sizeof side, "%s%s", tmp, k ? "-shm" : "-wal");
        unlink(side);
    }
    if (rc == 1)
        sync_folder(path);
    return rc == 0 && refuse ? already(path, err) : rc;
}

Ledger *ledger_open(const char *path, int mode, OceError *err)
{
    int made =
        mode == LEDGER_CREATE || mode == LEDGER_INIT ? make(path, mode == LEDGER_INIT, err) : 0;
    if (made < 0 || check_file(path, err) != 0)
        return NULL;
    int reads = mode == LEDGER_READ || mode == LEDGER_INSPECT, can = writable(path);
    if (!reads && !can) {
        error_set(err, OCE_EIO, path, 0,
                  "ledger: it cannot be written here (the file, its folder or the mount is "
                  "read-only); it can be read (oce ledger list, show, export, check, and "
                  "settle --dry-run)");
        return NULL;
    }
    Ledger *l = calloc(1, sizeof *l);
    if (l == NULL || (l->path = strdup(path)) == NULL) {
        free(l);
        error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        return NULL;
    }
    l->made = made;
    /* A reader that can write opens the ledger to write, but writes nothing (query_only) but
     * a migration where it is asked for: SQLite then removes the log files when it closes. */
    int rc = can ? connect_db(l, path, SQLITE_OPEN_READWRITE, err) : open_read(l, err);
    if (rc == 0)
        rc = oce_schema(l, err);
    if (rc == 0 && can && mode != LEDGER_READ && (wal_mode(l, err) != 0 || migrate(l, err) != 0))
        rc = -1;
    if (rc == 0 && reads &&
        (current_schema(l, err) != 0 || exec(l, "PRAGMA query_only = 1", err) != 0))
        rc = -1;
    if (rc != 0) {
        if (!error_failed(err))
            db_error(l, err, "cannot open");
        ledger_close(l);
        return NULL;
    }
    return l;
}

int ledger_made(const Ledger *l)
{
    return l->made;
}

void ledger_close(Ledger *l)
{
    if (l == NULL)
        return;
    for (int k = 0; k < l->ncache; k++)
        sqlite3_finalize(l->cache[k].st);
    sqlite3_close(l->db);
    free(l->scratch);
    free(l->path);
    free(l);
}

/* Ends a statement's use: a cached one is reset for the next, any other finalized. */
static void done(Ledger *l, sqlite3_stmt *st)
{
    for (int k = 0; k < l->ncache; k++)
        if (l->cache[k].st == st) {
            sqlite3_reset(st);
            sqlite3_clear_bindings(st);
            return;
        }
    sqlite3_finalize(st);
}

/* A prepared statement with text parameters bound in order; NULL with err filled. */
static sqlite3_stmt *prepare(Ledger *l, const char *sql, const char *const *args, int n,
                             OceError *err)
{
    sqlite3_stmt *st = NULL;
    int k = 0;
    while (k < l->ncache && l->cache[k].sql != sql)
        k++;
    if (k < l->ncache && !sqlite3_stmt_busy(l->cache[k].st)) {
        st = l->cache[k].st;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    } else if (sqlite3_prepare_v2(l->db, sql, -1, &st, NULL) != SQLITE_OK) {
        db_error(l, err, "preparing a statement");
        return NULL;
    } else if (k == l->ncache && l->ncache < (int)(sizeof l->cache / sizeof l->cache[0])) {
        l->cache[l->ncache].sql = sql;
        l->cache[l->ncache++].st = st;
    }
    for (int i = 0; i < n; i++)
        if (sqlite3_bind_text(st, i + 1, args[i], -1, SQLITE_TRANSIENT) != SQLITE_OK) {
            db_error(l, err, "binding a value");
            done(l, st);
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
    done(l, st);
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
    done(l, st);
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
    done(l, st);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        return db_error(l, err, "reading");
    return rc == SQLITE_ROW;
}

static int finish(Ledger *l, int rc, OceError *err)
{
    if (l->batch) {
        if (rc != 0)
            exec(l, "ROLLBACK TO one", NULL);
        return exec(l, "RELEASE one", rc != 0 ? NULL : err) != 0 || rc != 0 ? -1 : 0;
    }
    if (rc != 0) {
        exec(l, "ROLLBACK", NULL);
        return -1;
    }
    return exec(l, "COMMIT", err);
}

int ledger_batch_begin(Ledger *l, OceError *err)
{
    if (exec(l, "BEGIN IMMEDIATE", err) != 0)
        return -1;
    l->batch = 1;
    return 0;
}

int ledger_batch_end(Ledger *l, int commit, OceError *err)
{
    if (!l->batch)
        return 0;
    l->batch = 0;
    if (!commit) {
        exec(l, "ROLLBACK", NULL);
        return 0;
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
    done(l, st);
    if (doc == NULL)
        db_error(l, err, "reading the settlement as it stands");
    return doc;
}

/* Whether a settlement document is in currency. */
static int currency_is(const char *document, const char *currency)
{
    Doc *doc = doc_parse(document);
    const char *c = doc ? doc_fact(doc, DOC_FACT_CURRENCY) : NULL;
    int same = c != NULL && strcmp(c, currency) == 0;
    doc_free(doc);
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
           (doc_earlier_digest(e->document, before) == 0 && strcmp(digest, before) == 0);
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
    doc = doc_adjustment(was, e->document, "", invoice, &kind, &difference, &nlines, err);
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
        doc = doc_adjustment(was, e->document, out->number, invoice, &kind, &difference, &nlines,
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
    done(l, st);
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
        char status[8], digest[80], invoice[64];
        int held = current(l, contract, what, status, digest, invoice, err);
        if (held == 0)
            error_set(err, OCE_EPERIOD, l->path, 0,
                      "ledger: %s %s was settled on a %s that the ledger does not hold: settle "
                      "the earlier periods into the ledger first, in order",
                      contract, period, what);
        else
            error_set(err, OCE_EPERIOD, l->path, 0,
                      "ledger: %s %s was settled on a %s that no longer stands in the ledger (it "
                      "was settled again meanwhile): settle %s again",
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
    if (exec(l, l->batch ? "SAVEPOINT one" : "BEGIN IMMEDIATE", err) != 0)
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
    done(l, st);
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
        done(l, st);
        return db_error(l, err, "binding a value");
    }
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        const char *col[7];
        for (int i = 0; i < 7; i++)
            col[i] = (const char *)sqlite3_column_text(st, i);
        visit(ctx, col[0], col[1], col[2], col[3], col[4], col[5], col[6]);
    }
    done(l, st);
    return unchanged(l, rc == SQLITE_DONE ? 0 : db_error(l, err, "reading"), err);
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
    done(l, st);
    if (stop != 0)
        return stop;
    return unchanged(l, rc == SQLITE_DONE ? 0 : db_error(l, err, "reading"), err);
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
    if (doc != NULL && unchanged(l, 0, err) != 0) {
        free(doc);
        return NULL;
    }
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
    done(l, st);
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
    if (unchanged(l, 0, err) != 0) {
        free(buf);
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
    Doc *doc = doc_parse(text);
    const char *stated = doc ? doc_fact(doc, DOC_FACT_DIGEST) : NULL;
    int ok = stated != NULL && doc_digest_of(text, hex) == 0 && strcmp(hex, stated) == 0 &&
             (recorded == NULL || strcmp(hex, recorded) == 0);
    doc_free(doc);
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
    done(l, st);
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
    return unchanged(l, rc, err);
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
    done(l, st);
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

/* --- Merging the ledgers of shards ------------------------------------------------------ */

/* Attaches shard k at path as "shard" and refuses one that holds anything but drafts. */
static int attach_shard(Ledger *l, const char *path, OceError *err)
{
    Ledger *check = ledger_open(path, LEDGER_READ, err); /* a ledger, of this oce's schema */
    if (check == NULL)
        return -1;
    ledger_close(check);
    const char *args[] = {path};
    if (run(l, "ATTACH DATABASE ?1 AS shard", args, 1, err) != 0)
        return -1;
    char *final = first_text(l,
                             "SELECT contract || ' ' || period FROM shard.settlements"
                             " WHERE status <> 'draft' UNION ALL SELECT contract || ' ' || period"
                             " FROM shard.revisions LIMIT 1",
                             NULL, 0, "reading a shard", err);
    if (final != NULL) {
        error_set(err, OCE_EUSAGE, path, 0,
                  "ledger merge: the shard holds %s final, or adjusted: a shard's ledger holds "
                  "drafts only; finalise once, in the merged ledger",
                  final);
        free(final);
    }
    if (error_failed(err)) {
        exec(l, "DETACH DATABASE shard", NULL);
        return -1;
    }
    return 0;
}

/* Records every draft of the attached shard in l, in contract and period order (so that a
 * period is recorded after the earlier ones it was settled on), in one transaction. */
static int merge_shard(Ledger *l, const char *prefix, LedgerMerge *out, OceError *err)
{
    sqlite3_stmt *st = prepare(l,
                               "SELECT contract, period, script_sha256, outcomes_sha256, digest,"
                               " currency, net, document, version FROM shard.settlements"
                               " ORDER BY contract, period",
                               NULL, 0, err);
    if (st == NULL)
        return -1;
    int rc = ledger_batch_begin(l, err), step = SQLITE_DONE;
    while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
        const char *c[9];
        for (int k = 0; k < 9; k++)
            c[k] = (const char *)sqlite3_column_text(st, k);
        LedgerEntry e = {c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], c[8]};
        LedgerResult r;
        if (ledger_record(l, &e, prefix, &r, err) != 0) {
            rc = -1;
            break;
        }
        out->outcomes[r.outcome]++;
        out->entries++;
    }
    if (rc == 0 && step != SQLITE_DONE)
        rc = db_error(l, err, "reading a shard");
    done(l, st);
    if (ledger_batch_end(l, rc == 0, rc == 0 ? err : NULL) != 0)
        rc = -1;
    return rc;
}

int ledger_merge(Ledger *l, const char *const *shards, size_t n, const char *prefix,
                 LedgerMerge *out, OceError *err)
{
    memset(out, 0, sizeof *out);
    if (exec(l, "CREATE TEMP TABLE merging (contract TEXT, period TEXT, digest TEXT, shard TEXT)",
             err) != 0)
        return -1;
    int rc = 0;
    /* First every shard's periods, so that one in two shards settled differently is refused
     * before anything is written. */
    for (size_t k = 0; rc == 0 && k < n; k++) {
        if (attach_shard(l, shards[k], err) != 0)
            rc = -1;
        const char *args[] = {shards[k]};
        if (rc == 0)
            rc = run(l,
                     "INSERT INTO temp.merging SELECT contract, period, digest, ?1"
                     " FROM shard.settlements",
                     args, 1, err);
        if (rc == 0 || error_failed(err))
            exec(l, "DETACH DATABASE shard", NULL);
    }
    char *twice = rc == 0 ? first_text(l,
                                       "SELECT contract || ' ' || period || ' is in ' ||"
                                       " min(shard) || ' and ' || max(shard) FROM temp.merging"
                                       " GROUP BY contract, period"
                                       " HAVING count(DISTINCT digest) > 1 LIMIT 1",
                                       NULL, 0, "reading the shards", err)
                          : NULL;
    if (twice != NULL) {
        rc = error_set(err, OCE_EUSAGE, l->path, 0,
                       "ledger merge: %s, settled differently: a contract belongs to one shard",
                       twice);
        free(twice);
    } else if (error_failed(err)) {
        rc = -1;
    }
    for (size_t k = 0; rc == 0 && k < n; k++) {
        if (attach_shard(l, shards[k], err) != 0) {
            rc = -1;
            break;
        }
        rc = merge_shard(l, prefix, out, err);
        exec(l, "DETACH DATABASE shard", NULL);
        if (rc != 0)
            snprintf(out->stopped_at, sizeof out->stopped_at, "%s", shards[k]);
        else
            out->shards++;
    }
    exec(l, "DROP TABLE temp.merging", NULL);
    return rc;
}
