/*
 * Unit tests of the ledger, on ledgers in temporary files. Its history rules: a settlement
 * made on earlier periods that no longer stand as they were is refused (another process
 * settled one of them again meanwhile), later periods made on an old version of a period are
 * named, and a draft made on a moved history cannot be finalised. And its file: a file that
 * is there must be a ledger (an empty, foreign or non-SQLite file is refused, never made into
 * a new ledger that numbers from 1 again), processes making the same new ledger at once all
 * succeed, and a ledger in a read-only folder can be read, never stale.
 */
#define _GNU_SOURCE /* unshare(2), for a read-only mount of a folder */
#include "testutil.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <sqlite3.h>

#include "digest.h"
#include "ledger.h"
#include "writer.h"

typedef struct Fixture {
    char path[64];
    Ledger *l;
    OceError err;
} Fixture;

static int setup(void **state)
{
    Fixture *f = calloc(1, sizeof *f);
    snprintf(f->path, sizeof f->path, "/tmp/oce-ledger-XXXXXX");
    int fd = mkstemp(f->path);
    close(fd);
    unlink(f->path);
    error_init(&f->err);
    f->l = ledger_open(f->path, LEDGER_CREATE, &f->err);
    assert_non_null(f->l);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    Fixture *f = *state;
    ledger_close(f->l);
    char wal[80];
    unlink(f->path);
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    unlink(wal);
    snprintf(wal, sizeof wal, "%s-shm", f->path);
    unlink(wal);
    free(f);
    return 0;
}

/* Records a draft of period (net 1.00, a made-up document with a true digest) made on the
 * history given as JSON, and returns its digest in digest. */
static int record(Fixture *f, const char *period, const char *note, const char *history,
                  char digest[DIGEST_HEX_SIZE], LedgerResult *r)
{
    char body[700], doc[800];
    snprintf(body, sizeof body,
             "{\"contract\": {\"id\": \"c\", \"version\": \"original\"}, \"period\": {\"id\": "
             "\"%s\"}, \"note\": \"%s\", \"totals\": {\"net\": \"1.00\"}, \"history\": %s",
             period, note, history);
    snprintf(doc, sizeof doc, "%s}", body);
    assert_int_equal(writer_digest_of(doc, digest), 0);
    snprintf(doc, sizeof doc, "%s, \"digest\": \"%s\"}", body, digest);
    LedgerEntry e = {"c", period, "s", "o", digest, "GBP", "1.00", doc, "original"};
    error_init(&f->err);
    return ledger_record(f->l, &e, "INV-", r, &f->err);
}

/* [{"period": p, "digest": d}] */
static const char *on(const char *period, const char *digest, char *buf, size_t size)
{
    snprintf(buf, size, "[{\"period\": \"%s\", \"digest\": \"%s\"}]", period, digest);
    return buf;
}

static void test_history_must_still_stand(void **state)
{
    Fixture *f = *state;
    LedgerResult r;
    char jan[DIGEST_HEX_SIZE], feb[DIGEST_HEX_SIZE], mar[DIGEST_HEX_SIZE], h[256];
    assert_int_equal(record(f, "2026-01", "a", "[]", jan, &r), 0);
    assert_int_equal(r.outcome, LEDGER_RECORDED);
    /* February made on the January that stands: recorded. */
    assert_int_equal(record(f, "2026-02", "a", on("2026-01", jan, h, sizeof h), feb, &r), 0);
    assert_string_equal(r.stale, "");
    /* March made on a January that is not the one standing: refused, and nothing written. */
    assert_int_equal(record(f, "2026-03", "a", on("2026-01", "old", h, sizeof h), mar, &r), -1);
    assert_int_equal(f->err.code, OCE_EPERIOD);
    assert_non_null(strstr(f->err.message,
                           "c 2026-03 was settled on a 2026-01 that no longer stands in the "
                           "ledger (it was settled again meanwhile): settle 2026-03 again"));
    /* A period missing from the ledger does not stand either. */
    assert_int_equal(record(f, "2026-05", "a", on("2026-04", "x", h, sizeof h), mar, &r), -1);
    char problem[256];
    error_init(&f->err);
    assert_int_equal(ledger_check(f->l, problem, sizeof problem, &f->err), 0);
    assert_string_equal(problem, "");
}

