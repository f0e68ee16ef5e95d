/*
 * Unit tests of the ledger's history rules, on a ledger in a temporary file: a settlement
 * made on earlier periods that no longer stand as they were is refused (another process
 * settled one of them again meanwhile), later periods made on an old version of a period are
 * named, and a draft made on a moved history cannot be finalised.
 */
#include "testutil.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_history_must_still_stand, setup, teardown),
        cmocka_unit_test_setup_teardown(test_later_periods_named_and_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_earlier_stale_refused, setup, teardown),
        cmocka_unit_test_setup_teardown(test_one_kind_of_period, setup, teardown),
        cmocka_unit_test_setup_teardown(test_earlier_layout_holds, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
