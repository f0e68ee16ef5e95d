#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli_cmd.h"
#include "digest.h"
#include "error.h"
#include "sandbox.h"

/* --- The commands ----------------------------------------------------------------------- */

static const Refusal settle_refusals[] = {
    {CLI_BIT(OPT_HISTORY), "settle reads the earlier periods from the ledger, not --history"},
    {0, NULL}};

static const Refusal run_refusals[] = {
    {CLI_BIT(OPT_HISTORY) | CLI_BIT(OPT_HISTORY_FROM),
     "run settles the earlier periods a contract looks back at from its own outcomes"},
    {0, NULL}};

static const Refusal test_refusals[] = {{CLI_BIT(OPT_PERIOD) | CLI_BIT(OPT_OUTCOMES) |
                                             CLI_BIT(OPT_FORMAT) | CLI_BIT(OPT_OUT) |
                                             CLI_BIT(OPT_HISTORY) | CLI_BIT(OPT_HISTORY_FROM),
                                         "test takes the periods and outcomes from its cases"},
                                        {0, NULL}};

static const Refusal finalize_refusals[] = {
    {~0u, "finalize takes a contract, --period, --prefix and --ledger only"}, {0, NULL}};

static const Refusal ledger_init_refusals[] = {{~0u, "ledger init takes the ledger's file only"},
                                               {0, NULL}};

static const Refusal ledger_refusals[] = {{~0u, "an option this ledger subcommand does not take"},
                                          {0, NULL}};

static const Refusal verify_refusals[] = {
    {CLI_BIT(OPT_PERIOD) | CLI_BIT(OPT_FORMAT) | CLI_BIT(OPT_OUT),
     "verify takes the period from the document"},
    {CLI_BIT(OPT_HISTORY_FROM),
     "verify settles on the earlier periods' documents (--history DIR), not --history-from"},
    {0, NULL}};

/* The commands, a row each, in the order oce --help lists them. A new command is a row here,
 * its bit in the rows of the options it takes, and its file. */
const Command cli_commands[NCOMMANDS] = {
    [CMD_CHECK] = {"check", NULL, "check CONTRACT.lua",
                   "load a contract in the sandbox and summarise it", cli_check_usage, NULL, NULL,
                   cli_check},
    [CMD_SETTLE] = {"settle", NULL, "settle CONTRACT.lua ...",
                    "settle one period (see oce settle --help)", cli_settle_usage,
                    cli_settle_usage_end, settle_refusals, cli_settle},
    [CMD_RUN] = {"run", NULL, "run FOLDER --period P",
                 "settle the period across every contract of a folder\n"
                 "(see oce run --help)",
                 cli_run_usage, cli_run_usage_end, run_refusals, cli_run},
    [CMD_TEST] = {"test", NULL, "test PATH",
                  "run the test cases of a contract, or of every contract\n"
                  "in a folder (see oce test --help)",
                  cli_test_usage, NULL, test_refusals, cli_test},
    [CMD_FINALIZE] = {"finalize", NULL, "finalize CONTRACT --period P",
                      "give the period's settlement its invoice number", cli_finalize_usage, NULL,
                      finalize_refusals, cli_finalize},
    [CMD_LEDGER_INIT] = {"ledger", "init", "ledger init [FILE]",
                         "make a new ledger (oce.db here unless FILE is given)", cli_ledger_usage,
                         NULL, ledger_init_refusals, cli_ledger_init},
    [CMD_LEDGER_LIST] = {"ledger", "list", "ledger list",
                         "list the settlements in the ledger (see oce ledger\n"
                         "--help for show, export, check and merge, and for\n"
                         "where the ledger is found)",
                         cli_ledger_usage, NULL, ledger_refusals, cli_ledger},
    [CMD_LEDGER_SHOW] = {"ledger", "show", NULL, NULL, cli_ledger_usage, NULL, ledger_refusals,
                         cli_ledger},
    [CMD_LEDGER_EXPORT] = {"ledger", "export", NULL, NULL, cli_ledger_usage, NULL, ledger_refusals,
                           cli_ledger},
    [CMD_LEDGER_CHECK] = {"ledger", "check", NULL, NULL, cli_ledger_usage, NULL, ledger_refusals,
                          cli_ledger},
    [CMD_LEDGER_MERGE] = {"ledger", "merge", NULL, NULL, cli_ledger_usage, NULL, ledger_refusals,
                          cli_ledger_merge, 1},
    [CMD_VERIFY] = {"verify", NULL, "verify SETTLEMENT.json ...",
                    "check a settlement document, or settle it again and\n"
                    "compare (see oce verify --help)",
                    cli_verify_usage, NULL, verify_refusals, cli_verify},
};

