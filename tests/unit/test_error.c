/* Unit tests of error: the first error set is kept, and context is added to it only through
 * error_wrap and error_at, which keep its code, location and term. */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "error.h"

/* The first error is the root cause: a later one does not replace it. */
static void test_first_error_kept(void **state)
{
    (void)state;
    OceError e;
    error_init(&e);
    assert_int_equal(error_set(&e, OCE_EOUTCOMES, "a.csv", 3, "first %d", 1), -1);
    error_set(&e, OCE_EIO, "b.csv", 9, "second");
    assert_int_equal(e.code, OCE_EOUTCOMES);
    assert_string_equal(e.file, "a.csv");
    assert_int_equal(e.line, 3);
    assert_string_equal(e.message, "first 1");
}

/* Wrapping adds words before and after the message and changes nothing else. */
static void test_wrap_adds_context(void **state)
{
    (void)state;
    OceError e;
    error_init(&e);
    error_set(&e, OCE_ESCRIPT, "c.lua", 7, "boom");
    error_set_term(&e, "fee");
    error_wrap(&e, "settling the earlier period 2026-09: ", " (ledger x.db)");
    assert_string_equal(e.message, "settling the earlier period 2026-09: boom (ledger x.db)");
    assert_int_equal(e.code, OCE_ESCRIPT);
    assert_string_equal(e.file, "c.lua");
    assert_int_equal(e.line, 7);
    assert_string_equal(e.term, "fee");
    char buf[700];
    error_format(&e, buf, sizeof buf);
    assert_string_equal(
        buf, "c.lua:7: term \"fee\": settling the earlier period 2026-09: boom (ledger x.db)");
}

/* A message at its longest is cut so that the words after it still fit. */
static void test_wrap_keeps_what_follows(void **state)
{
    (void)state;
    OceError e;
    error_init(&e);
    char long_text[sizeof e.message];
    memset(long_text, 'x', sizeof long_text - 1);
    long_text[sizeof long_text - 1] = '\0';
    error_set(&e, OCE_EIO, NULL, 0, "%s", long_text);
    error_wrap(&e, "[", "]");
    size_t n = strlen(e.message);
    assert_int_equal(n, sizeof e.message - 1);
    assert_int_equal(e.message[0], '[');
    assert_int_equal(e.message[n - 1], ']');
}

/* Nothing to wrap or place when no error is set. */
static void test_no_error_untouched(void **state)
{
    (void)state;
    OceError e;
    error_init(&e);
    error_wrap(&e, "a", "b");
    error_at(&e, "f.csv", 4);
    assert_int_equal(e.code, OCE_OK);
    assert_string_equal(e.message, "");
    assert_string_equal(e.file, "");
    error_wrap(NULL, "a", "b");
    error_at(NULL, "f.csv", 4);
}

/* error_at fills only the location an error lacks. */
static void test_at_fills_what_is_missing(void **state)
{
    (void)state;
    OceError e;
    error_init(&e);
    error_set(&e, OCE_EOUTCOMES, NULL, 0, "no file");
    error_at(&e, "log.csv", 0);
    assert_string_equal(e.file, "log.csv");
    assert_int_equal(e.line, 0);
    error_at(&e, "log.csv", 12); /* this file, no line yet: the line is given */
    assert_int_equal(e.line, 12);
    error_at(&e, "log.csv", 40); /* a line it has stays */
    assert_int_equal(e.line, 12);
    error_at(&e, "other.csv", 5); /* another file's line is not this error's */
    assert_string_equal(e.file, "log.csv");
    assert_int_equal(e.line, 12);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_first_error_kept),         cmocka_unit_test(test_wrap_adds_context),
        cmocka_unit_test(test_wrap_keeps_what_follows),  cmocka_unit_test(test_no_error_untouched),
        cmocka_unit_test(test_at_fills_what_is_missing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