static void test_later_periods_named_and_refused(void **state)
{
    Fixture *f = *state;
    LedgerResult r;
    char jan[DIGEST_HEX_SIZE], feb[DIGEST_HEX_SIZE], h[256];
    assert_int_equal(record(f, "2026-01", "a", "[]", jan, &r), 0);
    assert_int_equal(record(f, "2026-02", "a", on("2026-01", jan, h, sizeof h), feb, &r), 0);
    /* January settled again: February was made on the old one. */
    assert_int_equal(record(f, "2026-01", "b", "[]", jan, &r), 0);
    assert_int_equal(r.outcome, LEDGER_REPLACED);
    assert_string_equal(r.stale, "2026-02 (draft)");
    char problem[256], number[64];
    int already;
    assert_int_equal(ledger_check(f->l, problem, sizeof problem, &f->err), 0);
    assert_string_equal(problem, "c 2026-02 (draft), settled on a 2026-01 that no longer stands: "
                                 "settle it again");
    assert_int_equal(ledger_finalize(f->l, "c", "2026-02", "INV-", number, &already, &f->err), -1);
    assert_non_null(strstr(f->err.message, "was settled on a 2026-01 that has changed since"));
    /* Settled again on the January that stands, it can be finalised, and the check is clean. */
    assert_int_equal(record(f, "2026-02", "b", on("2026-01", jan, h, sizeof h), feb, &r), 0);
    error_init(&f->err);
    assert_int_equal(ledger_finalize(f->l, "c", "2026-02", "INV-", number, &already, &f->err), 0);
    assert_string_equal(number, "INV-000001");
    assert_int_equal(ledger_check(f->l, problem, sizeof problem, &f->err), 0);
    assert_string_equal(problem, "");
}

/* A period is not settled on an earlier one that is itself out of date: after January is
 * settled again, April cannot be recorded on the February that was made on the old January,
 * though that February still stands. */
static void test_earlier_stale_refused(void **state)
{
    Fixture *f = *state;
    LedgerResult r;
    char jan[DIGEST_HEX_SIZE], feb[DIGEST_HEX_SIZE], apr[DIGEST_HEX_SIZE], h[512];
    assert_int_equal(record(f, "2026-01", "a", "[]", jan, &r), 0);
    assert_int_equal(record(f, "2026-02", "a", on("2026-01", jan, h, sizeof h), feb, &r), 0);
    assert_int_equal(record(f, "2026-01", "b", "[]", jan, &r), 0);
    snprintf(h, sizeof h,
             "[{\"period\": \"2026-01\", \"digest\": \"%s\"}, {\"period\": \"2026-02\", "
             "\"digest\": \"%s\"}]",
             jan, feb);
    assert_int_equal(record(f, "2026-04", "a", h, apr, &r), -1);
    assert_string_equal(
        f->err.message,
        "ledger: c 2026-02, settled on a 2026-01 that has changed since, so 2026-04 "
        "would be settled on an out of date settlement: settle the periods from "
        "2026-02 again, in order, first");
    char number[64];
    int already;
    error_init(&f->err);
    assert_int_equal(ledger_finalize(f->l, "c", "2026-02", "INV-", number, &already, &f->err), -1);
}

/* A contract's periods are of one kind: a quarter among its months is refused. */
static void test_one_kind_of_period(void **state)
{
    Fixture *f = *state;
    LedgerResult r;
    char jan[DIGEST_HEX_SIZE], q[DIGEST_HEX_SIZE];
    assert_int_equal(record(f, "2026-01", "a", "[]", jan, &r), 0);
    assert_int_equal(record(f, "2026-Q2", "a", "[]", q, &r), -1);
    assert_non_null(strstr(f->err.message, "it holds c 2026-01, a period of another kind than "
                                           "2026-Q2"));
    assert_int_equal(record(f, "2026", "a", "[]", q, &r), -1);
}

