/*
 * Unit tests of the spill: records of several buckets and kinds put, flushed and loaded back
 * whole, each with its line and its fields exactly (NULL stays NULL, "" stays ""); a bucket
 * never written loads empty; the scratch folder is empty while the spill is open (its files
 * removed as soon as made) and gone once it is closed; and a process forked after the flush
 * loads the same bucket as its parent does, at the same time.
 */
#include "testfile.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "spill.h"

#define N(a) (sizeof(a) / sizeof *(a))

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* The names in folder path but . and ..; -1 when it cannot be read. */
static int entries(const char *path)
{
    DIR *d = opendir(path);
    if (d == NULL)
        return -1;
    int n = 0;
    for (struct dirent *e; (e = readdir(d)) != NULL;)
        n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
    closedir(d);
    return n;
}

static Spill *open_spill(size_t nbuckets, size_t nkinds)
{
    OceError err;
    error_init(&err);
    Spill *s = spill_open(scratch_dir, nbuckets, nkinds, &err);
    if (s == NULL)
        fail_msg("spill_open: %s", err.message);
    return s;
}

static void put(Spill *s, size_t bucket, size_t kind, int line, const char *const *f, size_t n)
{
    OceError err;
    error_init(&err);
    if (spill_put(s, bucket, kind, line, f, n, &err) != 0)
        fail_msg("spill_put: %s", err.message);
}

static void load(Spill *s, size_t bucket, size_t kind, SpillBucket *b)
{
    OceError err;
    error_init(&err);
    if (spill_load(s, bucket, kind, b, &err) != 0)
        fail_msg("spill_load: %s", err.message);
}

/* Record r of b is line and the n fields f. */
static void assert_record(const SpillBucket *b, size_t r, int line, const char *const *f, size_t n)
{
    assert_true(r < b->n);
    assert_int_equal(b->records[r].line, line);
    assert_int_equal(b->records[r].n, n);
    for (size_t k = 0; k < n; k++) {
        const char *got = b->fields[b->records[r].first + k];
        if (f[k] == NULL)
            assert_null(got);
        else {
            assert_non_null(got);
            assert_string_equal(got, f[k]);
        }
    }
}

static const char *const rec_a[] = {"SITE-0001", NULL, "", "85000.00"};
static const char *const rec_b[] = {"SITE-0002", "2026-10", "availability", "99.95", NULL, ""};
static const char *const rec_c[] = {""};
static const char *const rec_d[] = {NULL};
static const char *const rec_e[] = {"tab\there", "line\nbreak", "\xC3\xA9t\xC3\xA9", ""};

static void test_buckets_and_kinds(void **state)
{
    (void)state;
    Spill *s = open_spill(4, 2);
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", spill_dir(s));
    assert_true(strncmp(dir, scratch_dir, strlen(scratch_dir)) == 0);
    assert_non_null(strstr(dir, "/.oce-spill-"));
    assert_true(is_dir(dir));

    put(s, 0, 0, 2, rec_a, N(rec_a));
    put(s, 3, 1, 7, rec_b, N(rec_b));
    put(s, 0, 1, 9, rec_c, N(rec_c));
    put(s, 0, 0, 11, rec_d, N(rec_d));
    put(s, 0, 0, 12, NULL, 0); /* a record of no fields */
    put(s, 3, 1, 104, rec_e, N(rec_e));
    put(s, 0, 0, 13, rec_a, N(rec_a));
    /* its files were removed as they were made: the folder stays empty */
    assert_int_equal(entries(dir), 0);
    OceError err;
    error_init(&err);
    assert_int_equal(spill_flush(s, &err), 0);

    SpillBucket b;
    load(s, 0, 0, &b);
    assert_int_equal(b.n, 4);
    assert_record(&b, 0, 2, rec_a, N(rec_a));
    assert_record(&b, 1, 11, rec_d, N(rec_d));
    assert_record(&b, 2, 12, NULL, 0);
    assert_record(&b, 3, 13, rec_a, N(rec_a));
    /* the fields of the records follow one another */
    assert_int_equal(b.records[0].first, 0);
    assert_int_equal(b.records[1].first, 4);
    assert_int_equal(b.records[2].first, 5);
    assert_int_equal(b.records[3].first, 5);
    spill_bucket_free(&b);
    assert_null(b.data);
    assert_int_equal(b.n, 0);

    load(s, 0, 1, &b);
    assert_int_equal(b.n, 1);
    assert_record(&b, 0, 9, rec_c, N(rec_c));
    spill_bucket_free(&b);

    load(s, 3, 1, &b);
    assert_int_equal(b.n, 2);
    assert_record(&b, 0, 7, rec_b, N(rec_b));
    assert_record(&b, 1, 104, rec_e, N(rec_e));
    spill_bucket_free(&b);

    /* never written: no records, whichever kind */
    const size_t empty[][2] = {{1, 0}, {1, 1}, {2, 0}, {2, 1}, {3, 0}};
    for (size_t k = 0; k < N(empty); k++) {
        load(s, empty[k][0], empty[k][1], &b);
        assert_int_equal(b.n, 0);
        assert_null(b.records);
        spill_bucket_free(&b);
    }

    assert_true(is_dir(dir));
    spill_close(s);
    assert_false(is_dir(dir));
    errno = 0;
    struct stat st;
    assert_int_equal(stat(dir, &st), -1);
    assert_int_equal(errno, ENOENT);
    spill_close(NULL); /* does nothing */
}

