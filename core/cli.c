#include "cli.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "arena.h"
#include "calendar.h"
#include "contract.h"
#include "digest.h"
#include "doc.h"
#include "ledger.h"
#include "error.h"
#include "history.h"
#include "incidents.h"
#include "outcomes.h"
#include "settle.h"
#include "tester.h"
#include "verify.h"
#include "writer.h"

static const char usage_main[] =
    "usage: oce [--help] [--version] COMMAND [ARGS]\n"
    "\n"
    "oce settles outcome-based contracts: each contract is a Lua script of payment and\n"
    "risk-sharing terms; oce settles a period's measured outcomes against it into an\n"
    "invoice, a shortfall report and a settlement document the vendor can verify.\n"
    "\n"
    "commands:\n"
    "  check CONTRACT.lua           load a contract in the sandbox and summarise it\n"
    "  settle CONTRACT.lua ...      settle one period (see oce settle --help)\n"
    "  test PATH                    run the test cases of a contract, or of every contract\n"
    "                               in a folder (see oce test --help)\n"
    "  finalize CONTRACT --period P give the period's settlement its invoice number\n"
    "  ledger init [FILE]           make a new ledger (oce.db here unless FILE is given)\n"
    "  ledger list                  list the settlements in the ledger (see oce ledger\n"
    "                               --help for show, export and check, and for where\n"
    "                               the ledger is found)\n"
    "  verify SETTLEMENT.json ...   check a settlement document, or settle it again and\n"
    "                               compare (see oce verify --help)\n"
    "\n"
    "exit status:\n"
    "  0  success\n"
    "  1  a contract test case failed, or a settlement document did not verify\n"
    "  2  usage error (bad command line)\n"
    "  3  invalid contract script or declaration\n"
    "  4  invalid outcomes, or a period the contract does not cover\n"
    "  5  settlement failed: a term raised an error, broke a sandbox limit, or money\n"
    "     arithmetic failed (overflow, mixed currencies)\n"
    "  6  a file could not be read or written\n"
    "  7  internal error or out of memory\n";

static const char usage_check[] =
    "usage: oce check CONTRACT.lua\n"
    "\n"
    "Loads the contract script in the sandbox, validates its declaration and prints a\n"
    "summary: id, title, parties, currency, cadence, effective dates, rounding rule, each\n"
    "metric and each term in order. Exit status 0 when the contract is valid; the others\n"
    "are listed in oce --help.\n";

static const char usage_settle[] =
    "usage: oce settle CONTRACT.lua --period PERIOD --outcomes FILE [--incidents FILE]\n"
    "                  [options]\n"
    "\n"
    "Settles one period of the contract against the measured outcomes.\n"
    "\n"
    "  --period PERIOD        2026-10 (month), 2026-Q4 (quarter) or 2026 (year)\n"
    "  --outcomes FILE        outcomes as .csv or .json (see docs/formats.md)\n"
    "  --incidents FILE       the incident log (.csv or .json) a contract derives metrics\n"
    "                         from: availability, restore times (see docs/formats.md)\n"
    "  --format FORMAT        what to print on stdout: json (default), text or csv\n"
    "  --out DIR              write <id>-<period>.json, .csv and .txt into DIR instead,\n"
    "                         all or nothing, and print a one-line summary\n"
    "  --ledger FILE          the ledger the settlement is recorded in as the period's\n"
    "                         draft, made when FILE is not there; default $OCE_LEDGER\n"
    "                         (an absolute path), the same, else oce.db in this folder or\n"
    "                         the nearest folder above it that has one, which is never\n"
    "                         made (oce ledger init)\n"
    "  --dry-run              settle without touching the ledger (it needs none; a\n"
    "                         contract that looks back reads the earlier periods)\n"
    "  --history-from SOURCE  where a contract that looks back gets its earlier periods:\n"
    "                         ledger (default), as they stand in the ledger; or outcomes,\n"
    "                         each settled in order from --outcomes (and --incidents) and\n"
    "                         recorded nowhere. The ledger then records the settlement\n"
    "                         only if it holds every earlier period as the file settles\n"
    "                         it: with --dry-run it is left alone\n"
    "  --max-instructions N   Lua instructions a settlement may run, its script's\n"
    "                         top-level code and every term (default 50000000)\n"
    "  --max-memory MIB       memory of the whole oce process in MiB (default 64)\n"
    "  --timeout MS           time the settlement's scripts may run in ms (default 5000)\n"
    "\n"
    "Nothing is written unless the whole settlement succeeds. Exit status 0 on success;\n"
    "the others are listed in oce --help.\n";

static const char usage_test[] =
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

