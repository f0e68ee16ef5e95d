/* oce ledger: makes a ledger (init) and reads one (list, show, export, check). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>

#include "calendar.h"
#include "cli_cmd.h"
#include "doc.h"
#include "error.h"
#include "ledger.h"

const char cli_ledger_usage[] =
    "usage: oce ledger init [FILE]\n"
    "       oce ledger list [--contract ID] [--period PERIOD] [--ledger FILE]\n"
    "       oce ledger show NUMBER|CONTRACT/PERIOD [--format json|text] [--ledger FILE]\n"
    "       oce ledger export --period PERIOD [--format csv|json] [--ledger FILE]\n"
    "       oce ledger check [--ledger FILE]\n"
    "       oce ledger merge SHARD.db... [--ledger FILE] [--prefix PREFIX]\n"
    "\n"
    "init     make a new, empty ledger at FILE (default --ledger, else $OCE_LEDGER, else\n"
    "         oce.db in this folder); refused when there is a file there already\n"
    "list     the settlements, a line each (contract, period, draft or final, number,\n"
    "         currency, net), each followed by its adjustments (credit or debit notes and\n"
    "         the difference they make)\n"
    "show     the stored document of a settlement (by its invoice number, or as\n"
    "         CONTRACT/PERIOD: as it stands after any adjustment) or of an adjustment\n"
    "export   what finance posts for a period: its final invoices and adjustments, with\n"
    "         numbers, contracts and amounts; drafts are left out, and named on stderr\n"
    "check    SQLite's integrity check, that document numbers run without gap or repeat,\n"
    "         and that every stored document matches its digest and its recorded amounts\n"
    "merge    record the drafts of the ledgers of a run's shards (oce run --shard K/N\n"
    "         --ledger SHARD.db) in the ledger, as settling them there would: a shard that\n"
    "         holds a final period or an adjustment, or a period two shards settled\n"
    "         differently, is refused before anything is written; finalise afterwards\n"
    "\n"
    "The ledger is --ledger, else $OCE_LEDGER, else oce.db in this folder or the nearest\n"
    "folder above it that has one, as git finds its repository: keep one ledger, make it\n"
    "once with oce ledger init in the folder the books are kept in, and run oce from there\n"
    "or below. No command makes a ledger by itself where none was named: only oce ledger\n"
    "init does, or a settle into a ledger named by --ledger or $OCE_LEDGER that is not\n"
    "there yet; every other command needs the ledger there. A file that is there must be\n"
    "a ledger (an empty or foreign file is refused). A ledger that cannot be written (a\n"
    "read-only file, folder or mount) can still be listed, shown, exported and checked.\n";

static void print_entry(void *ctx, const char *contract, const char *period, const char *status,
                        const char *invoice, const char *currency, const char *net,
                        const char *digest)
{
    (void)digest;
    ++*(size_t *)ctx;
    printf("%-24s %-8s %-11s %-12s %s %14s\n", contract, period, status, invoice ? invoice : "-",
           currency, net);
}

/* A stored document as a few readable lines: what it is, its lines, its totals. */
static int show_text(const char *json)
{
    char *summary = doc_summary(json);
    if (summary == NULL)
        return -1;
    fputs(summary, stdout);
    free(summary);
    return 0;
}

/* list, show, export or check, on the open ledger. */
static int ledger_sub(CommandId k, Ledger *l, const Options *o, OceError *err)
{
    if (k == CMD_LEDGER_LIST) {
        size_t n = 0;
        if (ledger_list(l, o->script, o->period, print_entry, &n, err) != 0)
            return -1;
        if (n == 0)
            printf("no settlements in %s\n", cli_place_path(o));
        return 0;
    }
    if (k == CMD_LEDGER_SHOW) {
        char *doc = ledger_show(l, o->contract, err);
        int rc = doc == NULL                                   ? -1
                 : o->format && strcmp(o->format, "text") == 0 ? show_text(doc)
                                                               : (fputs(doc, stdout), 0);
        free(doc);
        return rc;
    }
    if (k == CMD_LEDGER_EXPORT) {
        size_t drafts;
        char *out =
            ledger_export(l, o->period, o->format && strcmp(o->format, "json") == 0, &drafts, err);
        if (out == NULL)
            return -1;
        fputs(out, stdout);
        free(out);
        if (drafts)
            fprintf(stderr, "oce: %s: %zu settlement%s of %s still draft, not exported\n",
                    cli_place_path(o), drafts, drafts == 1 ? "" : "s", o->period);
        return 0;
    }
    char problem[300];
    if (ledger_check(l, problem, sizeof problem, err) != 0)
        return -1;
    if (problem[0] != '\0')
        return error_set(err, OCE_EIO, cli_place_path(o), 0, "ledger check: %s", problem);
    printf("%s: ok\n", cli_place_path(o));
    return 0;
}

