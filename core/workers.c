#include "workers.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "calendar.h"
#include "money.h"
#include "sandbox.h"
#include "summary.h"

/* The signal that asked the run to stop (SIGINT, SIGTERM, SIGHUP), or 0. */
static volatile sig_atomic_t stopped;

static void on_stop(int sig)
{
    stopped = sig;
}

int workers_stopped(void)
{
    return stopped;
}

static const int stop_signals[] = {SIGINT, SIGTERM, SIGHUP};

/* In a worker: where its messages and its results go. */
struct Workers {
    FILE *to_parent;
    FILE *results; /* the results of the unit it settles */
};

/* --- A worker: settles the units it is given, and tells the parent what came of them ----
 *
 * Its messages are lines of tab-separated fields, each escaped (\t, \n and \\):
 *   C r id           contract r of the bucket begins
 *   S bytes contract period currency minor charges credits net [what amount]...
 *                    a period settled: its line (bytes long) is in the bucket's results
 *   F contract period file line term message    a failure ("-": no period)
 *   N contract why   not due
 *   X file line message                         rows of no contract
 *   E failures       the contract ended, with that many failures
 *   D k              unit k is done
 * The parent gives it "B k r0" (settle unit k from its r0-th contract) or "Q" (quit). */

static void escape(FILE *f, const char *s)
{
    for (; s != NULL && *s; s++) {
        if (*s == '\t')
            fputs("\\t", f);
        else if (*s == '\n')
            fputs("\\n", f);
        else if (*s == '\\')
            fputs("\\\\", f);
        else
            fputc(*s, f);
    }
}

/* Sends a message whose fields are fmt's, tab-separated ("%s" fields are escaped here:
 * give them with %s only). */
static int tell(Workers *b, OceError *err, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    for (const char *p = fmt; *p; p++) {
        if (p[0] == '%' && p[1] == 's') {
            escape(b->to_parent, va_arg(ap, const char *));
            p++;
        } else if (p[0] == '%' && p[1] == 'z' && p[2] == 'u') {
            fprintf(b->to_parent, "%zu", va_arg(ap, size_t));
            p += 2;
        } else if (p[0] == '%' && p[1] == 'd') {
            fprintf(b->to_parent, "%d", va_arg(ap, int));
            p++;
        } else {
            fputc(*p, b->to_parent);
        }
    }
    va_end(ap);
    fputc('\n', b->to_parent);
    /* Every message reaches the parent as it is made: a worker that ends has said all it
     * settled, and which contract and periods it was in. */
    if (fflush(b->to_parent) != 0)
        return error_set(err, OCE_EIO, NULL, 0, "a worker cannot write to its parent: %s",
                         strerror(errno));
    return ferror(b->to_parent)
               ? error_set(err, OCE_EIO, NULL, 0, "a worker cannot write to its parent")
               : 0;
}

int workers_emit(void *ctx, const RunEvent *e, OceError *err)
{
    Workers *b = ctx;
    const char *period = e->period ? e->period->id : "-";
    if (e->outcome == RUN_SETTLED) {
        size_t n = strlen(e->line);
        if (fwrite(e->line, 1, n, b->results) != n || fflush(b->results) != 0)
            return error_set(err, OCE_EIO, NULL, 0, "cannot write a scratch file: %s",
                             strerror(errno));
        const SummaryEntry *s = e->entry;
        char charges[MONEY_STR_MAX], credits[MONEY_STR_MAX], net[MONEY_STR_MAX];
        money_format(s->charges, s->minor_unit, charges, sizeof charges);
        money_format(s->credits, s->minor_unit, credits, sizeof credits);
        money_format(s->net, s->minor_unit, net, sizeof net);
        fprintf(b->to_parent, "S\t%zu\t", n);
        escape(b->to_parent, s->contract);
        fputc('\t', b->to_parent);
        escape(b->to_parent, s->period);
        fprintf(b->to_parent, "\t%s\t%d\t%s\t%s\t%s", s->currency, s->minor_unit, charges, credits,
                net);
        for (size_t i = 0; i < s->nshortfalls; i++) {
            char amount[MONEY_STR_MAX];
            money_format(s->shortfalls[i].amount, s->minor_unit, amount, sizeof amount);
            fputc('\t', b->to_parent);
            escape(b->to_parent, s->shortfalls[i].what);
            fprintf(b->to_parent, "\t%s", amount);
        }
        fputc('\n', b->to_parent);
        return fflush(b->to_parent) != 0
                   ? error_set(err, OCE_EIO, NULL, 0, "a worker cannot write to its parent: %s",
                               strerror(errno))
                   : 0;
    }
    if (e->outcome == RUN_NOT_DUE)
        return tell(b, err, "N\t%s\t%s", e->item->name, e->why);
    if (e->outcome == RUN_DONE)
        return tell(b, err, "E\t%zu", e->failures);
    if (e->outcome == RUN_STRAY)
        return tell(b, err, "X\t%s\t%d\t%zu\t%s", e->err->file, e->err->line, e->rows,
                    e->err->message);
    return tell(b, err, "F\t%s\t%s\t%s\t%d\t%s\t%s", e->item->name, period, e->err->file,
                e->err->line, e->err->term, e->err->message);
}

