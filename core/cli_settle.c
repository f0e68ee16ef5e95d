/* oce settle: settles one period of a contract and prints, or writes, its documents in every
 * format; records the settlement in the ledger unless it is a dry run. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "arena.h"
#include "calendar.h"
#include "cli_cmd.h"
#include "contract.h"
#include "digest.h"
#include "ledger.h"
#include "error.h"
#include "history.h"
#include "settle.h"
#include "writer.h"

const char cli_settle_usage[] =
    "usage: oce settle CONTRACT.lua --period PERIOD --outcomes FILE [--incidents FILE]\n"
    "                  [options]\n"
    "\n"
    "Settles one period of the contract against the measured outcomes.\n"
    "\n";

/* After the options settle takes, each with its help from the option table. */
const char cli_settle_usage_end[] =
    "\n"
    "Nothing is written unless the whole settlement succeeds. Exit status 0 on success;\n"
    "the others are listed in oce --help.\n";

static int write_stdout(const char *text)
{
    size_t n = strlen(text);
    if (fwrite(text, 1, n, stdout) != n || fflush(stdout) != 0) {
        OceError err;
        error_init(&err);
        error_set(&err, OCE_EIO, "<stdout>", 0, "cannot write: %s", strerror(errno));
        return cli_report(&err);
    }
    return 0;
}

static int record(const Settlement *s, const char *json, const Options *o, OceError *err);

typedef struct Recording {
    const Settlement *s;
    const char *json;
    const Options *o;
} Recording;

/* Records the settlement in the ledger once its files are ready to replace the old ones. */
static int record_ready(void *ctx, OceError *err)
{
    Recording *r = ctx;
    return r->o->dry_run ? 0 : record(r->s, r->json, r->o, err);
}

/* The formats of a settlement, a row each: what --format calls it, the extension of its file
 * in --out, and its renderer. A new format is a renderer and a row here. The first is the
 * document of record, the one the ledger keeps. */
typedef struct Format {
    const char *name;
    const char *ext;
    char *(*render)(const Settlement *s, OceError *err);
} Format;

static const Format formats[] = {
    {"json", "json", writer_json},
    {"csv", "csv", writer_csv},
    {"text", "txt", writer_text},
};
#define NFORMATS (sizeof formats / sizeof formats[0])