static const char usage_verify[] =
    "usage: oce verify SETTLEMENT.json [--contract CONTRACT.lua --outcomes FILE\n"
    "                                   [--history DIR]]\n"
    "\n"
    "Checks a settlement document. Alone, it checks that the document's digest matches its\n"
    "contents. With the contract script and the outcomes file it was settled from, it checks\n"
    "that they are those files (by their SHA-256 in the document), settles the period again\n"
    "and compares the two documents, naming the first difference. Either party can verify\n"
    "the other's document this way. A contract whose terms look at earlier periods is\n"
    "settled again on their documents, each checked against its digest: the files\n"
    "<contract>-<period>.json (as oce settle --out names them) beside the document, or in\n"
    "--history DIR.\n"
    "\n"
    "  --contract FILE, --outcomes FILE   the inputs to settle again (both, or neither)\n"
    "  --incidents FILE       the incident log, for a contract that derives metrics from one\n"
    "  --history DIR          the folder of the earlier periods' settlement documents\n"
    "  --max-instructions N, --max-memory MIB, --timeout MS   as for oce settle\n"
    "\n"
    "Exit status 0 when the document verifies, 1 when it does not; the others are listed in\n"
    "oce --help.\n";

static const char usage_finalize[] =
    "usage: oce finalize CONTRACT --period PERIOD [--prefix PREFIX] [--ledger FILE]\n"
    "\n"
    "Finalises the period's settlement in the ledger: it takes the next invoice number from\n"
    "a gap-free sequence (PREFIX and six digits, INV-000001 unless --prefix or\n"
    "$OCE_INVOICE_PREFIX says otherwise) and never changes again. CONTRACT is the contract's\n"
    "id or its script. Finalising a final period again only says its number. The ledger is\n"
    "--ledger, else $OCE_LEDGER, else oce.db in this folder or the nearest folder above it\n"
    "that has one; it must be there (see oce ledger --help).\n";

static const char usage_ledger[] =
    "usage: oce ledger init [FILE]\n"
    "       oce ledger list [--contract ID] [--period PERIOD] [--ledger FILE]\n"
    "       oce ledger show NUMBER|CONTRACT/PERIOD [--format json|text] [--ledger FILE]\n"
    "       oce ledger export --period PERIOD [--format csv|json] [--ledger FILE]\n"
    "       oce ledger check [--ledger FILE]\n"
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
    "\n"
    "The ledger is --ledger, else $OCE_LEDGER, else oce.db in this folder or the nearest\n"
    "folder above it that has one, as git finds its repository: keep one ledger, make it\n"
    "once with oce ledger init in the folder the books are kept in, and run oce from there\n"
    "or below. No command makes a ledger by itself where none was named: only oce ledger\n"
    "init does, or a settle into a ledger named by --ledger or $OCE_LEDGER that is not\n"
    "there yet; every other command needs the ledger there. A file that is there must be\n"
    "a ledger (an empty or foreign file is refused). A ledger that cannot be written (a\n"
    "read-only file, folder or mount) can still be listed, shown, exported and checked.\n";

/* Where a command's ledger is: see locate. */
typedef struct Place {
    char path[4096]; /* the ledger's path; "" when none was named or found */
    int named;       /* --ledger or $OCE_LEDGER named it (else it was found) */
    char from[4096]; /* the folder the search began in, when none was named */
} Place;

typedef struct Options {
    const char *contract;     /* the one positional argument: a script, a folder, a document */
    const char *script;       /* --contract */
    const char *ledger;       /* --ledger */
    Place place;              /* the ledger, once located */
    const char *prefix;       /* --prefix */
    const char *history;      /* --history */
    const char *history_from; /* --history-from: "ledger" (the default) or "outcomes" */
    const char *incidents;    /* --incidents */
    int dry_run;
    const char *period;
    const char *outcomes;
    const char *format;
    const char *out;
    SandboxLimits limits;
    int help;
} Options;

static int usage_error(const char *usage, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const char *usage, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "oce: ");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\n\n%s", usage);
    return error_exit_status(OCE_EUSAGE);
}

static int report(const OceError *err)
{
    char buf[1024];
    error_format(err, buf, sizeof buf);
    fprintf(stderr, "oce: %s\n", buf);
    return error_exit_status(err->code);
}

static int parse_count(const char *s, long long max, long long *out)
{
    char *end;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || end == s || *end || v <= 0 || v > max)
        return -1;
    *out = v;
    return 0;
}

/* Splits "--name=value" or "--name value"; returns the value or NULL. */
static const char *option_value(int argc, char **argv, int *i, const char *name)
{
    size_t n = strlen(name);
    if (strncmp(argv[*i], name, n) != 0)
        return NULL;
    if (argv[*i][n] == '=')
        return argv[*i] + n + 1;
    if (argv[*i][n] != '\0' || *i + 1 >= argc)
        return NULL;
    return argv[++*i];
}

static int parse_limit(const char *usage, const char *opt, const char *v, long long max,
                       long long *out)
{
    if (parse_count(v, max, out) != 0)
        return usage_error(usage, "%s expects a positive whole number, got '%s'", opt, v);
    return 0;
}