/* oce ledger init [FILE]: a new ledger where there is no file, and only there. */
int cli_ledger_init(Options *o)
{
    if (o->contract && o->ledger)
        return cli_usage_error(o, "%s", "give the new ledger's file once");
    const char *env = cli_env_ledger();
    int rc = o->contract ? 0 : cli_refuse_relative_env(o);
    if (rc != 0)
        return rc;
    const char *path = o->contract ? o->contract
                       : o->ledger ? o->ledger
                       : env       ? env
                                   : CLI_LEDGER_NAME;
    OceError err;
    error_init(&err);
    Ledger *l = ledger_open(path, LEDGER_INIT, &err);
    if (l == NULL)
        return cli_report(&err);
    ledger_close(l);
    printf("%s: a new, empty ledger\n", path);
    /* One made here hides a ledger further up from the commands run here: say so. */
    Place up;
    if (strcmp(path, CLI_LEDGER_NAME) == 0 && getcwd(up.from, sizeof up.from) != NULL) {
        cli_search_above(up.from, &up);
        if (up.path[0] != '\0')
            fprintf(stderr,
                    "oce: note: %s is a ledger too, in a folder above: commands run in this "
                    "folder, or below it, now use the new one\n",
                    up.path);
    }
    return 0;
}

int cli_ledger(Options *o)
{
    CommandId k = (CommandId)(o->cmd - cli_commands);
    int rc;
    if ((k == CMD_LEDGER_SHOW) != (o->contract != NULL))
        return cli_usage_error(o, "%s",
                               k == CMD_LEDGER_SHOW
                                   ? "ledger show needs a number or CONTRACT/PERIOD"
                                   : "unexpected argument");
    if (k == CMD_LEDGER_EXPORT && o->period == NULL)
        return cli_usage_error(o, "%s", "ledger export needs --period");
    Period p;
    if (o->period && calendar_parse_period(o->period, &p, NULL) != 0)
        return cli_usage_error(o, "'%s' is not a period such as 2026-10, 2026-Q4 or 2026",
                               o->period);
    int show = k == CMD_LEDGER_SHOW;
    if (o->format && strcmp(o->format, show ? "text" : "csv") != 0 &&
        strcmp(o->format, "json") != 0)
        return cli_usage_error(o, "--format must be %s", show ? "json or text" : "csv or json");
    if ((rc = cli_refuse_relative_env(o)) != 0)
        return rc;
    OceError err;
    error_init(&err);
    cli_locate(o);
    Ledger *l = cli_require_ledger(o, &err) == 0
                    ? ledger_open(cli_place_path(o), LEDGER_INSPECT, &err)
                    : NULL;
    rc = l != NULL && ledger_sub(k, l, o, &err) == 0 ? 0 : -1;
    ledger_close(l);
    return rc != 0 ? cli_report(&err) : 0;
}

int cli_ledger_merge(Options *o)
{
    if (o->nargs == 0)
        return cli_usage_error(o, "%s", "ledger merge needs the ledgers of the shards");
    if (cli_bad_prefix(o->prefix))
        return cli_usage_error(o, "%s", CLI_PREFIX_RULE);
    int rc;
    if ((rc = cli_refuse_relative_env(o)) != 0)
        return rc;
    OceError err;
    error_init(&err);
    cli_locate(o);
    const char *path = cli_place_path(o);
    struct stat into, shard;
    int have = path[0] != '\0' && stat(path, &into) == 0;
    for (int k = 0; k < o->nargs; k++)
        if (path[0] != '\0' && (strcmp(o->args[k], path) == 0 ||
                                (have && stat(o->args[k], &shard) == 0 &&
                                 shard.st_dev == into.st_dev && shard.st_ino == into.st_ino)))
            return cli_usage_error(o, "%s is the ledger merged into, not a shard", o->args[k]);
    Ledger *l = cli_require_ledger(o, &err) == 0
                    ? ledger_open(path, o->place.named ? LEDGER_CREATE : LEDGER_EXISTING, &err)
                    : NULL;
    const char *prefix = o->prefix ? o->prefix : getenv("OCE_INVOICE_PREFIX");
    LedgerMerge m;
    rc = l != NULL &&
                 ledger_merge(l, o->args, (size_t)o->nargs, prefix ? prefix : "INV-", &m, &err) == 0
             ? 0
             : -1;
    ledger_close(l);
    if (l != NULL && (rc == 0 || m.shards > 0))
        printf("ledger %s: %zu shard%s merged, %zu drafts: %zu recorded, %zu replaced, %zu "
               "unchanged, %zu adjusted, %zu restated\n",
               path, m.shards, m.shards == 1 ? "" : "s", m.entries, m.outcomes[LEDGER_RECORDED],
               m.outcomes[LEDGER_REPLACED], m.outcomes[LEDGER_UNCHANGED],
               m.outcomes[LEDGER_ADJUSTED], m.outcomes[LEDGER_SAME_AMOUNTS]);
    if (rc != 0 && l != NULL && m.stopped_at[0])
        fprintf(stderr, "oce: ledger merge stopped at %s; the shards before it are merged\n",
                m.stopped_at);
    return rc != 0 ? cli_report(&err) : 0;
}