/* A document of this oce's layout, made up (net 1.00, outcomes_rows), with its true digest. */
static char *current_doc(const char *period, const char *note, char digest[DIGEST_HEX_SIZE])
{
    char body[700], doc[800];
    snprintf(body, sizeof body,
             "{\"format\": \"%s\", \"contract\": {\"id\": \"c\", \"version\": "
             "\"original\"}, \"period\": {\"id\": \"%s\"}, \"note\": \"%s\", \"totals\": "
             "{\"net\": \"1.00\"}, \"outcomes_rows\": {\"read\": \"1\"}, \"history\": []",
             WRITER_FORMAT, period, note);
    snprintf(doc, sizeof doc, "%s}", body);
    assert_int_equal(writer_digest_of(doc, digest), 0);
    snprintf(doc, sizeof doc, "%s, \"digest\": \"%s\"}", body, digest);
    return strdup(doc);
}

static int record_doc(Fixture *f, const char *period, const char *doc, const char *digest,
                      LedgerResult *r)
{
    LedgerEntry e = {"c", period, "s", "o", digest, "GBP", "1.00", doc, "original"};
    error_init(&f->err);
    return ledger_record(f->l, &e, "INV-", r, &f->err);
}

/* A ledger that holds a settlement as an earlier oce wrote it (the layout before, without the
 * counts of the inputs' rows) holds the same settlement of this oce: settling it again changes
 * nothing, draft or final, and the earlier document stays; another settlement replaces it. */
static void test_earlier_layout_holds(void **state)
{
    Fixture *f = *state;
    LedgerResult r;
    char now[DIGEST_HEX_SIZE], then[DIGEST_HEX_SIZE], other[DIGEST_HEX_SIZE];
    char *doc = current_doc("2026-01", "a", now), *old = writer_earlier(doc);
    assert_non_null(old);
    assert_int_equal(writer_digest_of(old, then), 0);
    assert_string_not_equal(now, then);
    assert_int_equal(record_doc(f, "2026-01", old, then, &r), 0);
    assert_int_equal(r.outcome, LEDGER_RECORDED);
    assert_int_equal(record_doc(f, "2026-01", doc, now, &r), 0);
    assert_int_equal(r.outcome, LEDGER_UNCHANGED);
    char *held = ledger_show(f->l, "c/2026-01", &f->err);
    assert_non_null(held);
    assert_string_equal(held, old);
    free(held);
    char number[64];
    int already;
    assert_int_equal(ledger_finalize(f->l, "c", "2026-01", "INV-", number, &already, &f->err), 0);
    assert_int_equal(record_doc(f, "2026-01", doc, now, &r), 0);
    assert_int_equal(r.outcome, LEDGER_UNCHANGED);
    /* February as an earlier oce wrote it, then settled to something else: replaced. */
    char *feb = current_doc("2026-02", "a", other), *feb_old = writer_earlier(feb);
    char *changed = current_doc("2026-02", "b", other);
    assert_int_equal(writer_digest_of(feb_old, then), 0);
    assert_int_equal(record_doc(f, "2026-02", feb_old, then, &r), 0);
    assert_int_equal(record_doc(f, "2026-02", changed, other, &r), 0);
    assert_int_equal(r.outcome, LEDGER_REPLACED);
    char problem[256];
    assert_int_equal(ledger_check(f->l, problem, sizeof problem, &f->err), 0);
    assert_string_equal(problem, "");
    free(changed);
    free(feb_old);
    free(feb);
    free(old);
    free(doc);
}

/* --- The ledger's file. ------------------------------------------------------------------ */

typedef struct Folder {
    char dir[64];   /* a temporary folder, removed with all it holds */
    char path[128]; /* dir/oce.db, not made */
    OceError err;
} Folder;

