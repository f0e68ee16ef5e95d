/* oce run: settles one period across a folder of contracts, every contract on its own, into
 * settlements.jsonl and summary.json, and prints the summary. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "calendar.h"
#include "cli_cmd.h"
#include "contract.h"
#include "decl.h"
#include "error.h"
#include "outcomes.h"
#include "run.h"
#include "summary.h"
#include "writer.h"

const char cli_run_usage[] =
    "usage: oce run FOLDER --period PERIOD [--out DIR] [options]\n"
    "\n"
    "Settles the period across every contract of FOLDER: each folder inside it that holds a\n"
    "contract.lua is a contract, settled from the outcomes.csv (or outcomes.json) and the\n"
    "incidents.csv (or incidents.json) beside it. For each contract every period of its\n"
    "cadence inside PERIOD is settled (2026-Q4: a monthly contract's October, November and\n"
    "December); a contract that looks back is settled on its earlier periods settled from\n"
    "the same files. A contract that fails is reported and the others go on.\n"
    "\n"
    "Writes DIR/settlements.jsonl (each settlement document on one line) and\n"
    "DIR/summary.json together, all or nothing, and prints the summary: contract periods\n"
    "settled, contracts failed and not due, the totals of each currency, and the largest\n"
    "credits and shortfalls.\n"
    "\n";

const char cli_run_usage_end[] =
    "\n"
    "Exit status 0 when every contract due was settled; 1 when any failed (the others are\n"
    "written); the others are listed in oce --help.\n";

/* --- The contracts of a folder ---------------------------------------------------------- */

/* One contract folder: its script and its inputs, found by their names. */
typedef struct Folder {
    char *dir;
    char *name; /* the folder's own name, as the run lists it */
    char *script;
    char *outcomes, *incidents; /* NULL: none there */
    char from[600];
} Folder;

/* The first of names that is a regular file in dir, malloc'ed, or NULL. */
static char *first_file(const char *dir, const char *const *names, size_t n)
{
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(dir) + strlen(names[k]) + 2;
        char *p = malloc(len);
        if (p == NULL)
            return NULL;
        snprintf(p, len, "%s/%s", dir, names[k]);
        struct stat st;
        if (stat(p, &st) == 0 && S_ISREG(st.st_mode))
            return p;
        free(p);
    }
    return NULL;
}

/* The inputs of period q: the files the version in force measures and derives from. */
static int folder_inputs(void *ctx, Contract *c, const Period *q, SettleInputs *in, OceError *err)
{
    const Folder *f = ctx;
    const DeclVersion *v = decl_version_for(&c->decl, q, err);
    if (v == NULL)
        return -1;
    *in = (SettleInputs){0};
    if (outcomes_measures(v)) {
        if (f->outcomes == NULL)
            return error_set(err, OCE_EIO, f->dir, 0,
                             "the contract measures its metrics, but there is no "
                             "outcomes.csv or outcomes.json in its folder");
        in->outcomes = f->outcomes;
    }
    if (outcomes_derives(v)) {
        if (f->incidents == NULL)
            return error_set(err, OCE_EIO, f->dir, 0,
                             "the contract derives metrics from incidents, but there is no "
                             "incidents.csv or incidents.json in its folder");
        in->incidents = f->incidents;
    }
    return 0;
}

static void folder_free(Folder *f)
{
    free(f->dir);
    free(f->script);
    free(f->outcomes);
    free(f->incidents);
}

static int by_dir(const void *a, const void *b)
{
    return strcmp(((const Folder *)a)->dir, ((const Folder *)b)->dir);
}

/* The contract folders inside dir, in byte order of their names, into *out (*n of them);
 * the folders without a contract.lua are counted into *others. */