static void results_name(const char *dir, size_t k, char *buf, size_t size)
{
    snprintf(buf, size, "%s/r.%zu", dir, k);
}

static int read_line(FILE *f, char **line, size_t *cap)
{
    ssize_t n = getline(line, cap, f);
    if (n <= 0)
        return -1;
    if ((*line)[n - 1] == '\n')
        (*line)[n - 1] = '\0';
    return 0;
}

/* The worker's life: it never returns. */
static void worker_main(const WorkersSpec *spec, const char *dir, int commands, int results)
{
    OceError err;
    error_init(&err);
    Workers self = {fdopen(results, "w"), NULL};
    Workers *b = &self;
    FILE *in = fdopen(commands, "r");
    int rc = b->to_parent != NULL && in != NULL &&
                     sandbox_watchdog_enable("", error_exit_status(OCE_ELIMIT), &err) == 0
                 ? 0
                 : -1;
    char *line = NULL;
    size_t cap = 0, k, r0;
    while (rc == 0 && read_line(in, &line, &cap) == 0 && line[0] == 'B' &&
           sscanf(line, "B %zu %zu", &k, &r0) == 2) {
        char name[4400];
        results_name(dir, k, name, sizeof name);
        b->results = fopen(name, "a");
        rc = b->results != NULL ? spec->settle(spec->self, b, k, r0, &err) : -1;
        if (b->results != NULL && fclose(b->results) != 0)
            rc = -1;
        b->results = NULL;
        if (rc == 0)
            rc = tell(b, &err, "D\t%zu", k);
    }
    if (rc != 0 && b->to_parent != NULL) {
        char msg[1024];
        error_format(&err, msg, sizeof msg);
        fputs("W\t", b->to_parent);
        escape(b->to_parent, msg);
        fputc('\n', b->to_parent);
        fflush(b->to_parent);
    }
    _exit(rc == 0 ? 0 : 1);
}

/* --- The parent: forks the workers, gives them buckets, and hands on what they say ------ */

typedef struct Worker {
    pid_t pid;
    FILE *commands;
    int results; /* the read end of its messages */
    int errors;  /* its stderr, a scratch file: the watchdog's last word */
    char *buf;   /* what has come of its messages and not yet ended in a newline */
    size_t len, cap;
    long bucket;      /* the bucket it settles, or -1 */
    long current;     /* the contract of it that is running, or -1 */
    size_t periods;   /* the periods of it reported so far (settled, failed or not due) */
    char id[96];      /* and its id */
    char fatal[1024]; /* what it said before it ended when it could not go on */
} Worker;

typedef struct Parent {
    const WorkersSpec *spec;
    char dir[4200]; /* the scratch folder of the results */
    Worker *w;
    size_t nworkers;
    long long *confirmed; /* per bucket: the bytes of its results the parent was told of */
    unsigned char *done;  /* per bucket */
    size_t next, written; /* the next bucket to give, and the next to write out */
} Parent;