/* --- The options ------------------------------------------------------------------------ */

#define C(id) CLI_BIT(CMD_##id)
#define LEDGER_ALL                                                                                 \
    (C(LEDGER_INIT) | C(LEDGER_LIST) | C(LEDGER_SHOW) | C(LEDGER_EXPORT) | C(LEDGER_CHECK) |       \
     C(LEDGER_MERGE))
#define RUNS_LUA (C(CHECK) | C(SETTLE) | C(RUN) | C(TEST) | C(VERIFY))
#define VALUE(field) offsetof(Options, field), NULL

static int set_instructions(Options *o, const Option *opt, const char *v);
static int set_memory(Options *o, const Option *opt, const char *v);
static int set_timeout(Options *o, const Option *opt, const char *v);
static int set_jobs(Options *o, const Option *opt, const char *v);

/* The options, a row each: what they set, the commands that take them, their help. */
const Option cli_options[NOPTIONS] = {
    [OPT_PERIOD] = {"--period", "PERIOD", VALUE(period),
                    C(SETTLE) | C(RUN) | C(FINALIZE) | C(LEDGER_LIST) | C(LEDGER_EXPORT),
                    "2026-10 (month), 2026-Q4 (quarter) or 2026 (year)"},
    [OPT_OUTCOMES] = {"--outcomes", "FILE", VALUE(outcomes), C(SETTLE) | C(RUN) | C(VERIFY),
                      "outcomes as .csv or .json (see docs/formats.md)"},
    [OPT_INCIDENTS] = {"--incidents", "FILE", VALUE(incidents), C(SETTLE) | C(RUN) | C(VERIFY),
                       "the incident log (.csv or .json) a contract derives metrics\n"
                       "from: availability, restore times (see docs/formats.md)"},
    [OPT_FORMAT] = {"--format", "FORMAT", VALUE(format),
                    C(SETTLE) | C(LEDGER_SHOW) | C(LEDGER_EXPORT),
                    "what to print on stdout: json (default), text or csv"},
    [OPT_OUT] = {"--out", "DIR", VALUE(out), C(SETTLE) | C(RUN),
                 "settle: write <id>-<period>.json, .csv and .txt into DIR\n"
                 "instead, all or nothing, and print a one-line summary;\n"
                 "run: where settlements.jsonl and summary.json go (default\n"
                 "out/run-PERIOD)"},
    [OPT_LEDGER] = {"--ledger", "FILE", VALUE(ledger),
                    C(SETTLE) | C(RUN) | C(FINALIZE) | LEDGER_ALL,
                    "the ledger the settlement is recorded in as the period's\n"
                    "draft, made when FILE is not there; default $OCE_LEDGER\n"
                    "(an absolute path), the same, else oce.db in this folder or\n"
                    "the nearest folder above it that has one, which is never\n"
                    "made (oce ledger init)"},
    [OPT_PREFIX] = {"--prefix", "PREFIX", VALUE(prefix),
                    C(SETTLE) | C(RUN) | C(FINALIZE) | C(LEDGER_MERGE),
                    "the prefix of the number a final period's credit or debit\n"
                    "note takes (INV- unless $OCE_INVOICE_PREFIX says otherwise;\n"
                    "see oce finalize --help)"},
    [OPT_DRY_RUN] = {"--dry-run", NULL, VALUE(dry_run), C(SETTLE),
                     "settle without touching the ledger (it needs none; a\n"
                     "contract that looks back reads the earlier periods)"},
    [OPT_HISTORY_FROM] = {"--history-from", "SOURCE", VALUE(history_from), C(SETTLE),
                          "where a contract that looks back gets its earlier periods:\n"
                          "ledger (default), as they stand in the ledger; or outcomes,\n"
                          "each settled in order from --outcomes (and --incidents) and\n"
                          "recorded nowhere. The ledger then records the settlement\n"
                          "only if it holds every earlier period as the file settles\n"
                          "it: with --dry-run it is left alone"},
    [OPT_MAX_INSTRUCTIONS] = {"--max-instructions", "N", 0, set_instructions, RUNS_LUA,
                              "Lua instructions a settlement may run, its script's\n"
                              "top-level code and every term (default 50000000)"},
    [OPT_MAX_MEMORY] = {"--max-memory", "MIB", 0, set_memory, RUNS_LUA,
                        "memory of the whole oce process in MiB (default 64)"},
    [OPT_TIMEOUT] = {"--timeout", "MS", 0, set_timeout, RUNS_LUA,
                     "time the settlement's scripts may run in ms (default 5000)"},
    [OPT_CONTRACT] = {"--contract", "FILE", VALUE(script), C(VERIFY) | C(LEDGER_LIST),
                      "the contract script to settle the document again with (verify),\n"
                      "or the contract id whose settlements to list (ledger list)"},
    [OPT_HISTORY] = {"--history", "DIR", VALUE(history), C(VERIFY),
                     "the folder of the earlier periods' settlement documents"},
    [OPT_QUIET] = {"--quiet", NULL, VALUE(quiet), C(RUN),
                   "no progress bar (there is none when stderr is not a terminal)"},
    [OPT_PORTFOLIO] = {"--portfolio", "FILE", VALUE(portfolio), C(RUN),
                       "run the contracts of a portfolio instead of a folder: .csv\n"
                       "(contract_id,template,PARAM,...) or .jsonl (see\n"
                       "docs/formats.md), each made from TEMPLATES/<template>.lua"},
    [OPT_TEMPLATES] = {"--templates", "DIR", VALUE(templates), C(RUN),
                       "the folder of the portfolio's templates"},
    [OPT_JOBS] = {"--jobs", "N", 0, set_jobs, C(RUN),
                  "with --portfolio: the worker processes that settle it (default\n"
                  "one a core); a contract that kills its worker costs only itself"},
    [OPT_SHARD] = {"--shard", "K/N", VALUE(shard), C(RUN),
                   "settle only shard K of N of the portfolio: the contracts\n"
                   "whose id hashes to it (the same on every machine)"},
};