static int setup_folder(void **state)
{
    Folder *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/oce-ledger-dir-XXXXXX");
    assert_non_null(mkdtemp(f->dir));
    snprintf(f->path, sizeof f->path, "%s/oce.db", f->dir);
    error_init(&f->err);
    *state = f;
    return 0;
}

static int teardown_folder(void **state)
{
    Folder *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    assert_int_equal(system(cmd), 0);
    free(f);
    return 0;
}

/* Records a draft of contract "c" for period in l (a made-up document with a true digest). */
static int draft(Ledger *l, const char *period, OceError *err)
{
    char body[300], doc[400], digest[DIGEST_HEX_SIZE];
    snprintf(body, sizeof body,
             "{\"contract\": {\"id\": \"c\", \"version\": \"original\"}, \"period\": {\"id\": "
             "\"%s\"}, \"totals\": {\"net\": \"1.00\"}, \"history\": []",
             period);
    snprintf(doc, sizeof doc, "%s}", body);
    if (writer_digest_of(doc, digest) != 0)
        return -1;
    snprintf(doc, sizeof doc, "%s, \"digest\": \"%s\"}", body, digest);
    LedgerEntry e = {"c", period, "s", "o", digest, "GBP", "1.00", doc, "original"};
    LedgerResult r;
    return ledger_record(l, &e, "INV-", &r, err);
}

static void count_entry(void *ctx, const char *contract, const char *period, const char *status,
                        const char *invoice, const char *currency, const char *net,
                        const char *digest)
{
    (void)contract, (void)period, (void)status, (void)invoice, (void)currency, (void)net;
    (void)digest;
    ++*(int *)ctx;
}

/* The entries a ledger lists, or -1 when it cannot be read. */
static int entries(Ledger *l, OceError *err)
{
    int n = 0;
    return ledger_list(l, NULL, NULL, count_entry, &n, err) == 0 ? n : -1;
}