/* Undoes escape() in place. */
static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '\\' && s[1] != '\0') {
            s++;
            *o++ = *s == 't' ? '\t' : *s == 'n' ? '\n' : *s;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

/* The fields of a message, split at tabs and unescaped, into f (at most max). */
static size_t split(char *line, char **f, size_t max)
{
    size_t n = 0;
    for (char *p = line; n < max;) {
        char *tab = strchr(p, '\t');
        if (tab != NULL)
            *tab = '\0';
        unescape(p);
        f[n++] = p;
        if (tab == NULL)
            break;
        p = tab + 1;
    }
    return n;
}

static int spawn(Parent *pa, Worker *w, OceError *err)
{
    int cmd[2], res[2];
    char errs[4400];
    snprintf(errs, sizeof errs, "%s/e.XXXXXX", pa->dir);
    int efd = mkstemp(errs);
    if (efd >= 0)
        unlink(errs);
    if (efd < 0 || pipe(cmd) != 0) {
        if (efd >= 0)
            close(efd);
        return error_set(err, OCE_EIO, NULL, 0, "cannot start a worker: %s", strerror(errno));
    }
    if (pipe(res) != 0) {
        close(efd), close(cmd[0]), close(cmd[1]);
        return error_set(err, OCE_EIO, NULL, 0, "cannot start a worker: %s", strerror(errno));
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(efd), close(cmd[0]), close(cmd[1]), close(res[0]), close(res[1]);
        return error_set(err, OCE_EIO, NULL, 0, "cannot start a worker: %s", strerror(errno));
    }
    if (pid == 0) {
        for (size_t k = 0; k < sizeof stop_signals / sizeof *stop_signals; k++)
            signal(stop_signals[k], SIG_DFL); /* a worker stops when it is told to */
        close(cmd[1]);
        close(res[0]);
        for (size_t k = 0; k < pa->nworkers; k++)
            if (pa->w[k].pid > 0) {
                fclose(pa->w[k].commands);
                close(pa->w[k].results);
                close(pa->w[k].errors);
            }
        dup2(efd, STDERR_FILENO);
        close(efd);
        worker_main(pa->spec, pa->dir, cmd[0], res[1]);
    }
    close(cmd[0]);
    close(res[1]);
    *w = (Worker){.pid = pid, .results = res[0], .errors = efd, .bucket = -1, .current = -1};
    w->commands = fdopen(cmd[1], "w");
    if (w->commands == NULL)
        return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    return 0;
}

static int give(Worker *w, size_t k, size_t r0, OceError *err)
{
    w->bucket = (long)k;
    w->current = -1;
    if (fprintf(w->commands, "B %zu %zu\n", k, r0) < 0 || fflush(w->commands) != 0)
        return error_set(err, OCE_EIO, NULL, 0, "cannot give a worker its work: %s",
                         strerror(errno));
    return 0;
}

/* The next bucket to a worker that has none, or "Q" when all are given. */
static int give_next(Parent *pa, Worker *w, OceError *err)
{
    if (pa->next < pa->spec->units) {
        size_t k = pa->next++;
        char name[4400];
        results_name(pa->dir, k, name, sizeof name);
        FILE *f = fopen(name, "w");
        if (f == NULL || fclose(f) != 0)
            return error_set(err, OCE_EIO, name, 0, "cannot write a scratch file: %s",
                             strerror(errno));
        return give(w, k, 0, err);
    }
    w->bucket = -1;
    if (w->commands != NULL) {
        fputs("Q\n", w->commands);
        fclose(w->commands);
        w->commands = NULL;
    }
    return 0;
}

/* Writes out the results of every bucket done, in bucket order, and removes their files. */
static int write_done(Parent *pa, OceError *err)
{
    const WorkersSpec *b = pa->spec;
    while (pa->written < b->units && pa->done[pa->written]) {
        char name[4400];
        results_name(pa->dir, pa->written, name, sizeof name);
        FILE *f = fopen(name, "r");
        if (f == NULL)
            return error_set(err, OCE_EIO, name, 0, "cannot read a scratch file: %s",
                             strerror(errno));
        char *line = NULL;
        size_t cap = 0;
        int rc = 0;
        long long left = pa->confirmed[pa->written];
        ssize_t n;
        while (rc == 0 && left > 0 && (n = getline(&line, &cap, f)) > 0) {
            if ((long long)n > left)
                break; /* not a whole line: cut short below */
            rc = b->write(b->ctx, line, (size_t)n, err);
            left -= (long long)n;
        }
        free(line);
        if (rc == 0 && left != 0)
            rc = error_set(err, OCE_EIO, name, 0, "a scratch file is shorter than was written");
        fclose(f);
        unlink(name);
        if (rc != 0)
            return -1;
        pa->written++;
    }
    return 0;
}

static Money money_of(const char *s, const char *currency)
{
    Money m = money_zero(currency);
    OceError ignored;
    error_init(&ignored);
    money_parse(s, currency, &m, &ignored);
    return m;
}

/* An error a worker sent as its fields. */
static void error_of(OceError *e, OceCode code, const char *file, const char *line,
                     const char *term, const char *message)
{
    error_init(e);
    e->code = code;
    snprintf(e->file, sizeof e->file, "%s", file);
    e->line = atoi(line);
    snprintf(e->term, sizeof e->term, "%s", term);
    snprintf(e->message, sizeof e->message, "%s", message);
}

/* One message of a worker. */
static int heard(Parent *pa, Worker *w, char *line, OceError *err)
{
    const WorkersSpec *b = pa->spec;
    char *f[4 + 2 * SUMMARY_TOP + 8];
    size_t n = split(line, f, sizeof f / sizeof *f);
    RunItem item = {0};
    item.name = w->id;
    Period period, *pp = NULL;
    if (n >= 3 && (f[0][0] == 'F') && strcmp(f[2], "-") != 0 &&
        calendar_parse_period(f[2], &period, NULL) == 0)
        pp = &period;
    switch (f[0][0]) {
    case 'C':
        if (n < 3)
            break;
        w->current = atol(f[1]);
        w->periods = 0;
        snprintf(w->id, sizeof w->id, "%s", f[2]);
        return 0;
    case 'E': {
        w->current = -1;
        RunEvent ev = {
            .item = &item, .outcome = RUN_DONE, .failures = n > 1 ? (size_t)atol(f[1]) : 0};
        return b->emit(b->ctx, &ev, err);
    }
    case 'S': {
        if (n < 9)
            break;
        SummaryEntry e = {0};
        snprintf(e.contract, sizeof e.contract, "%s", f[2]);
        snprintf(e.period, sizeof e.period, "%s", f[3]);
        snprintf(e.currency, sizeof e.currency, "%s", f[4]);
        e.minor_unit = atoi(f[5]);
        e.charges = money_of(f[6], e.currency);
        e.credits = money_of(f[7], e.currency);
        e.net = money_of(f[8], e.currency);
        for (size_t i = 9; i + 1 < n && e.nshortfalls < SUMMARY_TOP; i += 2) {
            SummaryTop *t = &e.shortfalls[e.nshortfalls++];
            memcpy(t->contract, e.contract, sizeof t->contract);
            memcpy(t->period, e.period, sizeof t->period);
            snprintf(t->what, sizeof t->what, "%s", f[i]);
            t->amount = money_of(f[i + 1], e.currency);
        }
        w->periods++;
        pa->confirmed[w->bucket] += atoll(f[1]);
        if (calendar_parse_period(e.period, &period, NULL) == 0)
            pp = &period;
        RunEvent ev = {.item = &item, .outcome = RUN_SETTLED, .period = pp, .entry = &e};
        return b->emit(b->ctx, &ev, err);
    }
    case 'F': {
        if (n < 7)
            break;
        OceError e;
        error_of(&e, OCE_ESCRIPT, f[3], f[4], f[5], f[6]);
        w->periods += pp != NULL;
        item.name = f[1];
        RunEvent ev = {.item = &item, .outcome = RUN_FAILED, .period = pp, .err = &e};
        return b->emit(b->ctx, &ev, err);
    }
    case 'N': {
        if (n < 3)
            break;
        item.name = f[1];
        RunEvent ev = {.item = &item, .outcome = RUN_NOT_DUE, .why = f[2]};
        return b->emit(b->ctx, &ev, err);
    }
    case 'X': {
        if (n < 5)
            break;
        OceError e;
        error_of(&e, OCE_EOUTCOMES, f[1], f[2], "", f[4]);
        RunEvent ev = {.outcome = RUN_STRAY, .err = &e, .rows = (size_t)atol(f[3])};
        return b->emit(b->ctx, &ev, err);
    }
    case 'D': pa->done[w->bucket] = 1; return write_done(pa, err) != 0 ? -1 : give_next(pa, w, err);
    case 'W':
        if (n >= 2)
            snprintf(w->fatal, sizeof w->fatal, "%s", f[1]);
        return 0;
    }
    return error_set(err, OCE_EINTERNAL, NULL, 0, "a worker said what cannot be read: %.100s",
                     f[0]);
}

/* The last line the worker wrote to its stderr (the watchdog's), without its newline. */
static void last_words(const Worker *w, char *buf, size_t size)
{
    buf[0] = '\0';
    off_t end = lseek(w->errors, 0, SEEK_END);
    if (end <= 0)
        return;
    size_t n = (size_t)end < size - 1 ? (size_t)end : size - 1;
    ssize_t got = pread(w->errors, buf, n, end - (off_t)n);
    if (got <= 0) {
        buf[0] = '\0';
        return;
    }
    buf[got] = '\0';
    while (got > 0 && buf[got - 1] == '\n')
        buf[--got] = '\0';
    char *nl = strrchr(buf, '\n');
    if (nl != NULL)
        memmove(buf, nl + 1, strlen(nl + 1) + 1);
}

/* A worker ended. The contract it was settling, if any, is reported as what ended it, and a
 * new worker goes on from the next; else, it ended in the middle of nothing: the run fails. */
static int ended(Parent *pa, Worker *w, OceError *err)
{
    const WorkersSpec *b = pa->spec;
    int status = 0;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
        ;
    close(w->results);
    if (w->commands != NULL)
        fclose(w->commands);
    w->commands = NULL;
    w->pid = -1;
    long bucket = w->bucket, current = w->current;
    char words[700];
    last_words(w, words, sizeof words);
    close(w->errors);
    if (stopped)
        return error_set(err, OCE_EIO, NULL, 0, "the run was stopped by signal %d (%s)",
                         (int)stopped, strsignal((int)stopped));
    if (bucket < 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return 0; /* told to quit */
    if (current < 0)
        return error_set(err, OCE_EINTERNAL, NULL, 0,
                         "a worker ended while it settled no "
                         "contract: %s",
                         w->fatal[0] ? w->fatal
                         : words[0]  ? words
                                     : "no word");
    OceError e;
    error_init(&e);
    e.code = OCE_ELIMIT;
    if (WIFEXITED(status) && WEXITSTATUS(status) == error_exit_status(OCE_ELIMIT) && words[0])
        snprintf(e.message, sizeof e.message, "%s", words);
    else if (WIFSIGNALED(status))
        snprintf(e.message, sizeof e.message, "the worker settling it was killed by signal %d (%s)",
                 WTERMSIG(status), strsignal(WTERMSIG(status)));
    else
        snprintf(e.message, sizeof e.message, "the worker settling it ended with status %d%s%s",
                 WIFEXITED(status) ? WEXITSTATUS(status) : -1, words[0] ? ": " : "", words);
    size_t len = strlen(e.message);
    if (w->periods > 0)
        snprintf(e.message + len, sizeof e.message - len,
                 "; its periods after the %zu reported were not settled", w->periods);
    RunItem item = {0};
    item.name = w->id;
    RunEvent ev = {.item = &item, .outcome = RUN_FAILED, .err = &e};
    if (b->emit(b->ctx, &ev, err) != 0 || run_done(&item, 1, b->emit, b->ctx, err) != 0)
        return -1;
    free(w->buf); /* a new worker, with a buffer of its own */
    w->buf = NULL;
    /* What it wrote past what it told of is cut off, and a new worker goes on after it. */
    char name[4400];
    results_name(pa->dir, (size_t)bucket, name, sizeof name);
    if (truncate(name, (off_t)pa->confirmed[bucket]) != 0)
        return error_set(err, OCE_EIO, name, 0, "cannot write a scratch file: %s", strerror(errno));
    if (spawn(pa, w, err) != 0)
        return -1;
    return give(w, (size_t)bucket, (size_t)current + 1, err);
}

/* Reads what a worker has said; 1 at its end. */
static int listen_to(Parent *pa, Worker *w, OceError *err)
{
    if (w->cap - w->len < 65536) {
        size_t cap = w->cap ? w->cap * 2 : 131072;
        char *more = realloc(w->buf, cap);
        if (more == NULL)
            return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
        w->buf = more;
        w->cap = cap;
    }
    ssize_t got = read(w->results, w->buf + w->len, w->cap - w->len - 1);
    if (got < 0 && errno == EINTR)
        return 0;
    if (got <= 0)
        return 1;
    w->len += (size_t)got;
    size_t from = 0;
    for (char *nl; (nl = memchr(w->buf + from, '\n', w->len - from)) != NULL;) {
        *nl = '\0';
        if (heard(pa, w, w->buf + from, err) != 0)
            return -1;
        from = (size_t)(nl - w->buf) + 1;
    }
    memmove(w->buf, w->buf + from, w->len - from);
    w->len -= from;
    return 0;
}

int workers_run(const WorkersSpec *spec, OceError *err)
{
    struct sigaction stop = {0}, before[3];
    stop.sa_handler = on_stop; /* no SA_RESTART: poll returns, and the run stops */
    sigemptyset(&stop.sa_mask);
    for (size_t k = 0; k < 3; k++)
        sigaction(stop_signals[k], &stop, &before[k]);
    const WorkersSpec *b = spec;
    Parent pa = {.spec = spec};
    snprintf(pa.dir, sizeof pa.dir, "%s/.oce-run-XXXXXX", spec->scratch);
    if (mkdtemp(pa.dir) == NULL)
        return error_set(err, OCE_EIO, spec->scratch, 0, "cannot make a scratch folder: %s",
                         strerror(errno));
    unsigned jobs = spec->jobs > 0 ? spec->jobs : 1;
    pa.nworkers = jobs < b->units ? jobs : b->units;
    pa.w = calloc(pa.nworkers ? pa.nworkers : 1, sizeof *pa.w);
    pa.confirmed = calloc(b->units ? b->units : 1, sizeof *pa.confirmed);
    pa.done = calloc(b->units ? b->units : 1, 1);
    int rc =
        pa.w && pa.confirmed && pa.done ? 0 : error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
    for (size_t k = 0; k < pa.nworkers; k++)
        pa.w[k].pid = -1;
    for (size_t k = 0; rc == 0 && k < pa.nworkers; k++)
        rc = spawn(&pa, &pa.w[k], err) != 0 || give_next(&pa, &pa.w[k], err) != 0 ? -1 : 0;
    struct pollfd fds[256];
    while (rc == 0) {
        size_t n = 0, who[256];
        for (size_t k = 0; k < pa.nworkers && n < 256; k++)
            if (pa.w[k].pid > 0) {
                fds[n] = (struct pollfd){.fd = pa.w[k].results, .events = POLLIN};
                who[n++] = k;
            }
        if (n == 0)
            break;
        if (stopped) {
            rc = error_set(err, OCE_EIO, NULL, 0, "the run was stopped by signal %d (%s)",
                           (int)stopped, strsignal((int)stopped));
            break;
        }
        if (poll(fds, n, -1) < 0) {
            if (errno != EINTR)
                rc = error_set(err, OCE_EIO, NULL, 0, "cannot hear the workers: %s",
                               strerror(errno));
            continue;
        }
        for (size_t i = 0; rc == 0 && i < n; i++) {
            if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            Worker *w = &pa.w[who[i]];
            int heard_all = listen_to(&pa, w, err);
            if (heard_all < 0)
                rc = -1;
            else if (heard_all == 1)
                rc = ended(&pa, w, err);
        }
    }
    if (rc == 0 && pa.written < b->units)
        rc = error_set(err, OCE_EINTERNAL, NULL, 0,
                       "the workers ended before every bucket was settled");
    for (size_t k = 0; pa.w != NULL && k < pa.nworkers; k++) {
        Worker *w = &pa.w[k];
        if (w->pid > 0) {
            kill(w->pid, SIGKILL);
            waitpid(w->pid, NULL, 0);
            close(w->results);
            close(w->errors);
            if (w->commands != NULL)
                fclose(w->commands);
        }
        free(w->buf);
    }
    for (size_t k = pa.written; k < b->units; k++) {
        char name[4400];
        results_name(pa.dir, k, name, sizeof name);
        unlink(name);
    }
    rmdir(pa.dir);
    for (size_t k = 0; k < 3; k++)
        sigaction(stop_signals[k], &before[k], NULL);
    free(pa.w);
    free(pa.confirmed);
    free(pa.done);
    return rc;
}

int workers_begin(Workers *w, size_t index, const char *name, OceError *err)
{
    return tell(w, err, "C\t%zu\t%s", index, name);
}