/* A bucket loaded, written to again and loaded again holds all its records; a load without a
 * flush before it sees what was buffered. */
static void test_put_after_load(void **state)
{
    (void)state;
    Spill *s = open_spill(1, 1);
    put(s, 0, 0, 1, rec_a, N(rec_a));
    SpillBucket b;
    load(s, 0, 0, &b);
    assert_int_equal(b.n, 1);
    assert_record(&b, 0, 1, rec_a, N(rec_a));
    spill_bucket_free(&b);
    put(s, 0, 0, 2, rec_b, N(rec_b));
    put(s, 0, 0, 3, rec_e, N(rec_e));
    load(s, 0, 0, &b);
    assert_int_equal(b.n, 3);
    assert_record(&b, 0, 1, rec_a, N(rec_a));
    assert_record(&b, 1, 2, rec_b, N(rec_b));
    assert_record(&b, 2, 3, rec_e, N(rec_e));
    spill_bucket_free(&b);
    spill_close(s);
}

/* Many records, past the sizes the loader starts its arrays at, each exact; and a long field. */
#define MANY 5000
static void test_many_records(void **state)
{
    (void)state;
    Spill *s = open_spill(2, 1);
    static char longf[200001];
    for (size_t i = 0; i < sizeof longf - 1; i++)
        longf[i] = (char)('a' + i % 26);
    for (int r = 0; r < MANY; r++) {
        char id[32], v[32];
        snprintf(id, sizeof id, "C%05d", r);
        snprintf(v, sizeof v, "%d.%02d", r, r % 100);
        const char *f[] = {id, r % 3 == 0 ? NULL : v, r % 5 == 0 ? "" : "note"};
        put(s, (size_t)r % 2, 0, r + 2, f, 3);
    }
    const char *big[] = {longf, NULL};
    put(s, 1, 0, 999999, big, 2);
    OceError err;
    error_init(&err);
    assert_int_equal(spill_flush(s, &err), 0);
    for (size_t k = 0; k < 2; k++) {
        SpillBucket b;
        load(s, k, 0, &b);
        assert_int_equal(b.n, MANY / 2 + k);
        for (size_t i = 0; i < MANY / 2; i++) {
            int r = (int)(2 * i + k);
            char id[32], v[32];
            snprintf(id, sizeof id, "C%05d", r);
            snprintf(v, sizeof v, "%d.%02d", r, r % 100);
            const char *f[] = {id, r % 3 == 0 ? NULL : v, r % 5 == 0 ? "" : "note"};
            assert_record(&b, i, r + 2, f, 3);
        }
        if (k == 1) {
            assert_record(&b, MANY / 2, 999999, big, 2);
            assert_int_equal(strlen(b.fields[b.records[MANY / 2].first]), sizeof longf - 1);
        }
        spill_bucket_free(&b);
    }
    spill_close(s);
}