static int parse_options(int argc, char **argv, const char *usage, Options *o)
{
    static const char *const valued[] = {
        "--period",     "--outcomes",  "--format",      "--out",    "--max-instructions",
        "--max-memory", "--timeout",   "--contract",    "--ledger", "--prefix",
        "--history",    "--incidents", "--history-from"};
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--dry-run") == 0) {
            o->dry_run = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = 1;
            continue;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->contract)
                return usage_error(usage, "unexpected argument '%s'", a);
            o->contract = a;
            continue;
        }
        size_t k = 0;
        for (; k < sizeof valued / sizeof valued[0]; k++)
            if ((v = option_value(argc, argv, &i, valued[k])) != NULL)
                break;
        if (v == NULL) {
            for (k = 0; k < sizeof valued / sizeof valued[0]; k++)
                if (strcmp(a, valued[k]) == 0)
                    return usage_error(usage, "option %s needs a value", a);
            return usage_error(usage, "unknown option '%s'", a);
        }
        long long n = 0;
        switch (k) {
        case 0: o->period = v; break;
        case 1: o->outcomes = v; break;
        case 2: o->format = v; break;
        case 3: o->out = v; break;
        case 4:
            if (parse_limit(usage, valued[k], v, 1000000000000LL, &n))
                return 2;
            o->limits.max_instructions = n;
            break;
        case 5:
            if (parse_limit(usage, valued[k], v, 4096, &n))
                return 2;
            o->limits.max_memory = (size_t)n << 20;
            break;
        case 6:
            if (parse_limit(usage, valued[k], v, 3600000, &n))
                return 2;
            o->limits.timeout_ms = n;
            break;
        case 7: o->script = v; break;
        case 8: o->ledger = v; break;
        case 9: o->prefix = v; break;
        case 10: o->history = v; break;
        case 11: o->incidents = v; break;
        default: o->history_from = v;
        }
    }
    return 0;
}

/* One metric a line: "availability  unit %, target 99.95, higher is better, required, ...". */
/* A declared number as the metric shows its values, to its places, but never cut: a target
 * of 99.95 on a metric of one decimal is 99.95, as settling uses it. */
static void format_declared(Money v, int places, char *buf, size_t size)
{
    if (places >= 0 && money_places(v) > places)
        places = money_places(v);
    money_format(v, places, buf, size);
}

static void print_metric(const Decl *c, const MetricDecl *m, int width)
{
    char lo[MONEY_STR_MAX], hi[MONEY_STR_MAX];
    int places = m->is_money ? c->minor_unit : m->precision;
    printf("    %-*s  unit %s", width, m->name, m->unit);
    if (m->has_target) {
        format_declared(m->target, places, lo, sizeof lo);
        printf(", target %s, %s is better", lo, decl_direction_name(m->better));
    }
    printf(", %s", m->required ? "required" : "optional");
    if (m->precision >= 0)
        printf(", %d decimal%s", m->precision, m->precision == 1 ? "" : "s");
    format_declared(m->min, places, lo, sizeof lo);
    format_declared(m->max, places, hi, sizeof hi);
    if (m->has_min && m->has_max)
        printf(", range %s to %s", lo, hi);
    else if (m->has_min)
        printf(", at least %s", lo);
    else if (m->has_max)
        printf(", at most %s", hi);
    if (m->derived) {
        static const char *const measures[] = {
            "availability",        "downtime minutes",   "excluded minutes", "incidents",
            "worst restore hours", "mean restore hours", "restore breaches"};
        const Derivation *d = &m->derivation;
        printf(", from incidents: %s", measures[d->measure]);
        if (d->severity)
            printf(" of %s", d->severity);
        printf(" of %s", d->service ? d->service : "all services");
        if (d->measure >= MEASURE_WORST_RESTORE)
            printf(", in %s hours", d->service_hours ? "service" : "clock");
    }
    printf("\n");
}

