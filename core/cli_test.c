/* oce test: runs the test cases beside a contract script, or beside each contract script in a
 * folder, and tallies them. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "cases.h"
#include "cli_cmd.h"
#include "contract.h"
#include "error.h"
#include "tester.h"

const char cli_test_usage[] =
    "usage: oce test PATH [options]\n"
    "\n"
    "Runs the test cases that ship with contracts. PATH is a contract script, whose cases\n"
    "are in the file beside it named like it with .tests.lua (contract.lua has\n"
    "contract.tests.lua), or a folder, searched for contract scripts at any depth. Each case\n"
    "settles a period from the outcomes it gives and compares the lines, totals and\n"
    "shortfalls it states; every difference is listed. See docs/authoring.md.\n"
    "\n"
    "  --max-instructions N, --max-memory MIB, --timeout MS   as for oce settle\n"
    "\n"
    "Exit status 0 when every case passes, 1 when one fails; the others are listed in\n"
    "oce --help.\n";

typedef struct Tally {
    size_t contracts, cases, failed, untested;
} Tally;

/* The tests file of a contract script: "x.lua" has "x.tests.lua". */
static char *tests_path(const char *contract)
{
    size_t n = strlen(contract) - (cli_ends_with(contract, ".lua") ? 4 : 0);
    char *p = malloc(n + 11);
    if (p != NULL)
        snprintf(p, n + 11, "%.*s.tests.lua", (int)n, contract);
    return p;
}

static void print_failure(const char *file, const TestCase *t, const char *report)
{
    printf("  FAIL  %s (%s:%d)\n", t->name, file, t->line);
    for (const char *p = report; *p != '\0';) {
        size_t n = strcspn(p, "\n");
        printf("          %.*s\n", (int)n, p);
        p += n + (p[n] == '\n');
    }
}

/* Runs the cases of one contract; a contract or tests file that does not load counts as one
 * failed case. Returns -1 only when the host runs out of memory. */
static int test_contract(const char *path, const Options *o, Tally *tally)
{
    tally->contracts++;
    char *tests = tests_path(path);
    struct stat st;
    if (tests == NULL)
        return -1;
    printf("%s\n", path);
    fflush(stdout); /* a script the watchdog stops ends the process: show what it reached */
    if (stat(tests, &st) != 0) {
        printf("  no tests (write them in %s)\n", tests);
        tally->untested++;
        free(tests);
        return 0;
    }
    OceError err;
    error_init(&err);
    Arena arena;
    arena_init(&arena);
    CaseFile file;
    Contract *c = NULL;
    int rc = 0;
    if (cases_load(tests, &o->limits, &arena, &file, &err) == 0) {
        ContractParams params = {file.param_names, file.param_values, file.nparams};
        c = contract_load_params(path, file.nparams ? &params : NULL, &o->limits, &err);
    }
    if (c == NULL) {
        char msg[1024];
        error_format(&err, msg, sizeof msg);
        printf("  FAIL  cannot run the cases: %s\n", msg);
        tally->cases++;
        tally->failed++;
    } else {
        Arena run;
        arena_init(&run);
        for (size_t i = 0; i < file.n && rc == 0; i++) {
            TestResult r;
            rc = tester_run(c, tests, &file.cases[i], &run, &r, &err);
            if (rc != 0)
                break;
            tally->cases++;
            if (r.passed) {
                printf("  ok    %s\n", file.cases[i].name);
            } else {
                tally->failed++;
                print_failure(tests, &file.cases[i], r.report);
            }
            fflush(stdout);
            arena_reset(&run);
        }
        arena_free(&run);
    }
    contract_free(c);
    arena_free(&arena);
    free(tests);
    return rc;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Every contract script below dir, in byte order of their paths, depth first. */
static int test_folder(const char *dir, const Options *o, Tally *tally, int depth)
{
    DIR *d = opendir(dir);
    if (d == NULL || depth > 16) {
        if (d != NULL)
            closedir(d);
        fprintf(stderr, "oce: %s: cannot read the folder: %s\n", dir,
                d ? "nested too deep" : strerror(errno));
        return -2;
    }
    char **paths = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    int rc = 0;
    while ((e = readdir(d)) != NULL && rc == 0) {
        if (e->d_name[0] == '.')
            continue;
        if (n == cap) {
            char **p = realloc(paths, (cap = cap ? cap * 2 : 16) * sizeof *paths);
            if (p == NULL) {
                rc = -1;
                break;
            }
            paths = p;
        }
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if ((paths[n] = malloc(len)) == NULL) {
            rc = -1;
            break;
        }
        snprintf(paths[n++], len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    if (n > 0)
        qsort(paths, n, sizeof *paths, by_path);
    for (size_t i = 0; i < n && rc == 0; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode))
            rc = test_folder(paths[i], o, tally, depth + 1);
        else if (cli_ends_with(paths[i], ".lua") && !cli_ends_with(paths[i], ".tests.lua"))
            rc = test_contract(paths[i], o, tally);
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}

int cli_test(Options *o)
{
    int rc;
    if (o->contract == NULL)
        return cli_usage_error(o, "%s", "test needs a contract script or a folder");
    struct stat st;
    if (stat(o->contract, &st) != 0) {
        OceError err;
        error_init(&err);
        error_set(&err, OCE_EIO, o->contract, 0, "cannot open: %s", strerror(errno));
        return cli_report(&err);
    }
    if (cli_ends_with(o->contract, ".tests.lua"))
        return cli_usage_error(o, "%s is a tests file: give the contract script beside it",
                               o->contract);
    Tally tally = {0};
    if (S_ISDIR(st.st_mode)) {
        size_t len = strlen(o->contract);
        while (len > 1 && o->contract[len - 1] == '/')
            len--;
        char *dir = strndup(o->contract, len);
        rc = dir ? test_folder(dir, o, &tally, 0) : -1;
        free(dir);
    } else {
        rc = test_contract(o->contract, o, &tally);
    }
    if (rc == -2)
        return error_exit_status(OCE_EIO);
    if (rc != 0) {
        fprintf(stderr, "oce: out of memory\n");
        return error_exit_status(OCE_ENOMEM);
    }
    printf("%zu contract%s, %zu case%s: %zu passed, %zu failed", tally.contracts,
           tally.contracts == 1 ? "" : "s", tally.cases, tally.cases == 1 ? "" : "s",
           tally.cases - tally.failed, tally.failed);
    if (tally.untested)
        printf(", %zu contract%s without tests", tally.untested, tally.untested == 1 ? "" : "s");
    printf("\n");
    if (tally.contracts == 0) {
        fprintf(stderr, "oce: %s: no contract scripts found\n", o->contract);
        return error_exit_status(OCE_EUSAGE);
    }
    return tally.failed ? 1 : 0;
}