static long long size_of(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static const int modes[] = {LEDGER_EXISTING, LEDGER_CREATE, LEDGER_READ, LEDGER_INSPECT};

/* Every way of opening refuses path with a message naming it and holding want, and leaves the
 * file as it was (size bytes). */
static void refused_by_every_mode(const char *path, const char *want, long long size)
{
    for (size_t k = 0; k < sizeof modes / sizeof *modes; k++) {
        OceError err;
        error_init(&err);
        assert_null(ledger_open(path, modes[k], &err));
        assert_int_equal(err.code, OCE_EIO);
        assert_string_equal(err.file, path);
        if (strstr(err.message, want) == NULL)
            fail_msg("mode %d: \"%s\" lacks \"%s\"", modes[k], err.message, want);
        assert_int_equal(size_of(path), size);
    }
    OceError err;
    error_init(&err);
    assert_null(ledger_open(path, LEDGER_INIT, &err));
    assert_string_equal(err.message, "ledger: there is a file here already, so no ledger was made "
                                     "(nothing was changed)");
    assert_int_equal(size_of(path), size);
}

/* A ledger truncated to 0 bytes is not taken for a new, empty one (whose invoice numbers would
 * start at INV-000001 again): every way of opening it refuses it, and it stays 0 bytes. */
static void test_truncated_ledger_refused(void **state)
{
    Folder *f = *state;
    char number[64];
    int already;
    Ledger *l = ledger_open(f->path, LEDGER_CREATE, &f->err);
    assert_non_null(l);
    assert_int_equal(draft(l, "2026-01", &f->err), 0);
    assert_int_equal(ledger_finalize(l, "c", "2026-01", "INV-", number, &already, &f->err), 0);
    assert_string_equal(number, "INV-000001");
    ledger_close(l);
    assert_int_equal(truncate(f->path, 0), 0);
    refused_by_every_mode(f->path,
                          "ledger: not a ledger: the file is empty (0 bytes), so it was "
                          "truncated or never was one; restore the ledger from a backup",
                          0);
}

/* A file that is not SQLite's, and an SQLite database without oce's tables, are refused, and
 * the database is not given oce's schema. */
static void test_foreign_files_refused(void **state)
{
    Folder *f = *state;
    FILE *out = fopen(f->path, "w");
    fputs("contract,period,metric,value\n", out);
    fclose(out);
    refused_by_every_mode(f->path, "ledger: not a ledger: the file is not an SQLite database", 29);
    /* The right first bytes and nothing after them: SQLite's own check refuses it. */
    out = fopen(f->path, "w");
    fwrite("SQLite format 3\0garbage", 1, 23, out);
    fclose(out);
    refused_by_every_mode(f->path, "ledger: not a ledger: the file is not an SQLite database", 23);
    unlink(f->path);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes (text)", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
    refused_by_every_mode(f->path,
                          "ledger: not a ledger: an SQLite database without oce's tables "
                          "(settlements, sequences)",
                          size_of(f->path));
    assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
    sqlite3_stmt *st;
    assert_int_equal(sqlite3_prepare_v2(db, "SELECT count(*) FROM sqlite_master", -1, &st, NULL),
                     SQLITE_OK);
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    assert_int_equal(sqlite3_column_int(st, 0), 1); /* still only its own table */
    sqlite3_finalize(st);
    sqlite3_close(db);
}

/* LEDGER_INIT makes a ledger only where there is no file; LEDGER_CREATE makes one where there
 * is none and opens the one there otherwise; the others need one there. */
static void test_who_makes_a_ledger(void **state)
{
    Folder *f = *state;
    for (size_t k = 0; k < sizeof modes / sizeof *modes; k++) {
        if (modes[k] == LEDGER_CREATE)
            continue;
        error_init(&f->err);
        assert_null(ledger_open(f->path, modes[k], &f->err));
        assert_non_null(strstr(f->err.message, "there is no ledger here"));
        assert_int_equal(size_of(f->path), -1);
    }
    error_init(&f->err);
    Ledger *l = ledger_open(f->path, LEDGER_INIT, &f->err);
    assert_non_null(l);
    assert_int_equal(ledger_made(l), 1);
    assert_int_equal(entries(l, &f->err), 0);
    assert_int_equal(draft(l, "2026-01", &f->err), 0);
    ledger_close(l);
    assert_null(ledger_open(f->path, LEDGER_INIT, &f->err));
    assert_non_null(strstr(f->err.message, "there is a file here already"));
    error_init(&f->err);
    l = ledger_open(f->path, LEDGER_CREATE, &f->err);
    assert_non_null(l);
    assert_int_equal(ledger_made(l), 0);
    assert_int_equal(entries(l, &f->err), 1);
    ledger_close(l);
}

/* An existing ledger at path, switched back to a rollback journal, as old ledgers are. */
static void rollback_ledger(const char *path)
{
    OceError err;
    error_init(&err);
    Ledger *l = ledger_open(path, LEDGER_CREATE, &err);
    assert_non_null(l);
    ledger_close(l);
    sqlite3 *db;
    assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL), SQLITE_OK);
    sqlite3_close(db);
}

/* Processes opening the same ledger at once, to write, all open it and record in it: a new
 * ledger (one makes it, the others find it whole), and an old ledger in rollback journal
 * mode (each switches it to WAL mode, or finds it switched). Before, several in a hundred
 * failed with "database is locked": switching a file to WAL mode upgrades a read lock to a
 * write lock, which SQLite does not wait for. Four processes at a time, released together
 * by a pipe, thirty times, every other time on an old ledger. */
