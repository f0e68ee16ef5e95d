/*
 * tester: settles a contract's test case and says, line by line and amount by amount, how the
 * result differs from what the case states. It uses the engine and the outcome readers as a
 * settlement does, and knows no Lua: the cases come from the cases module. Everything it
 * returns lives in the caller's Arena.
 */
#ifndef OCE_TESTER_H
#define OCE_TESTER_H

#include <stdbool.h>

#include "arena.h"
#include "cases.h"
#include "contract.h"
#include "error.h"

typedef struct TestResult {
    bool passed;
    const char *report; /* what differed, a line each ending in '\n'; "" when it passed */
} TestResult;

/* Runs case t of the tests file `path` against contract c. Fails (-1, err filled) only when
 * the host itself fails (out of memory); a case that does not hold is a result, not an
 * error. */
int tester_run(Contract *c, const char *path, const TestCase *t, Arena *arena, TestResult *out,
               OceError *err);

#endif