/* --- Usage ------------------------------------------------------------------------------ */

static const char usage_main[] =
    "usage: oce [--help] [--version] COMMAND [ARGS]\n"
    "\n"
    "oce settles outcome-based contracts: each contract is a Lua script of payment and\n"
    "risk-sharing terms; oce settles a period's measured outcomes against it into an\n"
    "invoice, a shortfall report and a settlement document the vendor can verify.\n"
    "\n"
    "commands:\n";

static const char usage_main_end[] =
    "\n"
    "exit status:\n"
    "  0  success\n"
    "  1  a contract test case failed, a settlement document did not verify, or a\n"
    "     contract of oce run failed (the others are settled and written)\n"
    "  2  usage error (bad command line)\n"
    "  3  invalid contract script or declaration\n"
    "  4  invalid outcomes, or a period the contract does not cover\n"
    "  5  settlement failed: a term raised an error, broke a sandbox limit, or money\n"
    "     arithmetic failed (overflow, mixed currencies)\n"
    "  6  a file could not be read or written\n"
    "  7  internal error or out of memory\n";

/* "  HEAD text": HEAD padded to width, the text's further lines indented under its first. */
static void print_item(FILE *f, const char *head, int width, const char *text)
{
    fprintf(f, "  %-*s ", width, head);
    for (const char *p = text;; p++) {
        size_t n = strcspn(p, "\n");
        fprintf(f, "%.*s\n", (int)n, p);
        p += n;
        if (p[0] == '\0' || p[1] == '\0')
            return;
        fprintf(f, "%*s", width + 3, "");
    }
}