/* The calendar incidents are counted on. */
static void print_calendar(const Decl *c)
{
    static const char *const days[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
    const ServiceCalendar *sc = &c->calendar;
    printf("  time zone:  %s\n", sc->tz.name);
    if (sc->always) {
        printf("  service:    24x7\n");
    } else {
        printf("  service:   ");
        for (int d = 0; d < 7; d++)
            if (sc->week[d].from != sc->week[d].to)
                printf(" %s %02d:%02d-%02d:%02d", days[d], sc->week[d].from / 60,
                       sc->week[d].from % 60, sc->week[d].to / 60, sc->week[d].to % 60);
        printf("\n");
        if (sc->nholidays)
            printf("  holidays:   %zu days off\n", sc->nholidays);
    }
    printf("  maintenance: %zu weekly and %zu one-off windows\n", sc->nweekly, sc->nonce);
    printf("  incidents:  services");
    for (size_t i = 0; i < c->rules.nservices; i++)
        printf(" %s", c->rules.services[i]);
    printf("; excluded causes");
    for (size_t i = 0; i < c->policy.nexcluded; i++)
        printf(" %s", c->policy.excluded[i]);
    printf("%s\n", c->policy.nexcluded ? "" : " none");
}

static void print_metrics(const Decl *d, const DeclVersion *c, const char *indent);
static void print_terms(const DeclVersion *c, const char *indent);

/* The metrics and terms of the version in force; for an amendment, only what it restates. */
static void print_declaration(const Decl *d, size_t k, const char *indent)
{
    const DeclVersion *v = &d->versions[k];
    if (k > 0 && !v->owns_metrics)
        printf("%smetrics: as before\n", indent);
    if (k > 0 && !v->owns_terms)
        printf("%sterms: as before\n", indent);
    if (k > 0 && !v->owns_metrics && !v->owns_terms)
        return;
    if (k == 0 || v->owns_metrics)
        print_metrics(d, v, indent);
    if (k == 0 || v->owns_terms)
        print_terms(v, indent);
}

static void print_metrics(const Decl *d, const DeclVersion *c, const char *indent)
{
    printf("%smetrics:\n", indent);
    int width = 0;
    for (size_t i = 0; i < c->nmetrics; i++)
        if ((int)strlen(c->metrics[i].name) > width)
            width = (int)strlen(c->metrics[i].name);
    for (size_t i = 0; i < c->nmetrics; i++) {
        printf("%s", indent + 2); /* print_metric indents by 4 */
        print_metric(d, &c->metrics[i], width);
    }
}

static void print_terms(const DeclVersion *c, const char *indent)
{
    int hwidth = 4, width = 0;
    for (size_t i = 0; i < c->nterms; i++) {
        if ((int)strlen(c->terms[i]) > width)
            width = (int)strlen(c->terms[i]);
        if (c->term_helpers[i] && (int)strlen(c->term_helpers[i]) > hwidth)
            hwidth = (int)strlen(c->term_helpers[i]);
    }
    printf("%sterms, in the order they apply:\n", indent);
    for (size_t i = 0; i < c->nterms; i++)
        printf("%s  %*zu. %-*s  %-*s  line %d\n", indent, c->nterms >= 10 ? 2 : 1, i + 1, width,
               c->terms[i], hwidth, c->term_helpers[i] ? c->term_helpers[i] : "term",
               c->term_lines[i]);
}

static void print_summary(const Decl *c)
{
    char from[11], to[11];
    calendar_format_date(c->effective_from, from);
    calendar_format_date(c->effective_to, to);
    printf("%s: valid contract\n", c->path);
    printf("  id:         %s\n", c->id);
    printf("  title:      %s\n", c->title);
    printf("  customer:   %s\n", c->customer);
    printf("  vendor:     %s\n", c->vendor);
    printf("  currency:   %s (%d decimal places)\n", c->currency, c->minor_unit);
    printf("  cadence:    %s\n", decl_cadence_name(c->cadence));
    if (c->effective_to.year == 9999 && c->effective_to.month == 12 && c->effective_to.day == 31)
        printf("  effective:  from %s, open-ended\n", from);
    else
        printf("  effective:  %s to %s\n", from, to);
    printf("  rounding:   %s\n", money_rounding_name(c->rounding));
    if (c->history)
        printf("  history:    its terms look at earlier periods: settled in order from %s\n",
               history_first_period(c).id);
    else
        printf("  history:    none (history = false): each period is settled on its own\n");
    printf("  sha256:     %s\n", c->script_sha256);
    if (c->has_incidents)
        print_calendar(c);
    if (c->nversions > 1)
        printf("  version:    %s, from %s\n", c->versions[0].name, from);
    print_declaration(c, 0, "  ");
    for (size_t k = 1; k < c->nversions; k++) {
        const DeclVersion *v = &c->versions[k];
        static const char *const split[] = {"", ", split = earlier", ", split = later"};
        char since[11];
        calendar_format_date(v->effective_from, since);
        printf("  amendment:  %s, from %s%s (line %d): %s\n", v->name, since, split[v->split],
               v->line,
               v->owns_metrics && v->owns_terms ? "restates the metrics and the terms"
               : v->owns_metrics                ? "restates the metrics"
               : v->owns_terms                  ? "restates the terms"
                                                : "changes the params");
        print_declaration(c, k, "    ");
    }
}

static int cmd_check(int argc, char **argv)
{
    Options o = {0};
    int rc = parse_options(argc, argv, usage_check, &o);
    if (rc || o.help)
        return rc ? rc : (fputs(usage_check, stdout), 0);
    if (o.contract == NULL)
        return usage_error(usage_check, "%s", "check needs a contract script");
    OceError err;
    error_init(&err);
    Contract *c = contract_load(o.contract, &o.limits, &err);
    if (c == NULL)
        return report(&err);
    print_summary(&c->decl);
    contract_free(c);
    return 0;
}

static int write_stdout(const char *text)
{
    size_t n = strlen(text);
    if (fwrite(text, 1, n, stdout) != n || fflush(stdout) != 0) {
        OceError err;
        error_init(&err);
        error_set(&err, OCE_EIO, "<stdout>", 0, "cannot write: %s", strerror(errno));
        return report(&err);
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

#define LEDGER_NAME "oce.db"

/* Looks for oce.db in each folder above dir (an absolute path, which this shortens), nearest
 * first, into p->path; "" when there is none. */
static void search_above(char *dir, Place *p)
{
    struct stat st;
    p->path[0] = '\0';
    while (dir[0] == '/' && dir[1] != '\0') {
        char *slash = strrchr(dir, '/');
        slash[slash == dir ? 1 : 0] = '\0'; /* the root keeps its slash */
        size_t n = strlen(dir);
        if (n + sizeof "/" LEDGER_NAME > sizeof p->path)
            return;
        memcpy(p->path, dir, n);
        memcpy(p->path + n, dir[1] ? "/" LEDGER_NAME : LEDGER_NAME,
               sizeof "/" LEDGER_NAME - (dir[1] ? 0 : 1));
        if (lstat(p->path, &st) == 0) /* a link to nothing too: it is not passed over */
            return;
        p->path[0] = '\0';
    }
}

/* $OCE_LEDGER, or NULL when it is not set or empty. */
static const char *env_ledger(void)
{
    const char *env = getenv("OCE_LEDGER");
    return env && env[0] ? env : NULL;
}

/* $OCE_LEDGER is set once and names one ledger wherever oce runs, so it is an absolute path:
 * a relative one would name, and make, a new ledger in every folder oce is run from. */
static int check_env_ledger(const Options *o, const char *usage)
{
    const char *env = env_ledger();
    if (o->ledger != NULL || env == NULL || env[0] == '/')
        return 0;
    return usage_error(usage,
                       "$OCE_LEDGER is '%s', a relative path; it names the one ledger wherever "
                       "oce is run, so give its absolute path (or name a ledger with --ledger)",
                       env);
}

/* Locates the ledger of a command. Named: --ledger, else $OCE_LEDGER. Else found as git
 * finds its repository: oce.db in the current folder, else in the nearest folder above it
 * that has one (an absolute path then, so that messages say which). An oce.db that is a
 * symbolic link to nothing (its share not mounted) is found, and refused, rather than passed
 * over for a ledger further up. A default that is not there is never used: a settle run
 * from another folder would make a second ledger there, whose invoice numbers would start
 * at 1 again. */
static void locate(Options *o)
{
    Place *p = &o->place;
    const char *env = env_ledger();
    const char *named = o->ledger ? o->ledger : env;
    struct stat st;
    char dir[sizeof p->from];
    p->named = named != NULL;
    p->path[0] = p->from[0] = '\0';
    if (named != NULL || lstat(LEDGER_NAME, &st) == 0) {
        snprintf(p->path, sizeof p->path, "%s", named ? named : LEDGER_NAME);
        return;
    }
    if (getcwd(p->from, sizeof p->from) == NULL) {
        snprintf(p->from, sizeof p->from, "this folder");
        return;
    }
    memcpy(dir, p->from, sizeof dir);
    search_above(dir, p);
}

/* The ledger must have been named or found; the error says where it was looked for, and
 * how to make one. */
static int need_ledger(const Options *o, OceError *err)
{
    if (o->place.path[0] != '\0')
        return 0;
    return error_set(err, OCE_EIO, NULL, 0,
                     "no ledger: there is no " LEDGER_NAME
                     " in %s or in any folder above it. Make the ledger once with oce ledger "
                     "init in the folder the books are kept in (and run oce there, or below "
                     "it), or name it with --ledger FILE or $OCE_LEDGER",
                     o->place.from);
}

/* The ledger a command uses, once located: "" when there is none. */
static const char *ledger_path(const Options *o)
{
    return o->place.path;
}

/* Records the settlement as the period's draft, and says what happened on stderr (stdout may
 * be the document). */
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
    const char *path = ledger_path(o);
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
    if (ledger_path(o)[0] != '\0')
        snprintf(where, size, " (ledger %.200s)", ledger_path(o));
    else
        snprintf(where, size, " (no ledger: none in %.200s or above it)", o->place.from);
}

/* The ledger the earlier periods are read from: NULL when there is none (a dry run needs
 * none), or one is named but not there yet (it is made when the settlement is recorded, so
 * a failed or dry run leaves none at a mistyped path). */
static const char *history_ledger(const Options *o)
{
    const char *path = ledger_path(o);
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
        return error_set(err, OCE_EPERIOD, ledger_path(o), 0,
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
        (!o->dry_run && need_ledger(o, &err) != 0))
        return report(&err);
    Contract *c = contract_load(o->contract, &o->limits, &err);
    if (c == NULL)
        return report(&err);
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
        rc = report(&err);
    else {
        int e = emit(&s, o, &err);
        rc = e == -1 ? report(&err) : e == -2 ? error_exit_status(OCE_EIO) : 0;
    }
    arena_free(&arena);
    contract_free(c);
    return rc;
}

#define PREFIX_RULE                                                                                \
    "--prefix is 1 to 20 letters, digits, '-', '_' or '/', not ending in a digit (INV-)"

/* A document number prefix keeps numbers readable, sortable and safe in CSV. */
static int check_prefix(const char *p)
{
    if (p == NULL)
        p = getenv("OCE_INVOICE_PREFIX");
    if (p == NULL)
        return 0;
    size_t n = strlen(p);
    if (n == 0 || n > 20 ||
        strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                  "0123456789-_/") != n ||
        (p[n - 1] >= '0' && p[n - 1] <= '9'))
        return -1;
    return 0;
}

static int cmd_settle(int argc, char **argv)
{
    Options o = {0};
    int rc = parse_options(argc, argv, usage_settle, &o);
    if (rc || o.help)
        return rc ? rc : (fputs(usage_settle, stdout), 0);
    if (o.contract == NULL)
        return usage_error(usage_settle, "%s", "settle needs a contract script");
    if (o.period == NULL)
        return usage_error(usage_settle, "%s", "settle needs --period");
    if (o.outcomes == NULL && o.incidents == NULL)
        return usage_error(usage_settle, "%s", "settle needs --outcomes or --incidents");
    if (check_prefix(o.prefix) != 0)
        return usage_error(usage_settle, "%s", PREFIX_RULE);
    if (o.history)
        return usage_error(usage_settle, "%s",
                           "settle reads the earlier periods from the ledger, not --history");
    if (o.history_from && strcmp(o.history_from, "ledger") != 0 && !history_from_outcomes(&o))
        return usage_error(usage_settle, "--history-from must be ledger or outcomes, not '%s'",
                           o.history_from);
    if (o.format == NULL)
        o.format = "json";
    if (format_index(o.format) < 0)
        return usage_error(usage_settle, "--format must be json, text or csv, not '%s'", o.format);
    if ((rc = check_env_ledger(&o, usage_settle)) != 0)
        return rc;
    locate(&o);
    return settle(&o);
}

/* --- oce test ------------------------------------------------------------------------- */

typedef struct Tally {
    size_t contracts, cases, failed, untested;
} Tally;

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* The tests file of a contract script: "x.lua" has "x.tests.lua". */
static char *tests_path(const char *contract)
{
    size_t n = strlen(contract) - (ends_with(contract, ".lua") ? 4 : 0);
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
    Contract *c = contract_load(path, &o->limits, &err);
    int rc = 0;
    if (c == NULL || cases_load(tests, &o->limits, &arena, &file, &err) != 0) {
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
        else if (ends_with(paths[i], ".lua") && !ends_with(paths[i], ".tests.lua"))
            rc = test_contract(paths[i], o, tally);
    }
    for (size_t i = 0; i < n; i++)
        free(paths[i]);
    free(paths);
    return rc;
}

static int cmd_test(int argc, char **argv)
{
    Options o = {0};
    int rc = parse_options(argc, argv, usage_test, &o);
    if (rc || o.help)
        return rc ? rc : (fputs(usage_test, stdout), 0);
    if (o.contract == NULL)
        return usage_error(usage_test, "%s", "test needs a contract script or a folder");
    if (o.period || o.outcomes || o.format || o.out || o.history || o.history_from)
        return usage_error(usage_test, "%s", "test takes the periods and outcomes from its cases");
    struct stat st;
    if (stat(o.contract, &st) != 0) {
        OceError err;
        error_init(&err);
        error_set(&err, OCE_EIO, o.contract, 0, "cannot open: %s", strerror(errno));
        return report(&err);
    }
    if (ends_with(o.contract, ".tests.lua"))
        return usage_error(usage_test, "%s is a tests file: give the contract script beside it",
                           o.contract);
    Tally tally = {0};
    if (S_ISDIR(st.st_mode)) {
        size_t len = strlen(o.contract);
        while (len > 1 && o.contract[len - 1] == '/')
            len--;
        char *dir = strndup(o.contract, len);
        rc = dir ? test_folder(dir, &o, &tally, 0) : -1;
        free(dir);
    } else {
        rc = test_contract(o.contract, &o, &tally);
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
        fprintf(stderr, "oce: %s: no contract scripts found\n", o.contract);
        return error_exit_status(OCE_EUSAGE);
    }
    return tally.failed ? 1 : 0;
}

/* The contract id a command names: an id as given, or the id a script declares. */
static int contract_id(const Options *o, char *id, size_t size, OceError *err)
{
    if (!ends_with(o->contract, ".lua")) {
        snprintf(id, size, "%s", o->contract);
        return 0;
    }
    Contract *c = contract_load(o->contract, &o->limits, err);
    if (c == NULL)
        return -1;
    snprintf(id, size, "%s", c->decl.id);
    contract_free(c);
    return 0;
}

static int cmd_finalize(int argc, char **argv)
{
    Options o = {0};
    int rc = parse_options(argc, argv, usage_finalize, &o);
    if (rc || o.help)
        return rc ? rc : (fputs(usage_finalize, stdout), 0);
    if (o.contract == NULL || o.period == NULL)
        return usage_error(usage_finalize, "%s", "finalize needs a contract and --period");
    if (o.dry_run || o.outcomes || o.out || o.format || o.script || o.history || o.history_from)
        return usage_error(usage_finalize, "%s",
                           "finalize takes a contract, --period, --prefix and --ledger only");
    if (check_prefix(o.prefix) != 0)
        return usage_error(usage_finalize, "%s", PREFIX_RULE);
    OceError err;
    error_init(&err);
    char id[128], number[64];
    Period p;
    const char *prefix = o.prefix ? o.prefix : getenv("OCE_INVOICE_PREFIX");
    if ((rc = check_env_ledger(&o, usage_finalize)) != 0)
        return rc;
    locate(&o);
    if (calendar_parse_period(o.period, &p, &err) != 0 || need_ledger(&o, &err) != 0 ||
        contract_id(&o, id, sizeof id, &err) != 0)
        return report(&err);
    Ledger *l = ledger_open(ledger_path(&o), LEDGER_EXISTING, &err);
    int already = 0;
    rc = l != NULL &&
                 ledger_finalize(l, id, p.id, prefix ? prefix : "INV-", number, &already, &err) == 0
             ? 0
             : -1;
    ledger_close(l);
    if (rc != 0)
        return report(&err);
    printf("%s %s: %s invoice %s\n", id, p.id, already ? "already final as" : "final as", number);
    return 0;
}

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

static int ledger_sub(const char *sub, Ledger *l, const Options *o, OceError *err)
{
    if (strcmp(sub, "list") == 0) {
        size_t n = 0;
        if (ledger_list(l, o->script, o->period, print_entry, &n, err) != 0)
            return -1;
        if (n == 0)
            printf("no settlements in %s\n", ledger_path(o));
        return 0;
    }
    if (strcmp(sub, "show") == 0) {
        char *doc = ledger_show(l, o->contract, err);
        int rc = doc == NULL                                   ? -1
                 : o->format && strcmp(o->format, "text") == 0 ? show_text(doc)
                                                               : (fputs(doc, stdout), 0);
        free(doc);
        return rc;
    }
    if (strcmp(sub, "export") == 0) {
        size_t drafts;
        char *out =
            ledger_export(l, o->period, o->format && strcmp(o->format, "json") == 0, &drafts, err);
        if (out == NULL)
            return -1;
        fputs(out, stdout);
        free(out);
        if (drafts)
            fprintf(stderr, "oce: %s: %zu settlement%s of %s still draft, not exported\n",
                    ledger_path(o), drafts, drafts == 1 ? "" : "s", o->period);
        return 0;
    }
    char problem[300];
    if (ledger_check(l, problem, sizeof problem, err) != 0)
        return -1;
    if (problem[0] != '\0')
        return error_set(err, OCE_EIO, ledger_path(o), 0, "ledger check: %s", problem);
    printf("%s: ok\n", ledger_path(o));
    return 0;
}

/* oce ledger init [FILE]: a new ledger where there is no file, and only there. */
static int ledger_init(Options *o)
{
    if (o->contract && o->ledger)
        return usage_error(usage_ledger, "%s", "give the new ledger's file once");
    if (o->period || o->format || o->script || o->dry_run || o->outcomes || o->out || o->prefix ||
        o->history || o->incidents || o->history_from)
        return usage_error(usage_ledger, "%s", "ledger init takes the ledger's file only");
    const char *env = env_ledger();
    int rc = o->contract ? 0 : check_env_ledger(o, usage_ledger);
    if (rc != 0)
        return rc;
    const char *path = o->contract ? o->contract : o->ledger ? o->ledger : env ? env : LEDGER_NAME;
    OceError err;
    error_init(&err);
    Ledger *l = ledger_open(path, LEDGER_INIT, &err);
    if (l == NULL)
        return report(&err);
    ledger_close(l);
    printf("%s: a new, empty ledger\n", path);
    /* One made here hides a ledger further up from the commands run here: say so. */
    Place up;
    if (strcmp(path, LEDGER_NAME) == 0 && getcwd(up.from, sizeof up.from) != NULL) {
        search_above(up.from, &up);
        if (up.path[0] != '\0')
            fprintf(stderr,
                    "oce: note: %s is a ledger too, in a folder above: commands run in this "
                    "folder, or below it, now use the new one\n",
                    up.path);
    }
    return 0;
}

static int cmd_ledger(int argc, char **argv)
{
    static const char *const subs[] = {"list", "show", "export", "check", "init"};
    if (argc < 1 || strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)
        return argc < 1 ? usage_error(usage_ledger, "%s",
                                      "ledger needs a subcommand: init, list, show, export or "
                                      "check")
                        : (fputs(usage_ledger, stdout), 0);
    size_t k = 0;
    while (k < 5 && strcmp(argv[0], subs[k]) != 0)
        k++;
    if (k == 5)
        return usage_error(usage_ledger, "unknown ledger subcommand '%s'", argv[0]);
    Options o = {0};
    int rc = parse_options(argc - 1, argv + 1, usage_ledger, &o);
    if (rc || o.help)
        return rc ? rc : (fputs(usage_ledger, stdout), 0);
    if (k == 4)
        return ledger_init(&o);
    if ((k == 1) != (o.contract != NULL))
        return usage_error(usage_ledger, "%s",
                           k == 1 ? "ledger show needs a number or CONTRACT/PERIOD"
                                  : "unexpected argument");
    if (k == 2 && o.period == NULL)
        return usage_error(usage_ledger, "%s", "ledger export needs --period");
    Period p;
    if (o.period && calendar_parse_period(o.period, &p, NULL) != 0)
        return usage_error(usage_ledger, "'%s' is not a period such as 2026-10, 2026-Q4 or 2026",
                           o.period);
    if (o.dry_run || o.outcomes || o.out || o.prefix || o.history || o.history_from ||
        (o.format && k != 1 && k != 2) || (o.script && k != 0) || (o.period && k != 0 && k != 2))
        return usage_error(usage_ledger, "%s", "an option this ledger subcommand does not take");
    if (o.format && strcmp(o.format, k == 1 ? "text" : "csv") != 0 && strcmp(o.format, "json") != 0)
        return usage_error(usage_ledger, "--format must be %s",
                           k == 1 ? "json or text" : "csv or json");
    if ((rc = check_env_ledger(&o, usage_ledger)) != 0)
        return rc;
    OceError err;
    error_init(&err);
    locate(&o);
    Ledger *l =
        need_ledger(&o, &err) == 0 ? ledger_open(ledger_path(&o), LEDGER_INSPECT, &err) : NULL;
    rc = l != NULL && ledger_sub(subs[k], l, &o, &err) == 0 ? 0 : -1;
    ledger_close(l);
    return rc != 0 ? report(&err) : 0;
}

static int cmd_verify(int argc, char **argv)
{
    Options o = {0};
    int rc = parse_options(argc, argv, usage_verify, &o);
    if (rc || o.help)
        return rc ? rc : (fputs(usage_verify, stdout), 0);
    if (o.contract == NULL)
        return usage_error(usage_verify, "%s", "verify needs a settlement document");
    if ((o.script == NULL) != (o.outcomes == NULL && o.incidents == NULL))
        return usage_error(usage_verify, "%s",
                           "give both --contract and --outcomes to settle again (and --incidents "
                           "for a contract that derives metrics from an incident log), or "
                           "neither");
    if (o.period || o.format || o.out)
        return usage_error(usage_verify, "%s", "verify takes the period from the document");
    if (o.history_from)
        return usage_error(usage_verify, "%s",
                           "verify settles on the earlier periods' documents (--history DIR), "
                           "not --history-from");
    if (o.history && o.script == NULL)
        return usage_error(usage_verify, "%s",
                           "--history is for settling again: give --contract and --outcomes");
    OceError err;
    error_init(&err);
    VerifyResult r = {0};
    if (verify_document(o.contract, o.script, o.outcomes, o.incidents, o.history, &o.limits, &r,
                        &err) != 0)
        return report(&err);
    printf("%s: %s\n", o.contract, r.message);
    return r.verified ? 0 : 1;
}

int cli_main(int argc, char **argv)
{
    if (digest_init() != 0) {
        fprintf(stderr, "oce: cannot initialise the digest library\n");
        return error_exit_status(OCE_EINTERNAL);
    }
    OceError err;
    error_init(&err);
    if (sandbox_watchdog_enable("oce: ", error_exit_status(OCE_ELIMIT), &err) != 0)
        return report(&err);
    if (argc < 2)
        return usage_error(usage_main, "%s", "no command given");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
        return fputs(usage_main, stdout), 0;
    if (strcmp(cmd, "--version") == 0) {
        printf("oce %s\n", OCE_VERSION);
        return 0;
    }
    if (strcmp(cmd, "check") == 0)
        return cmd_check(argc - 2, argv + 2);
    if (strcmp(cmd, "settle") == 0)
        return cmd_settle(argc - 2, argv + 2);
    if (strcmp(cmd, "test") == 0)
        return cmd_test(argc - 2, argv + 2);
    if (strcmp(cmd, "verify") == 0)
        return cmd_verify(argc - 2, argv + 2);
    if (strcmp(cmd, "finalize") == 0)
        return cmd_finalize(argc - 2, argv + 2);
    if (strcmp(cmd, "ledger") == 0)
        return cmd_ledger(argc - 2, argv + 2);
    return usage_error(usage_main, "unknown command '%s'", cmd);
}