static void test_ledger_races(void **state)
{
    Folder *f = *state;
    enum { ROUNDS = 30, KIDS = 4 };
    for (int round = 0; round < ROUNDS; round++) {
        char path[160];
        int old = round % 2;
        snprintf(path, sizeof path, "%s/race-%d.db", f->dir, round);
        if (old)
            rollback_ledger(path);
        int gate[2];
        assert_int_equal(pipe(gate), 0);
        for (int i = 0; i < KIDS; i++) {
            if (fork() != 0)
                continue;
            char c, period[8];
            close(gate[1]);
            if (read(gate[0], &c, 1) < 0)
                _exit(3);
            OceError err;
            error_init(&err);
            snprintf(period, sizeof period, "2026-%02d", i + 1);
            Ledger *l = ledger_open(path, old ? LEDGER_EXISTING : LEDGER_CREATE, &err);
            int rc = l == NULL || draft(l, period, &err) != 0 ? 1 : ledger_made(l) ? 10 : 0;
            if (rc == 1)
                fprintf(stderr, "round %d, process %d: %s\n", round, i, err.message);
            ledger_close(l);
            _exit(rc);
        }
        close(gate[0]);
        usleep(10000);
        close(gate[1]); /* all of them go */
        int failed = 0, made = 0, status;
        for (int i = 0; i < KIDS; i++) {
            assert_true(wait(&status) > 0);
            failed += !WIFEXITED(status) || (WEXITSTATUS(status) != 0 && WEXITSTATUS(status) != 10);
            made += WIFEXITED(status) && WEXITSTATUS(status) == 10;
        }
        assert_int_equal(failed, 0);
        assert_int_equal(made, old ? 0 : 1);
        Ledger *l = ledger_open(path, LEDGER_READ, &f->err);
        assert_non_null(l);
        assert_int_equal(entries(l, &f->err), KIDS);
        ledger_close(l);
    }
    /* Nothing is left beside the ledgers: no private file a ledger was made in. */
    char cmd[200];
    snprintf(cmd, sizeof cmd, "test $(ls -A '%s' | grep -vc '^race-[0-9]*\\.db$') = 0", f->dir);
    assert_int_equal(system(cmd), 0);
}

static void copy_file(const char *from, const char *to)
{
    char buf[8192];
    FILE *in = fopen(from, "rb"), *out = fopen(to, "wb");
    assert_non_null(in);
    assert_non_null(out);
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, in)) > 0)
        assert_int_equal(fwrite(buf, 1, n, out), n);
    fclose(in);
    fclose(out);
}

static int write_file(const char *path, const char *text)
{
    int fd = open(path, O_WRONLY);
    if (fd < 0)
        return -1;
    ssize_t n = write(fd, text, strlen(text));
    close(fd);
    return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Binds dir read-only onto ro in a mount namespace of this process's own, as a read-only
 * mount would present it; as root, or as a user in a user namespace of their own (where
 * chmod would not stop root). -1 when neither is allowed here. */
static int bind_read_only(const char *dir, const char *ro)
{
    char map[64];
    uid_t uid = getuid();
    gid_t gid = getgid();
    if (unshare(CLONE_NEWNS) != 0) {
        if (unshare(CLONE_NEWUSER | CLONE_NEWNS) != 0)
            return -1;
        snprintf(map, sizeof map, "0 %u 1", (unsigned)uid);
        if (write_file("/proc/self/uid_map", map) != 0 ||
            write_file("/proc/self/setgroups", "deny") != 0)
            return -1;
        snprintf(map, sizeof map, "0 %u 1", (unsigned)gid);
        if (write_file("/proc/self/gid_map", map) != 0)
            return -1;
    }
    if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) != 0 ||
        mount(dir, ro, NULL, MS_BIND, NULL) != 0 ||
        mount(NULL, ro, NULL, MS_REMOUNT | MS_BIND | MS_RDONLY, NULL) != 0)
        return -1;
    return 0;
}

/* A ledger in a read-only folder (the same folder, through a read-only mount) can be read:
 * listed and checked when it was closed cleanly (no write-ahead log), and through the log
 * while a writer holds it open. It is never read stale: a log that cannot be read is
 * refused, and a change made while it was read is an error. It cannot be written. */
