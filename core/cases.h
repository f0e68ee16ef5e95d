/*
 * cases: reads a contract's test cases, the file a contract manager writes beside the
 * contract to say what it must produce (CONTRACT.tests.lua beside CONTRACT.lua):
 *
 *     case "October: two credits under the cap" {
 *       period = "2026-10",
 *       outcomes = { availability = "99.42", p1_restore_hours = "6.5" },
 *       lines = { service_fee = "85000.00", availability_credit = "-8500.00" },
 *       net = "77497.84",
 *     }
 *
 * The cases of a template (a script that reads params) give the parameters it is loaded with
 * once, before them: params { contract_id = "SITE-0001", fee = "85000.00" }.
 *
 * A case for a contract that looks back at earlier periods also says what they measured:
 * history = "outcomes.csv", or { ["2026-09"] = { ... }, others = { ... } }; a case whose
 * outcomes are a file takes the earlier periods from the same file by default.
 *
 * The file is Lua, run in a sandbox of its own like a contract, so it can share values
 * between cases; what it declares is read with raw access into the plain C structs below, all
 * allocated in the caller's Arena. It is the one module besides the sandbox, the Lua API and
 * contract loading that includes <lua.h>, as it loads scripts the way they do.
 */
#ifndef OCE_CASES_H
#define OCE_CASES_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "error.h"
#include "sandbox.h"

/* The amounts a term's lines must come to, in the order the term produces them; lines of 0.00
 * that are not listed are not checked. */
typedef struct ExpectedLines {
    const char *term;
    const char **amounts; /* decimal texts */
    size_t n;
} ExpectedLines;

typedef struct ExpectedShortfall {
    const char *metric;
    const char *amount;  /* what the miss cost, a positive decimal text; NULL: not checked */
    const char *forgone; /* what caps took off it; NULL: not checked */
} ExpectedShortfall;

/* A period's outcomes as a case gives them: a file, or values by metric. */
typedef struct CaseOutcomes {
    const char *period;             /* in a case's history: the period; else NULL */
    const char *outcomes_file;      /* a file, relative to the working directory; or NULL */
    const char **metrics, **values; /* else the outcomes as metric and decimal text */
    size_t nvalues;
} CaseOutcomes;

typedef struct TestCase {
    const char *name;
    int line; /* where the case is declared in the tests file */
    const char *period;
    const char *outcomes_file;      /* a file, relative to the working directory; or NULL */
    const char **metrics, **values; /* else the outcomes as metric and decimal text */
    size_t nvalues;
    /* The earlier periods, settled first in order for a contract that looks back: each from
     * its entry in history, else from others, else from history_file (the outcomes file when
     * the case's own outcomes are one and it gives no history). */
    bool has_history; /* the case gave history */
    const char *history_file;
    CaseOutcomes *history; /* sorted by period */
    size_t nhistory;
    CaseOutcomes *others; /* NULL when not given */
    bool check_lines;     /* lines were stated: every term with a line that is not 0.00 must be */
    ExpectedLines *lines;
    size_t nlines;
    const char *charges, *credits, *net; /* decimal texts; NULL when not stated */
    bool check_shortfalls; /* shortfalls were stated: exactly these metrics must miss */
    ExpectedShortfall *shortfalls;
    size_t nshortfalls;
    const char *error;          /* the settlement must fail with a message holding this text */
    const char *incidents_file; /* the incident log, for a contract that derives metrics */
    const char **expect_metrics, **expect_values; /* metrics = { name = "value" }: the values */
    size_t nexpect; /* the metrics must come to, measured or derived */
} TestCase;

typedef struct CaseFile {
    const char *path;
    TestCase *cases;
    size_t n;
    /* params { fee = "85000.00", ... }: the parameters a template's cases load it with,
     * contract_id first and then by name; none for a contract that is no template. */
    const char **param_names, **param_values;
    size_t nparams;
} CaseFile;

/* Loads the cases of path; errors (OCE_ECONTRACT, or OCE_EIO when it cannot be read) name
 * the file and line. */
int cases_load(const char *path, const SandboxLimits *limits, Arena *arena, CaseFile *out,
               OceError *err);

#endif