/* The row of a --format name, or -1. */
static int format_index(const char *name)
{
    for (size_t i = 0; i < NFORMATS; i++)
        if (strcmp(formats[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* Writes every format's document into the directory, all or nothing, and records the
 * settlement in the ledger before they replace any already there: a settlement the ledger
 * refuses leaves the files, and the ledger, as they were. */
static int write_out(const Settlement *s, const Options *o, char *docs[NFORMATS], OceError *err)
{
    char stem[128], names[NFORMATS][160];
    writer_stem(s, stem, sizeof stem);
    OutputFile files[NFORMATS];
    for (size_t k = 0; k < NFORMATS; k++) {
        snprintf(names[k], sizeof names[k], "%s.%s", stem, formats[k].ext);
        files[k] = (OutputFile){names[k], docs[k]};
    }
    Recording r = {s, docs[0], o};
    return writer_write_files(o->out, files, NFORMATS, record_ready, &r, err);
}

/* Whether the earlier periods are settled from the outcomes file (--history-from outcomes). */
static int history_from_outcomes(const Options *o)
{
    return o->history_from != NULL && strcmp(o->history_from, "outcomes") == 0;
}

static void print_summary_line(const Settlement *s, const Options *o)
{
    const char *dir = o->out;
    char from[400] = "", files[300];
    size_t earlier = s->history->n;
    SettleInputs in = {.outcomes = o->outcomes, .incidents = o->incidents};
    if (history_from_outcomes(o) && earlier > 0)
        snprintf(from, sizeof from, ", on %zu earlier period%s settled from %s", earlier,
                 earlier == 1 ? "" : "s", settle_inputs_name(&in, files, sizeof files));
    char net[MONEY_STR_MAX], stem[128], exts[64] = "";
    writer_stem(s, stem, sizeof stem);
    money_format(s->net, s->decl->minor_unit, net, sizeof net);
    for (size_t k = 0, n = 0; k < NFORMATS && n < sizeof exts; k++)
        n += (size_t)snprintf(exts + n, sizeof exts - n, "%s%s", k ? "," : "", formats[k].ext);
    printf("%s %s: net %s %s, %zu line%s, %zu shortfall%s%s -> %s/%s.{%s}\n", s->decl->id,
           s->period.id, net, s->decl->currency, s->nlines, s->nlines == 1 ? "" : "s",
           s->nshortfalls, s->nshortfalls == 1 ? "" : "s", from, dir, stem, exts);
}

static int record(const Settlement *s, const char *json, const Options *o, OceError *err)
{
    char digest[DIGEST_HEX_SIZE], net[MONEY_STR_MAX];
    if (writer_digest(s, digest, err) != 0)
        return -1;
    money_format(s->net, s->decl->minor_unit, net, sizeof net);
    LedgerEntry e = {s->decl->id,
                     s->period.id,
                     s->decl->script_sha256,
                     s->outcomes_sha256,
                     digest,
                     s->decl->currency,
                     net,
                     json,
                     s->version->name};
    /* A ledger named but not there is made, with the first settlement recorded in it; one
     * found must be there. */
    const char *path = cli_place_path(o);
    Ledger *l = ledger_open(path, o->place.named ? LEDGER_CREATE : LEDGER_EXISTING, err);
    if (l != NULL && ledger_made(l))
        fprintf(stderr, "oce: ledger %s: there was none, so a new, empty ledger was made\n", path);
    LedgerResult r;
    const char *prefix = o->prefix ? o->prefix : getenv("OCE_INVOICE_PREFIX");
    int rc = l != NULL && ledger_record(l, &e, prefix ? prefix : "INV-", &r, err) == 0 ? 0 : -1;
    ledger_close(l);
    if (rc != 0)
        return -1;
    static const char *const said[] = {
        "recorded as a draft", "replaced the draft",
        "unchanged: the ledger already holds this settlement", "",
        "is final, and these inputs settle it to the same amounts: no adjustment is due (the "
        "period is restated: later periods are settled on this settlement)"};
    if (r.outcome == LEDGER_ADJUSTED)
        fprintf(stderr,
                "oce: ledger %s: %s %s is final as %s; these inputs settle it differently: %s "
                "%s issued, a difference of %s %s\n",
                path, s->decl->id, s->period.id, r.adjusts, r.kind, r.number, r.difference,
                s->decl->currency);
    else
        fprintf(stderr, "oce: ledger %s: %s %s %s\n", path, s->decl->id, s->period.id,
                said[r.outcome]);
    if (r.stale[0])
        fprintf(stderr,
                "oce: ledger %s: later periods of %s were settled on another %s and look back "
                "at it: %s; settle them again, in order\n",
                path, s->decl->id, s->period.id, r.stale);
    return 0;
}

static int emit(const Settlement *s, const Options *o, OceError *err)
{
    /* Only the documents wanted: every format for --out, else the format asked for, and the
     * document of record the ledger keeps. */
    size_t k = (size_t)format_index(o->format); /* checked when the options were read */
    char *docs[NFORMATS] = {NULL};
    int ok = 1;
    for (size_t i = 0; i < NFORMATS && ok; i++) {
        if (!o->out && i != k && (i != 0 || o->dry_run))
            continue;
        docs[i] = formats[i].render(s, err);
        ok = docs[i] != NULL;
    }
    int rc = -1;
    if (ok && o->out) {
        rc = write_out(s, o, docs, err);
        if (rc == 0)
            print_summary_line(s, o);
    } else if (ok && (o->dry_run || record(s, docs[0], o, err) == 0)) {
        rc = write_stdout(docs[k]) == 0 ? 0 : -2;
    }
    for (size_t i = 0; i < NFORMATS; i++)
        free(docs[i]);
    return rc;
}

/* Where a settlement's earlier periods are looked for, for the error naming a hole. */
static void ledger_where(const Options *o, char *where, size_t size)
{
    if (cli_place_path(o)[0] != '\0')
        snprintf(where, size, " (ledger %.200s)", cli_place_path(o));
    else
        snprintf(where, size, " (no ledger: none in %.200s or above it)", o->place.from);
}

/* The ledger the earlier periods are read from: NULL when there is none (a dry run needs
 * none), or one is named but not there yet (it is made when the settlement is recorded, so
 * a failed or dry run leaves none at a mistyped path). */
static const char *history_ledger(const Options *o)
{
    const char *path = cli_place_path(o);
    struct stat st;
    if (path[0] == '\0' || (o->place.named && stat(path, &st) != 0 && errno == ENOENT))
        return NULL;
    return path;
}

/* A settlement on earlier periods settled from the outcomes file is recorded only when the
 * ledger holds each of them as the file settles it (and so it is the settlement the ledger's
 * own would give): the ledger never holds a period settled on one it does not hold. */
static int ledger_agrees(Contract *c, const Settlement *s, const Options *o, Arena *arena,
                         OceError *err)
{
    if (!history_from_outcomes(o) || o->dry_run || s->history->n == 0)
        return 0;
    SettleLedger ledger;
    HistorySource h = settle_from_ledger(&ledger, history_ledger(o), LEDGER_EXISTING, "");
    History held = {NULL, 0};
    char from[300];
    SettleInputs in = {.outcomes = o->outcomes, .incidents = o->incidents};
    settle_inputs_name(&in, from, sizeof from);
    if (h.earlier(h.self, c, &s->period, arena, &held, err) != 0)
        return -1;
    for (size_t i = 0; i < s->history->n; i++) {
        const HistoryPeriod *e = &s->history->periods[i], *mine = NULL;
        for (size_t j = 0; j < held.n && mine == NULL; j++)
            if (strcmp(held.periods[j].period.id, e->period.id) == 0)
                mine = &held.periods[j];
        if (mine != NULL && strcmp(mine->digest, e->digest) == 0)
            continue;
        char held_as[200] = "";
        if (mine != NULL)
            snprintf(held_as, sizeof held_as, " (its digest is %s, the ledger's %s)", e->digest,
                     mine->digest);
        return error_set(err, OCE_EPERIOD, cli_place_path(o), 0,
                         "ledger: %s %s was settled on %s as settled from %s, and the ledger "
                         "holds %s settlement of %s%s: "
                         "with --history-from outcomes a settlement is recorded only on earlier "
                         "periods the ledger holds as the file settles them; settle with "
                         "--dry-run to leave the ledger as it is, or settle the earlier periods "
                         "into the ledger first, in order",
                         c->decl.id, s->period.id, e->period.id, from, mine ? "another" : "no",
                         e->period.id, held_as);
    }
    return 0;
}

static int settle(const Options *o)
{
    OceError err;
    error_init(&err);
    Period p;
    /* First finish, or clear away, what a settle killed while writing into --out left. */
    if ((o->out && writer_recover(o->out, &err) != 0) ||
        calendar_parse_period(o->period, &p, &err) != 0 ||
        (!o->dry_run && cli_require_ledger(o, &err) != 0))
        return cli_report(&err);
    Contract *c = contract_load(o->contract, &o->limits, &err);
    if (c == NULL)
        return cli_report(&err);
    Arena arena;
    arena_init(&arena);
    Settlement s;
    SettleInputs in = {.outcomes = o->outcomes, .incidents = o->incidents};
    SettleLedger ledger;
    SettleOutcomes file;
    char where[300];
    ledger_where(o, where, sizeof where);
    HistorySource h = history_from_outcomes(o)
                          ? settle_from_outcomes(&file, &in)
                          : settle_from_ledger(&ledger, history_ledger(o),
                                               o->dry_run ? LEDGER_READ : LEDGER_EXISTING, where);
    int rc = 0;
    if (settle_period(c, &p, &in, &h, &arena, &s, &err) != 0 ||
        ledger_agrees(c, &s, o, &arena, &err) != 0)
        rc = cli_report(&err);
    else {
        int e = emit(&s, o, &err);
        rc = e == -1 ? cli_report(&err) : e == -2 ? error_exit_status(OCE_EIO) : 0;
    }
    arena_free(&arena);
    contract_free(c);
    return rc;
}

int cli_settle(Options *o)
{
    int rc;
    if (o->contract == NULL)
        return cli_usage_error(o, "%s", "settle needs a contract script");
    if (o->period == NULL)
        return cli_usage_error(o, "%s", "settle needs --period");
    if (o->outcomes == NULL && o->incidents == NULL)
        return cli_usage_error(o, "%s", "settle needs --outcomes or --incidents");
    if (cli_bad_prefix(o->prefix))
        return cli_usage_error(o, "%s", CLI_PREFIX_RULE);
    if (o->history_from && strcmp(o->history_from, "ledger") != 0 && !history_from_outcomes(o))
        return cli_usage_error(o, "--history-from must be ledger or outcomes, not '%s'",
                               o->history_from);
    if (o->format == NULL)
        o->format = "json";
    if (format_index(o->format) < 0)
        return cli_usage_error(o, "--format must be json, text or csv, not '%s'", o->format);
    if ((rc = cli_refuse_relative_env(o)) != 0)
        return rc;
    cli_locate(o);
    return settle(o);
}
