/* oce run: settles one period across a folder of contracts, every contract on its own, into
 * settlements.jsonl and summary.json, and prints the summary. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "calendar.h"
#include "cli_cmd.h"
#include "contract.h"
#include "decl.h"
#include "doc.h"
#include "error.h"
#include "ledger.h"
#include "outcomes.h"
#include "run.h"
#include "summary.h"
#include "workers.h"
#include "writer.h"

const char cli_run_usage[] =
    "usage: oce run FOLDER --period PERIOD [--out DIR] [options]\n"
    "       oce run --portfolio FILE --templates DIR --outcomes FILE --period PERIOD\n"
    "               [--out DIR] [--shard K/N] [options]\n"
    "\n"
    "Settles the period across many contracts, each on its own: a contract that fails is\n"
    "reported and the others go on. For each contract every period of its cadence inside\n"
    "PERIOD is settled (2026-Q4: a monthly contract's October, November and December); a\n"
    "contract that looks back is settled on its earlier periods settled from the same\n"
    "outcomes.\n"
    "\n"
    "FOLDER: each folder inside it that holds a contract.lua is a contract, settled from\n"
    "the outcomes.csv (or outcomes.json) and the incidents.csv (or incidents.json) beside it.\n"
    "\n"
    "--portfolio: each row of FILE (contract_id,template,PARAM,...) is a contract made from\n"
    "the template TEMPLATES/<template>.lua with the row's parameters; --outcomes holds every\n"
    "contract's rows, in any order, and a row of a contract the portfolio does not hold is\n"
    "reported. The inputs are read once, as a stream.\n"
    "\n"
    "Writes DIR/settlements.jsonl (each settlement document on one line) and\n"
    "DIR/summary.json together, all or nothing, and prints the summary: contract periods\n"
    "settled, contracts failed and not due, the totals of each currency, and the largest\n"
    "credits and shortfalls. With --ledger FILE every settlement is also recorded in FILE as\n"
    "a draft (a run records only into a ledger named so, never into one it finds); --shard\n"
    "K/N and oce ledger merge settle a portfolio on several machines (docs/scale.md).\n"
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
 * the folders without a contract.lua are passed over. */
static int list_folders(const char *dir, Folder **out, size_t *n, OceError *err)
{
    *out = NULL;
    *n = 0;
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
    Ledger *ledger; /* --ledger: every settlement recorded in it, as a draft */
    const char *ledger_path, *prefix;
    size_t batched;     /* records in the open transaction */
    size_t recorded[5]; /* by LedgerOutcome */
    size_t refused;     /* settlements the ledger refused */
} Run;

/* Records in the ledger so many settlements a transaction. */
#define LEDGER_BATCH 1000

/* Records a settlement's line in the ledger, when the run has one. A record the ledger
 * refuses (an earlier period it was settled on that the ledger does not hold as it was) is
 * said on stderr and counted, and the run goes on: its exit status is then 1. */