static void test_read_only_folder(void **state)
{
    Folder *f = *state;
    char ro_dir[128], ro[160], copy[160], ro_copy[160], side[200];
    snprintf(ro_dir, sizeof ro_dir, "%s/ro", f->dir);
    snprintf(ro, sizeof ro, "%s/ro/oce.db", f->dir);
    snprintf(copy, sizeof copy, "%s/copy.db", f->dir);
    snprintf(ro_copy, sizeof ro_copy, "%s/ro/copy.db", f->dir);
    assert_int_equal(mkdir(ro_dir, 0755), 0);
    Ledger *w = ledger_open(f->path, LEDGER_CREATE, &f->err);
    assert_non_null(w);
    assert_int_equal(draft(w, "2026-01", &f->err), 0);
    ledger_close(w);
    if (bind_read_only(f->dir, ro_dir) != 0)
        skip(); /* no way to make a folder read-only for this process here */
    assert_int_equal(access(ro_dir, W_OK), -1);

    /* Closed cleanly: read as it is, and checked. */
    Ledger *r = ledger_open(ro, LEDGER_READ, &f->err);
    assert_non_null(r);
    assert_int_equal(entries(r, &f->err), 1);
    char problem[256];
    assert_int_equal(ledger_check(r, problem, sizeof problem, &f->err), 0);
    assert_string_equal(problem, "");
    ledger_close(r);
    r = ledger_open(ro, LEDGER_INSPECT, &f->err);
    assert_non_null(r);
    assert_int_equal(entries(r, &f->err), 1);
    ledger_close(r);
    for (int mode = LEDGER_EXISTING; mode <= LEDGER_CREATE; mode++) {
        error_init(&f->err);
        assert_null(ledger_open(ro, mode, &f->err));
        assert_non_null(strstr(f->err.message, "ledger: it cannot be written here (the file, its "
                                               "folder or the mount is read-only)"));
    }

    /* Written meanwhile through the writable path: the read is refused, not stale. */
    error_init(&f->err);
    r = ledger_open(ro, LEDGER_READ, &f->err);
    assert_non_null(r);
    w = ledger_open(f->path, LEDGER_EXISTING, &f->err);
    assert_non_null(w);
    assert_int_equal(draft(w, "2026-02", &f->err), 0);
    ledger_close(w);
    assert_int_equal(entries(r, &f->err), -1);
    assert_string_equal(f->err.message, "ledger: it changed while it was read (written through "
                                        "another path to its folder): read it again");
    ledger_close(r);

    /* Held open by a writer, with a transaction in its log: read through the log. */
    error_init(&f->err);
    w = ledger_open(f->path, LEDGER_EXISTING, &f->err);
    assert_non_null(w);
    assert_int_equal(draft(w, "2026-03", &f->err), 0);
    snprintf(side, sizeof side, "%s-wal", f->path);
    assert_true(size_of(side) > 0);
    r = ledger_open(ro, LEDGER_READ, &f->err);
    assert_non_null(r);
    assert_int_equal(entries(r, &f->err), 3);
    ledger_close(r);

    /* A copy of the ledger and its log without the log's index cannot be read here: it is
     * refused rather than read without its last transaction. */
    copy_file(f->path, copy);
    snprintf(side, sizeof side, "%s-wal", copy);
    char wal[200];
    snprintf(wal, sizeof wal, "%s-wal", f->path);
    copy_file(wal, side);
    ledger_close(w);
    assert_null(ledger_open(ro_copy, LEDGER_READ, &f->err));
    assert_non_null(strstr(f->err.message, "ledger: its last transactions are still in"));
    assert_non_null(strstr(f->err.message, "copy.db-wal, which cannot be read where the ledger "
                                           "cannot be written"));
    umount(ro_dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_history_must_still_stand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_later_periods_named_and_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_earlier_stale_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_kind_of_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_earlier_layout_holds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_truncated_ledger_refused, setup_folder,
                                        teardown_folder),
        cmocka_unit_test_setup_teardown(test_foreign_files_refused, setup_folder, teardown_folder),
        cmocka_unit_test_setup_teardown(test_who_makes_a_ledger, setup_folder, teardown_folder),
        cmocka_unit_test_setup_teardown(test_ledger_races, setup_folder, teardown_folder),
        /* last: it leaves this process in a mount namespace of its own */
        cmocka_unit_test_setup_teardown(test_read_only_folder, setup_folder, teardown_folder),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