static int list_folders(const char *dir, Folder **out, size_t *n, size_t *others, OceError *err)
{
    *out = NULL;
    *n = *others = 0;
    DIR *d = opendir(dir);
    if (d == NULL)
        return error_set(err, OCE_EIO, dir, 0, "cannot read the folder: %s", strerror(errno));
    Folder *list = NULL;
    size_t cap = 0, len = strlen(dir);
    int rc = 0;
    for (struct dirent *e; rc == 0 && (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.')
            continue;
        size_t size = len + strlen(e->d_name) + 2;
        char *path = malloc(size);
        if (path == NULL) {
            rc = error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
            break;
        }
        snprintf(path, size, "%s/%s", dir, e->d_name);
        struct stat st;
        static const char *const script[] = {"contract.lua"};
        char *s = stat(path, &st) == 0 && S_ISDIR(st.st_mode) ? first_file(path, script, 1) : NULL;
        if (s == NULL) {
            *others += stat(path, &st) == 0 && S_ISDIR(st.st_mode);
            free(path);
            continue;
        }
        if (*n == cap) {
            Folder *more = realloc(list, (cap = cap ? cap * 2 : 16) * sizeof *list);
            if (more == NULL) {
                free(path);
                free(s);
                rc = error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
                break;
            }
            list = more;
        }
        static const char *const outcomes[] = {"outcomes.csv", "outcomes.json"};
        static const char *const incidents[] = {"incidents.csv", "incidents.json"};
        Folder *f = &list[(*n)++];
        *f = (Folder){
            path, path + len + 1, s, first_file(path, outcomes, 2), first_file(path, incidents, 2),
            ""};
        SettleInputs in = {.outcomes = f->outcomes, .incidents = f->incidents};
        char files[300];
        snprintf(f->from, sizeof f->from, " from %s", settle_inputs_name(&in, files, sizeof files));
    }
    closedir(d);
    if (*n > 0)
        qsort(list, *n, sizeof *list, by_dir);
    *out = list;
    return rc;
}

/* --- Progress, on a terminal ------------------------------------------------------------ */

typedef struct Progress {
    int on;
    size_t done, total;
    struct timespec start, last;
    int shown; /* a line is on the terminal */
} Progress;

static double seconds_since(const struct timespec *t)
{
    struct timespec now;
    clock_gettime(CLOCK_MONOTONIC, &now);
    return (double)(now.tv_sec - t->tv_sec) + (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void progress_clear(Progress *p)
{
    if (p->shown)
        fputs("\r\033[K", stderr);
    p->shown = 0;
}

static void progress_step(Progress *p)
{
    p->done++;
    if (!p->on || (seconds_since(&p->last) < 0.1 && p->done < p->total))
        return;
    clock_gettime(CLOCK_MONOTONIC, &p->last);
    double spent = seconds_since(&p->start), rate = spent > 0 ? (double)p->done / spent : 0;
    long left = rate > 0 ? (long)((double)(p->total - p->done) / rate + 0.5) : 0;
    int width = 30,
        filled = p->total ? (int)((double)width * (double)p->done / (double)p->total) : 0;
    char bar[64];
    memset(bar, '#', (size_t)filled);
    memset(bar + filled, '.', (size_t)(width - filled));
    bar[width] = '\0';
    fprintf(stderr, "\r\033[K[%s] %zu/%zu contracts  %.0f/s  %ld:%02ld left", bar, p->done,
            p->total, rate, left / 60, left % 60);
    p->shown = 1;
}

/* --- The run ---------------------------------------------------------------------------- */

typedef struct Run {
    WriterStream *out;
    Summary *sum;
    Progress progress;
} Run;

static int take(void *ctx, const RunEvent *e, OceError *err)
{
    Run *r = ctx;
    if (e->outcome == RUN_SETTLED) {
        if (writer_stream_write(r->out, e->line, strlen(e->line), err) != 0)
            return -1;
        return summary_add(r->sum, e->s, err);
    }
    if (e->outcome == RUN_NOT_DUE) {
        summary_not_due(r->sum, e->item->name, e->why);
        return 0;
    }
    summary_fail(r->sum, e->item->name, e->period ? e->period->id : NULL, e->err);
    char buf[1024];
    error_format(e->err, buf, sizeof buf);
    progress_clear(&r->progress);
    fprintf(stderr, "oce: run: %s%s%s: %s\n", e->item->name, e->period ? " " : "",
            e->period ? e->period->id : "", buf);
    return 0;
}

/* Writes the summary beside the settlements, commits both, and prints it. */
static int finish(Run *r, const char *dir, const Period *p, OceError *err)
{
    char sha[DIGEST_HEX_SIZE], path[4300];
    long long bytes;
    writer_stream_digest(r->out, sha, &bytes);
    snprintf(path, sizeof path, "%s/settlements.jsonl", dir);
    SummaryOut so = {r->sum, p->id, "settlements.jsonl", sha, bytes};
    char *json = writer_summary_json(&so, err);
    so.settlements = path;
    char *text = json ? writer_summary_text(&so, err) : NULL;
    int rc = -1;
    if (text != NULL) {
        OutputFile also = {"summary.json", json};
        rc = writer_stream_commit(r->out, &also, 1, err);
        r->out = NULL;
    }
    if (rc == 0) {
        fputs(text, stdout);
        fflush(stdout);
    }
    free(json);
    free(text);
    return rc;
}

static int run_folder(const Options *o, const char *dir, const char *out, const Period *p)
{
    OceError err;
    error_init(&err);
    Folder *folders;
    size_t n, others;
    if (list_folders(dir, &folders, &n, &others, &err) != 0) {
        for (size_t i = 0; i < n; i++)
            folder_free(&folders[i]);
        free(folders);
        return cli_report(&err);
    }
    if (n == 0) {
        free(folders);
        error_set(&err, OCE_EUSAGE, dir, 0,
                  "no contracts here: oce run takes a folder of contract folders, each holding "
                  "a contract.lua");
        return cli_report(&err);
    }
    Summary *sum = malloc(sizeof *sum);
    Run r = {NULL, sum, {0}};
    if (sum == NULL) {
        error_set(&err, OCE_ENOMEM, NULL, 0, "out of memory");
    } else {
        summary_init(sum);
        sum->contracts = n;
        r.out = writer_stream_open(out, "settlements.jsonl", &err);
    }
    r.progress.on = !o->quiet && isatty(STDERR_FILENO);
    r.progress.total = n;
    clock_gettime(CLOCK_MONOTONIC, &r.progress.start);
    int rc = r.out != NULL ? 0 : -1;
    for (size_t i = 0; i < n && rc == 0; i++) {
        RunItem item = {folders[i].name, folders[i].script, {NULL, NULL, 0},
                        folder_inputs,   &folders[i],       folders[i].from};
        rc = run_item(&item, p, &o->limits, take, &r, &err);
        progress_step(&r.progress);
    }
    progress_clear(&r.progress);
    if (rc == 0)
        rc = finish(&r, out, p, &err);
    else
        writer_stream_abort(r.out);
    int status = rc != 0 ? cli_report(&err) : sum->failed > 0 ? 1 : 0;
    for (size_t i = 0; i < n; i++)
        folder_free(&folders[i]);
    free(folders);
    free(sum);
    return status;
}

int cli_run(Options *o)
{
    if (o->contract == NULL)
        return cli_usage_error(o, "%s", "run needs a folder of contracts");
    if (o->period == NULL)
        return cli_usage_error(o, "%s", "run needs --period");
    OceError err;
    error_init(&err);
    Period p;
    if (calendar_parse_period(o->period, &p, &err) != 0)
        return cli_report(&err);
    char out[4200];
    snprintf(out, sizeof out, "%s", o->out ? o->out : "");
    if (o->out == NULL)
        snprintf(out, sizeof out, "out/run-%s", p.id);
    struct stat st;
    if (stat(o->contract, &st) != 0 || !S_ISDIR(st.st_mode)) {
        error_set(&err, OCE_EIO, o->contract, 0, "cannot read the folder: %s",
                  stat(o->contract, &st) != 0 ? strerror(errno) : strerror(ENOTDIR));
        return cli_report(&err);
    }
    size_t len = strlen(o->contract);
    while (len > 1 && o->contract[len - 1] == '/')
        len--;
    char *dir = strndup(o->contract, len);
    if (dir == NULL) {
        fprintf(stderr, "oce: out of memory\n");
        return error_exit_status(OCE_ENOMEM);
    }
    int rc = run_folder(o, dir, out, &p);
    free(dir);
    return rc;
}
