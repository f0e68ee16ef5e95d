/*
 * bench_settle: settles one contract period many times in one process, the way a batch run
 * will, and reports the time per settlement and whether memory grows with the count.
 *
 *   bench_settle [--param NAME=VALUE ...] CONTRACT.lua PERIOD OUTCOMES [COUNT]
 *   bench_settle [--param NAME=VALUE ...] --load N CONTRACT.lua
 *
 * --param gives a template its parameters (the SLA template's contract_id, fee and
 * baseline), as a portfolio's row would.
 *
 * Each round is a whole settlement: the script's upvalues put back as it loaded them, every
 * term, caps, totals and the JSON document with its digest; the arena is reset after each
 * round. (The script itself ran once, when the contract loaded.) The
 * outcomes are read once, as a batch run reads its input once. A contract that looks back is
 * first settled for every period before PERIOD from the same outcomes file (the settle
 * pipeline's outcomes-file source), and each round is settled on that history, as oce settle
 * would be on the ledger's. Peak RSS is read after a
 * tenth of the rounds and again at the end: equal figures mean a settlement's memory is
 * given back.
 *
 * With --load it loads the contract N times into one process instead, each kept loaded as a
 * batch of many contracts would keep them, and frees them at the end: run under callgrind with
 * two values of N, the difference of the counts over the difference of N is what a further
 * contract costs to load (and to free), start-up cancelling out.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "arena.h"
#include "contract.h"
#include "digest.h"
#include "engine.h"
#include "outcomes.h"
#include "settle.h"
#include "writer.h"

static long peak_rss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int fail(const OceError *err)
{
    char buf[1024];
    error_format(err, buf, sizeof buf);
    fprintf(stderr, "bench_settle: %s\n", buf);
    return 1;
}

/* The --param options, taken out of argv. */
#define PARAMS_MAX 16
static const char *param_names[PARAMS_MAX], *param_values[PARAMS_MAX];
static ContractParams params = {param_names, param_values, 0};

static int take_params(int *argc, char **argv)
{
    int out = 1;
    for (int i = 1; i < *argc; i++) {
        if (strcmp(argv[i], "--param") != 0) {
            argv[out++] = argv[i];
            continue;
        }
        char *eq = i + 1 < *argc ? strchr(argv[i + 1], '=') : NULL;
        if (eq == NULL || params.n == PARAMS_MAX)
            return -1;
        *eq = '\0';
        param_names[params.n] = argv[i + 1];
        param_values[params.n++] = eq + 1;
        i++;
    }
    *argc = out;
    return 0;
}

static Contract *load(const char *path, OceError *err)
{
    return contract_load_params(path, params.n ? &params : NULL, NULL, err);
}

/* Loads the contract n times, every copy kept until all are loaded. */
static int load_many(const char *path, long n)
{
    OceError err;
    error_init(&err);
    Contract **all = calloc(n > 0 ? (size_t)n : 1, sizeof *all);
    if (all == NULL) {
        fprintf(stderr, "bench_settle: out of memory\n");
        return 1;
    }
    int rc = digest_init() != 0 || sandbox_watchdog_enable("bench_settle: ", 5, &err) != 0;
    long i = 0;
    double t0 = now();
    for (; rc == 0 && i < n; i++)
        if ((all[i] = load(path, &err)) == NULL)
            rc = 1;
    double took = now() - t0;
    if (rc != 0)
        fail(&err);
    else
        printf("loaded             %ld copies of %s in %.3f s, %.1f us a contract\n", n,
               all[0] ? all[0]->decl.id : path, took, n > 0 ? took * 1e6 / (double)n : 0.0);
    while (i-- > 0)
        contract_free(all[i]);
    free(all);
    return rc;
}

int main(int argc, char **argv)
{
    if (take_params(&argc, argv) != 0) {
        fprintf(stderr, "bench_settle: --param takes NAME=VALUE\n");
        return 2;
    }
    if (argc == 4 && strcmp(argv[1], "--load") == 0)
        return load_many(argv[3], atol(argv[2]));
    if (argc < 4) {
        fprintf(stderr, "usage: bench_settle [--param NAME=VALUE ...] CONTRACT.lua PERIOD "
                        "OUTCOMES [COUNT]\n"
                        "       bench_settle [--param NAME=VALUE ...] --load N CONTRACT.lua\n");
        return 2;
    }
    long count = argc > 4 ? atol(argv[4]) : 100000;
    OceError err;
    error_init(&err);
    Period p;
    /* The watchdog on, as in oce and in a worker of a batch: it is armed for every protected
     * call. */
    if (digest_init() != 0 || sandbox_watchdog_enable("bench_settle: ", 5, &err) != 0 ||
        calendar_parse_period(argv[2], &p, &err) != 0)
        return fail(&err);
    Contract *c = load(argv[1], &err);
    if (c == NULL)
        return fail(&err);
    Arena input, arena;
    arena_init(&input);
    arena_init(&arena);
    /* The earlier periods, each settled on the ones before it from the same file through
     * the settle pipeline, as oce settle --history-from outcomes settles them. */
    History h = {NULL, 0};
    SettleInputs in = {.outcomes = argv[3]};
    SettleOutcomes file;
    HistorySource earlier = settle_from_outcomes(&file, &in);
    if (earlier.earlier(earlier.self, c, &p, &input, &h, &err) != 0)
        return fail(&err);
    arena_reset(&arena);
    OutcomeSet set;
    const DeclVersion *v = decl_version_for(&c->decl, &p, &err);
    if (v == NULL || outcomes_read(argv[3], &c->decl, v, &p, &input, &set, &err) != 0)
        return fail(&err);
    TermRunner runner = contract_runner(c);
    long rss_early = 0;
    size_t bytes = 0;
    double t0 = now();
    for (long i = 0; i < count; i++) {
        Settlement s;
        if (engine_settle(&c->decl, &p, &set, &h, &runner, &arena, &s, &err) != 0)
            return fail(&err);
        char *json = writer_json(&s, &err);
        if (json == NULL)
            return fail(&err);
        free(json);
        bytes = arena.total;
        arena_reset(&arena);
        if (i + 1 == count / 10)
            rss_early = peak_rss_kib();
    }
    double took = now() - t0;
    printf("settlements        %ld of %s %s, on %zu earlier periods\n", count, c->decl.id, p.id,
           h.n);
    printf("time               %.3f s, %.1f us a settlement, %.0f settlements/s\n", took,
           took * 1e6 / (double)count, (double)count / took);
    printf("arena per round    %zu bytes\n", bytes);
    printf("Lua state          %zu KiB\n", sandbox_memory(c->sandbox) / 1024);
    printf("peak RSS           %ld KiB after %ld rounds, %ld KiB after %ld\n", rss_early,
           count / 10, peak_rss_kib(), count);
    arena_free(&arena);
    arena_free(&input);
    contract_free(c);
    return 0;
}