/* 0 when bucket 1 of kind 0 holds the records the fork test put, else which check failed. */
static int check_forked(Spill *s)
{
    SpillBucket b;
    OceError err;
    error_init(&err);
    if (spill_load(s, 1, 0, &b, &err) != 0)
        return 10;
    int rc = 0;
    if (b.n != 300)
        rc = 11;
    for (size_t r = 0; rc == 0 && r < b.n; r++) {
        char id[32];
        snprintf(id, sizeof id, "F%03zu", r);
        const char *const *f = b.fields + b.records[r].first;
        if (b.records[r].line != (int)r + 1 || b.records[r].n != 3)
            rc = 12;
        else if (strcmp(f[0], id) != 0 || f[1] != NULL || strcmp(f[2], "") != 0)
            rc = 13;
    }
    spill_bucket_free(&b);
    if (rc == 0 && spill_load(s, 0, 0, &b, &err) != 0)
        rc = 14;
    else if (rc == 0 && (b.n != 1 || strcmp(b.fields[0], "other") != 0))
        rc = 15;
    spill_bucket_free(&b);
    return rc;
}

static void test_forked_loads(void **state)
{
    (void)state;
    Spill *s = open_spill(3, 1);
    for (int r = 0; r < 300; r++) {
        char id[32];
        snprintf(id, sizeof id, "F%03d", r);
        const char *f[] = {id, NULL, ""};
        put(s, 1, 0, r + 1, f, 3);
    }
    const char *other[] = {"other"};
    put(s, 0, 0, 1, other, 1);
    OceError err;
    error_init(&err);
    assert_int_equal(spill_flush(s, &err), 0);
    fflush(NULL);
    pid_t pid[3];
    for (int k = 0; k < 3; k++) {
        pid[k] = fork();
        assert_true(pid[k] >= 0);
        if (pid[k] == 0)
            _exit(check_forked(s));
    }
    /* the parent loads too, while they do */
    for (int k = 0; k < 5; k++)
        assert_int_equal(check_forked(s), 0);
    for (int k = 0; k < 3; k++) {
        int status = 0;
        assert_int_equal(waitpid(pid[k], &status, 0), pid[k]);
        assert_true(WIFEXITED(status));
        assert_int_equal(WEXITSTATUS(status), 0);
    }
    /* and after they are gone, the files are still the parent's */
    assert_int_equal(check_forked(s), 0);
    spill_close(s);
}

/* A parent folder that is missing is made; one that cannot be is an error naming it. */
static void test_parent_folder(void **state)
{
    (void)state;
    char parent[256];
    scratch_path("sub", parent, sizeof parent);
    assert_false(is_dir(parent));
    OceError err;
    error_init(&err);
    Spill *s = spill_open(parent, 1, 1, &err);
    assert_non_null(s);
    assert_true(is_dir(parent));
    char dir[4200];
    snprintf(dir, sizeof dir, "%s", spill_dir(s));
    assert_true(strncmp(dir, parent, strlen(parent)) == 0 && dir[strlen(parent)] == '/');
    assert_true(is_dir(dir));
    spill_close(s);
    assert_false(is_dir(dir));
    assert_int_equal(entries(parent), 0);
    assert_int_equal(rmdir(parent), 0);

    char deep[256];
    scratch_path("missing/deeper", deep, sizeof deep);
    error_init(&err);
    assert_null(spill_open(deep, 1, 1, &err));
    assert_int_equal(err.code, OCE_EIO);
    assert_string_equal(err.file, deep);
    assert_non_null(strstr(err.message, "cannot make a scratch folder: No such file or directory"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_buckets_and_kinds), cmocka_unit_test(test_put_after_load),
        cmocka_unit_test(test_many_records),      cmocka_unit_test(test_forked_loads),
        cmocka_unit_test(test_parent_folder),
    };
    return cmocka_run_group_tests(tests, scratch_open, scratch_close);
}