static void print_option(FILE *f, const Option *opt)
{
    char head[64];
    snprintf(head, sizeof head, "%s%s%s", opt->name, opt->arg ? " " : "", opt->arg ? opt->arg : "");
    print_item(f, head, 22, opt->help);
}

void cli_usage(const Command *cmd, FILE *f)
{
    if (cmd == NULL) {
        fputs(usage_main, f);
        for (size_t k = 0; k < NCOMMANDS; k++)
            if (cli_commands[k].synopsis != NULL)
                print_item(f, cli_commands[k].synopsis, 28, cli_commands[k].summary);
        fputs(usage_main_end, f);
        return;
    }
    fputs(cmd->usage, f);
    if (cmd->usage_end == NULL)
        return;
    unsigned bit = CLI_BIT(cmd - cli_commands);
    for (size_t k = 0; k < NOPTIONS; k++)
        if (cli_options[k].commands & bit)
            print_option(f, &cli_options[k]);
    fputs(cmd->usage_end, f);
}

/* A usage error of the command (NULL: of oce itself): the message, then the usage. */
static int vusage_error(const Command *cmd, const char *fmt, va_list ap)
{
    fprintf(stderr, "oce: ");
    vfprintf(stderr, fmt, ap);
    fprintf(stderr, "\n\n");
    cli_usage(cmd, stderr);
    return error_exit_status(OCE_EUSAGE);
}

static int usage_error(const Command *cmd, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static int usage_error(const Command *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vusage_error(cmd, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_usage_error(const Options *o, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int rc = vusage_error(o->cmd, fmt, ap);
    va_end(ap);
    return rc;
}

int cli_report(const OceError *err)
{
    char buf[1024];
    error_format(err, buf, sizeof buf);
    fprintf(stderr, "oce: %s\n", buf);
    return error_exit_status(err->code);
}

int cli_ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

/* --- Reading a command line ------------------------------------------------------------- */

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

/* A sandbox limit: a whole number from 1 to max, or a usage error. */
static int parse_limit(Options *o, const Option *opt, const char *v, long long max, long long *out)
{
    if (parse_count(v, max, out) != 0)
        return cli_usage_error(o, "%s expects a positive whole number, got '%s'", opt->name, v);
    return 0;
}

static int set_instructions(Options *o, const Option *opt, const char *v)
{
    long long n = 0;
    int rc = parse_limit(o, opt, v, 1000000000000LL, &n);
    if (rc == 0)
        o->limits.max_instructions = n;
    return rc;
}

/* A process of at most 4 GiB. */
static int set_memory(Options *o, const Option *opt, const char *v)
{
    long long n = 0;
    int rc = parse_limit(o, opt, v, 4096, &n);
    if (rc == 0)
        o->limits.max_memory = (size_t)n << 20;
    return rc;
}

/* At most 256 workers. */
static int set_jobs(Options *o, const Option *opt, const char *v)
{
    return parse_limit(o, opt, v, 256, &o->jobs);
}

/* At most an hour. */
static int set_timeout(Options *o, const Option *opt, const char *v)
{
    long long n = 0;
    int rc = parse_limit(o, opt, v, 3600000, &n);
    if (rc == 0)
        o->limits.timeout_ms = n;
    return rc;
}

/* The row of "--name" or "--name=value" (then *value is what follows '='), or NULL. A flag
 * takes no value: "--dry-run=1" is no option. */
static const Option *find_option(const char *a, const char **value)
{
    for (size_t k = 0; k < NOPTIONS; k++) {
        const Option *opt = &cli_options[k];
        size_t n = strlen(opt->name);
        if (strncmp(a, opt->name, n) != 0 || (a[n] != '\0' && (a[n] != '=' || !opt->arg)))
            continue;
        *value = a[n] == '=' ? a + n + 1 : NULL;
        return opt;
    }
    return NULL;
}

/* The command's message for an option it does not take. */
static int refuse(const Options *o, const Option *opt)
{
    const Refusal *r = o->cmd->refusals;
    for (; r != NULL && r->why != NULL; r++)
        if (r->options & CLI_BIT(opt - cli_options))
            return cli_usage_error(o, "%s", r->why);
    return cli_usage_error(o, "%s does not take %s", o->cmd->name, opt->name);
}

/* Sets what the option sets. */
static int set_option(Options *o, const Option *opt, const char *v)
{
    if (opt->set != NULL)
        return opt->set(o, opt, v);
    if (opt->arg != NULL)
        *(const char **)(void *)((char *)o + opt->field) = v;
    else
        *(int *)(void *)((char *)o + opt->field) = 1;
    return 0;
}

/* Left to right, stopping at the first word in error; an option given twice keeps its last
 * value. An option the command does not take is refused once the line is read, unless it
 * asks for --help: a word in error before or after it is named first. */
int cli_parse(int argc, char **argv, Options *o)
{
    unsigned bit = CLI_BIT(o->cmd - cli_commands);
    const Option *refused = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i], *v = NULL;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            o->help = 1;
            continue;
        }
        if (a[0] != '-' || strcmp(a, "-") == 0) {
            if (o->contract && !o->cmd->many)
                return cli_usage_error(o, "unexpected argument '%s'", a);
            if (o->cmd->many) {
                if (o->args == NULL && (o->args = calloc((size_t)argc, sizeof *o->args)) == NULL)
                    return cli_usage_error(o, "%s", "out of memory");
                o->args[o->nargs++] = a;
            }
            if (o->contract == NULL)
                o->contract = a;
            continue;
        }
        const Option *opt = find_option(a, &v);
        if (opt == NULL)
            return cli_usage_error(o, "unknown option '%s'", a);
        if (opt->arg != NULL && v == NULL) {
            if (i + 1 >= argc)
                return cli_usage_error(o, "option %s needs a value", a);
            v = argv[++i];
        }
        int rc = set_option(o, opt, v);
        if (rc != 0)
            return rc;
        if (!(opt->commands & bit) && refused == NULL)
            refused = opt;
    }
    return refused != NULL && !o->help ? refuse(o, refused) : 0;
}