static int record(Run *r, const char *line, OceError *err)
{
    if (r->ledger == NULL)
        return 0;
    Doc *d = doc_parse(line);
    if (d == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    LedgerEntry e = {doc_fact(d, DOC_FACT_CONTRACT),      doc_fact(d, DOC_FACT_PERIOD),
                     doc_fact(d, DOC_FACT_SCRIPT_SHA256), doc_fact(d, DOC_FACT_OUTCOMES_SHA256),
                     doc_fact(d, DOC_FACT_DIGEST),        doc_fact(d, DOC_FACT_CURRENCY),
                     doc_fact(d, DOC_FACT_NET),           line,
                     doc_fact(d, DOC_FACT_VERSION)};
    LedgerResult res;
    OceError why;
    error_init(&why);
    int rc = 0;
    if (ledger_record(r->ledger, &e, r->prefix, &res, &why) == 0) {
        r->recorded[res.outcome]++;
        if (res.outcome == LEDGER_ADJUSTED)
            fprintf(stderr,
                    "oce: ledger %s: %s %s is final as %s; these inputs settle it differently: "
                    "%s %s issued, a difference of %s %s\n",
                    r->ledger_path, e.contract, e.period, res.adjusts, res.kind, res.number,
                    res.difference, e.currency);
    } else {
        char buf[1024];
        error_format(&why, buf, sizeof buf);
        progress_clear(&r->progress);
        fprintf(stderr, "oce: run: %s %s: not recorded: %s\n", e.contract, e.period, buf);
        r->refused++;
    }
    doc_free(d);
    if (++r->batched == LEDGER_BATCH) {
        r->batched = 0;
        rc = ledger_batch_end(r->ledger, 1, err) != 0 || ledger_batch_begin(r->ledger, err) != 0
                 ? -1
                 : 0;
    }
    return rc;
}

/* The lines of the settlements a portfolio run's workers wrote, one at a time, in bucket
 * order. */
static int write_lines(void *ctx, const char *data, size_t n, OceError *err)
{
    Run *r = ctx;
    return writer_stream_write(r->out, data, n, err) != 0 ? -1 : record(r, data, err);
}

static int take(void *ctx, const RunEvent *e, OceError *err)
{
    Run *r = ctx;
    if (e->outcome == RUN_DONE) {
        if (e->failures > 0)
            summary_failed_contract(r->sum);
        progress_step(&r->progress);
        return 0;
    }
    if (e->outcome == RUN_SETTLED) {
        if (e->line != NULL && (writer_stream_write(r->out, e->line, strlen(e->line), err) != 0 ||
                                record(r, e->line, err) != 0))
            return -1;
        return summary_add(r->sum, e->entry, err);
    }
    if (e->outcome == RUN_NOT_DUE) {
        summary_not_due(r->sum, e->item->name, e->why);
        return 0;
    }
    char buf[1024];
    error_format(e->err, buf, sizeof buf);
    progress_clear(&r->progress);
    if (e->outcome == RUN_STRAY) {
        summary_stray(r->sum, e->err, e->rows);
        fprintf(stderr, "oce: run: %s\n", buf);
        return 0;
    }
    summary_fail(r->sum, e->item->name, e->period ? e->period->id : NULL, e->err);
    fprintf(stderr, "oce: run: %s%s%s: %s\n", e->item->name, e->period ? " " : "",
            e->period ? e->period->id : "", buf);
    return 0;
}

static void started(void *ctx, size_t contracts)
{
    Run *r = ctx;
    r->sum->contracts = contracts;
    r->progress.total = contracts;
    clock_gettime(CLOCK_MONOTONIC, &r->progress.start);
}

/* Makes the summary and opens the settlements' stream in dir; -1 with err filled. */
static int start(Run *r, const Options *o, const char *dir, OceError *err)
{
    memset(r, 0, sizeof *r);
    r->sum = malloc(sizeof *r->sum);
    if (r->sum == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    summary_init(r->sum);
    r->progress.on = !o->quiet && isatty(STDERR_FILENO);
    clock_gettime(CLOCK_MONOTONIC, &r->progress.start);
    r->out = writer_stream_open(dir, "settlements.jsonl", err);
    if (r->out == NULL)
        return -1;
    if (o->ledger != NULL) {
        r->ledger_path = o->ledger;
        r->prefix = o->prefix ? o->prefix : getenv("OCE_INVOICE_PREFIX");
        r->prefix = r->prefix ? r->prefix : "INV-";
        r->ledger = ledger_open(o->ledger, LEDGER_CREATE, err);
        if (r->ledger == NULL || ledger_batch_begin(r->ledger, err) != 0)
            return -1;
    }
    return 0;
}

/* Writes the summary beside the settlements, commits both, and prints it; or, when the run
 * failed (rc), leaves dir as it was. The exit status. */
static int finish(Run *r, int rc, const char *dir, const Period *p, OceError *err)
{
    progress_clear(&r->progress);
    char sha[DIGEST_HEX_SIZE], path[4300];
    long long bytes = 0;
    char *json = NULL, *text = NULL;
    if (rc == 0) {
        writer_stream_digest(r->out, sha, &bytes);
        snprintf(path, sizeof path, "%s/settlements.jsonl", dir);
        SummaryOut so = {r->sum, p->id, "settlements.jsonl", sha, bytes};
        json = writer_summary_json(&so, err);
        so.settlements = path;
        text = json ? writer_summary_text(&so, err) : NULL;
        rc = text != NULL ? 0 : -1;
    }
    /* The ledger's records go in before the files, as settle records before it writes. */
    if (rc == 0 && r->ledger != NULL)
        rc = ledger_batch_end(r->ledger, 1, err);
    if (rc == 0) {
        OutputFile also = {"summary.json", json};
        rc = writer_stream_commit(r->out, &also, 1, err);
    } else {
        writer_stream_abort(r->out);
    }
    if (r->ledger != NULL) {
        ledger_batch_end(r->ledger, 0, NULL); /* undone, when it was not committed above */
        ledger_close(r->ledger);
        r->ledger = NULL;
    }
    if (rc == 0) {
        fputs(text, stdout);
        if (r->ledger_path != NULL)
            printf("ledger %s: %zu recorded as drafts, %zu drafts replaced, %zu unchanged, %zu "
                   "adjusted, %zu restated, %zu not recorded\n",
                   r->ledger_path, r->recorded[LEDGER_RECORDED], r->recorded[LEDGER_REPLACED],
                   r->recorded[LEDGER_UNCHANGED], r->recorded[LEDGER_ADJUSTED],
                   r->recorded[LEDGER_SAME_AMOUNTS], r->refused);
        fflush(stdout);
    }
    free(json);
    free(text);
    int status = rc != 0 ? cli_report(err)
                 : r->sum != NULL && r->sum->failed + r->sum->strays + r->refused > 0 ? 1
                                                                                      : 0;
    free(r->sum);
    return status;
}

/* The contracts of a folder, as one unit of work. */
typedef struct FolderRun {
    Folder *folders;
    size_t n;
    const Period *p;
    const SandboxLimits *limits;
} FolderRun;

/* In the worker: the folder's contracts from the from-th on. */
static int settle_folders(void *self, Workers *w, size_t unit, size_t from, OceError *err)
{
    (void)unit;
    FolderRun *fr = self;
    int rc = 0;
    for (size_t i = from; i < fr->n && rc == 0; i++) {
        Folder *f = &fr->folders[i];
        RunItem item = {f->name, f->script, NULL, 0, {NULL, NULL, 0}, folder_inputs, f, f->from};
        rc = workers_begin(w, i, f->name, err) != 0
                 ? -1
                 : run_item(&item, fr->p, fr->limits, workers_emit, w, err);
    }
    return rc;
}

static int run_folder(const Options *o, const char *dir, const char *out, const Period *p)
{
    OceError err;
    error_init(&err);
    Folder *folders;
    size_t n;
    if (list_folders(dir, &folders, &n, &err) != 0) {
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
    Run r;
    int rc = start(&r, o, out, &err);
    if (rc == 0)
        started(&r, n);
    /* One worker settles the contracts in turn: one that ends it (a term stuck inside one VM
     * instruction) costs that contract alone, and a new worker goes on from the next. */
    const char *tmp = getenv("TMPDIR");
    FolderRun fr = {folders, n, p, &o->limits};
    WorkersSpec ws = {1,  1,          tmp && tmp[0] ? tmp : "/tmp", settle_folders, &fr, take,
                      &r, write_lines};
    if (rc == 0)
        rc = workers_run(&ws, &err);
    int status = finish(&r, rc, out, p, &err);
    for (size_t i = 0; i < n; i++)
        folder_free(&folders[i]);
    free(folders);
    return status;
}

/* --shard K/N into 0-based k of n. */
static int parse_shard(const char *s, unsigned *k, unsigned *n)
{
    char *end;
    errno = 0;
    unsigned long a = strtoul(s, &end, 10);
    if (errno || end == s || *end != '/' || a == 0)
        return -1;
    const char *b = end + 1;
    unsigned long m = strtoul(b, &end, 10);
    if (errno || end == b || *end || m == 0 || a > m || m > 1000000)
        return -1;
    *k = (unsigned)(a - 1);
    *n = (unsigned)m;
    return 0;
}

static int run_portfolio(const Options *o, const char *out, const Period *p)
{
    OceError err;
    error_init(&err);
    const char *tmp = getenv("TMPDIR");
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    BatchSpec spec = {.portfolio = o->portfolio,
                      .templates = o->templates,
                      .outcomes = o->outcomes,
                      .incidents = o->incidents,
                      .period = p,
                      .limits = &o->limits,
                      .scratch = tmp && tmp[0] ? tmp : "/tmp",
                      .shard = 0,
                      .nshards = 1,
                      .started = started,
                      .jobs = o->jobs > 0 ? (unsigned)o->jobs
                              : cores > 0 ? (unsigned)cores
                                          : 1,
                      .write = write_lines};
    if (o->shard != NULL && parse_shard(o->shard, &spec.shard, &spec.nshards) != 0)
        return cli_usage_error(o, "--shard is K/N, a shard K of N from 1/N to N/N, not '%s'",
                               o->shard);
    Run r;
    int rc = start(&r, o, out, &err);
    if (rc == 0)
        rc = batch_run(&spec, take, &r, &err);
    return finish(&r, rc, out, p, &err);
}

/* A run a signal stopped ends by that signal, once it has left nothing behind. */
static int stop_as_asked(int status)
{
    int sig = workers_stopped();
    if (sig != 0) {
        signal(sig, SIG_DFL);
        raise(sig);
    }
    return status;
}

int cli_run(Options *o)
{
    if (o->period == NULL)
        return cli_usage_error(o, "%s", "run needs --period");
    if (o->portfolio != NULL) {
        if (o->contract != NULL)
            return cli_usage_error(o, "%s",
                                   "run takes a folder of contracts or --portfolio, not both");
        if (o->templates == NULL)
            return cli_usage_error(o, "%s",
                                   "--portfolio needs --templates, the folder of the templates");
        if (o->outcomes == NULL)
            return cli_usage_error(o, "%s",
                                   "--portfolio needs --outcomes, every contract's outcomes");
    } else {
        if (o->contract == NULL)
            return cli_usage_error(o, "%s", "run needs a folder of contracts, or --portfolio");
        if (o->outcomes != NULL || o->incidents != NULL)
            return cli_usage_error(o, "%s",
                                   "run finds each contract's outcomes.csv and incidents.csv in "
                                   "its folder; --outcomes goes with --portfolio");
        if (o->templates != NULL || o->shard != NULL || o->jobs != 0)
            return cli_usage_error(o, "%s goes with --portfolio",
                                   o->templates ? "--templates"
                                   : o->shard   ? "--shard"
                                                : "--jobs");
    }
    OceError err;
    error_init(&err);
    Period p;
    if (calendar_parse_period(o->period, &p, &err) != 0)
        return cli_report(&err);
    char out[4200];
    snprintf(out, sizeof out, "%s", o->out ? o->out : "");
    if (o->out == NULL)
        snprintf(out, sizeof out, "out/run-%s", p.id);
    if (o->portfolio != NULL)
        return stop_as_asked(run_portfolio(o, out, &p));
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
    return stop_as_asked(rc);
}
