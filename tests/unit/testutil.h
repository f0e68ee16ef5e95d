/*
 * testutil: what every unit test includes: cmocka and its required system headers, and a
 * helper to compare Money with a decimal string to the last digit.
 */
#ifndef OCE_TESTUTIL_H
#define OCE_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "money.h"

/* Asserts that m formats (shortest form when places < 0) exactly as expected. */
#define assert_money(m, places, expected)                                                          \
    do {                                                                                           \
        char buf_[MONEY_STR_MAX];                                                                  \
        money_format((m), (places), buf_, sizeof buf_);                                            \
        assert_string_equal(buf_, (expected));                                                     \
    } while (0)

#endif