/* --- Where the ledger is ---------------------------------------------------------------- */

void cli_search_above(char *dir, Place *p)
{
    struct stat st;
    p->path[0] = '\0';
    while (dir[0] == '/' && dir[1] != '\0') {
        char *slash = strrchr(dir, '/');
        slash[slash == dir ? 1 : 0] = '\0'; /* the root keeps its slash */
        size_t n = strlen(dir);
        if (n + sizeof "/" CLI_LEDGER_NAME > sizeof p->path)
            return;
        memcpy(p->path, dir, n);
        memcpy(p->path + n, dir[1] ? "/" CLI_LEDGER_NAME : CLI_LEDGER_NAME,
               sizeof "/" CLI_LEDGER_NAME - (dir[1] ? 0 : 1));
        if (lstat(p->path, &st) == 0) /* a link to nothing too: it is not passed over */
            return;
        p->path[0] = '\0';
    }
}

/* $OCE_LEDGER, or NULL when it is not set or empty. */
const char *cli_env_ledger(void)
{
    const char *env = getenv("OCE_LEDGER");
    return env && env[0] ? env : NULL;
}

/* $OCE_LEDGER is set once and names one ledger wherever oce runs, so it is an absolute path:
 * a relative one would name, and make, a new ledger in every folder oce is run from. */
int cli_refuse_relative_env(const Options *o)
{
    const char *env = cli_env_ledger();
    if (o->ledger != NULL || env == NULL || env[0] == '/')
        return 0;
    return cli_usage_error(o,
                           "$OCE_LEDGER is '%s', a relative path; it names the one ledger "
                           "wherever oce is run, so give its absolute path (or name a ledger "
                           "with --ledger)",
                           env);
}

/* Named: --ledger, else $OCE_LEDGER. Else found as git finds its repository: oce.db in the
 * current folder, else in the nearest folder above it that has one (an absolute path then,
 * so that messages say which). An oce.db that is a symbolic link to nothing (its share not
 * mounted) is found, and refused, rather than passed over for a ledger further up. A default
 * that is not there is never used: a settle run from another folder would make a second
 * ledger there, whose invoice numbers would start at 1 again. */
void cli_locate(Options *o)
{
    Place *p = &o->place;
    const char *env = cli_env_ledger();
    const char *named = o->ledger ? o->ledger : env;
    struct stat st;
    char dir[sizeof p->from];
    p->named = named != NULL;
    p->path[0] = p->from[0] = '\0';
    if (named != NULL || lstat(CLI_LEDGER_NAME, &st) == 0) {
        snprintf(p->path, sizeof p->path, "%s", named ? named : CLI_LEDGER_NAME);
        return;
    }
    if (getcwd(p->from, sizeof p->from) == NULL) {
        snprintf(p->from, sizeof p->from, "this folder");
        return;
    }
    memcpy(dir, p->from, sizeof dir);
    cli_search_above(dir, p);
}

int cli_require_ledger(const Options *o, OceError *err)
{
    if (o->place.path[0] != '\0')
        return 0;
    return error_set(err, OCE_EIO, NULL, 0,
                     "no ledger: there is no " CLI_LEDGER_NAME
                     " in %s or in any folder above it. Make the ledger once with oce ledger "
                     "init in the folder the books are kept in (and run oce there, or below "
                     "it), or name it with --ledger FILE or $OCE_LEDGER",
                     o->place.from);
}

const char *cli_place_path(const Options *o)
{
    return o->place.path;
}

/* A document number prefix keeps numbers readable, sortable and safe in CSV. */
int cli_bad_prefix(const char *p)
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

/* --- Dispatch --------------------------------------------------------------------------- */

/* The subcommand argv[0] names among the rows of the command group (its first row), or NULL
 * after a usage error or its --help; *rc is then the exit status. */
static const Command *find_sub(const Command *group, int argc, char **argv, int *rc)
{
    char subs[200] = "";
    size_t n = 0, count = 0, len = 0;
    for (const Command *c = group; c < cli_commands + NCOMMANDS; c++)
        count += strcmp(c->name, group->name) == 0;
    for (const Command *c = group; c < cli_commands + NCOMMANDS && len < sizeof subs; c++)
        if (strcmp(c->name, group->name) == 0)
            len += (size_t)snprintf(subs + len, sizeof subs - len, "%s%s",
                                    n++ == 0     ? ""
                                    : n == count ? " or "
                                                 : ", ",
                                    c->sub);
    if (argc < 1) {
        *rc = usage_error(group, "%s needs a subcommand: %s", group->name, subs);
        return NULL;
    }
    if (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0) {
        cli_usage(group, stdout);
        *rc = 0;
        return NULL;
    }
    for (const Command *c = group; c < cli_commands + NCOMMANDS; c++)
        if (strcmp(c->name, group->name) == 0 && strcmp(c->sub, argv[0]) == 0)
            return c;
    *rc = usage_error(group, "unknown %s subcommand '%s'", group->name, argv[0]);
    return NULL;
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
        return cli_report(&err);
    if (argc < 2)
        return usage_error(NULL, "%s", "no command given");
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0)
        return cli_usage(NULL, stdout), 0;
    if (strcmp(name, "--version") == 0) {
        printf("oce %s\n", OCE_VERSION);
        return 0;
    }
    const Command *cmd = cli_commands;
    while (cmd < cli_commands + NCOMMANDS && strcmp(cmd->name, name) != 0)
        cmd++;
    if (cmd == cli_commands + NCOMMANDS)
        return usage_error(NULL, "unknown command '%s'", name);
    int words = 2, rc = 0;
    if (cmd->sub != NULL && (cmd = find_sub(cmd, argc - 2, argv + 2, &rc)) == NULL)
        return rc;
    words += cmd->sub != NULL;
    Options o = {.cmd = cmd};
    if ((rc = cli_parse(argc - words, argv + words, &o)) != 0)
        return rc;
    if (o.help) {
        free(o.args);
        return cli_usage(cmd, stdout), 0;
    }
    rc = cmd->run(&o);
    free(o.args);
    return rc;
}
