/*
 * cli_cmd: what the commands of the front end share, private to cli.c and the cli_<command>.c
 * files. cli.c holds the two tables, of commands and of options: it reads a command line
 * against them into Options and runs the command's function, which checks what the table
 * cannot say (which options go together) and does the work. Every string in Options points
 * into argv; nothing in it is owned.
 */
#ifndef OCE_CLI_CMD_H
#define OCE_CLI_CMD_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "sandbox.h"

/* The commands, in the order oce --help lists them; a ledger subcommand is a command. */
typedef enum CommandId {
    CMD_CHECK,
    CMD_SETTLE,
    CMD_RUN,
    CMD_TEST,
    CMD_FINALIZE,
    CMD_LEDGER_INIT,
    CMD_LEDGER_LIST,
    CMD_LEDGER_SHOW,
    CMD_LEDGER_EXPORT,
    CMD_LEDGER_CHECK,
    CMD_LEDGER_MERGE,
    CMD_VERIFY,
    NCOMMANDS
} CommandId;

/* The options; settle --help lists those settle takes in this order. */
typedef enum OptionId {
    OPT_PERIOD,
    OPT_OUTCOMES,
    OPT_INCIDENTS,
    OPT_FORMAT,
    OPT_OUT,
    OPT_LEDGER,
    OPT_PREFIX,
    OPT_DRY_RUN,
    OPT_HISTORY_FROM,
    OPT_MAX_INSTRUCTIONS,
    OPT_MAX_MEMORY,
    OPT_TIMEOUT,
    OPT_CONTRACT,
    OPT_HISTORY,
    OPT_QUIET,
    OPT_PORTFOLIO,
    OPT_TEMPLATES,
    OPT_SHARD,
    OPT_JOBS,
    NOPTIONS
} OptionId;

#define CLI_BIT(id) (1u << (id))

typedef struct Options Options;

/* Why a command refuses an option it does not take: the first row naming the option. */
typedef struct Refusal {
    unsigned options; /* CLI_BIT(OPT_...) of the options this message answers */
    const char *why;
} Refusal;

typedef struct Command {
    const char *name;        /* argv[1] */
    const char *sub;         /* argv[2] of a subcommand (ledger list), else NULL */
    const char *synopsis;    /* its line in oce --help; NULL for one listed with another */
    const char *summary;     /* what it does, there: each line after the first is indented */
    const char *usage;       /* oce NAME --help, and after a usage error */
    const char *usage_end;   /* when not NULL, usage is followed by the help of each option it
                                takes, from the option table, and then this */
    const Refusal *refusals; /* ends with {0, NULL}; else "NAME does not take --OPTION" */
    int (*run)(Options *o);
    int many; /* takes any number of positional arguments (o->args), not one */
} Command;

/* Where a command's ledger is: see cli_locate. */
typedef struct Place {
    char path[4096]; /* the ledger's path; "" when none was named or found */
    int named;       /* --ledger or $OCE_LEDGER named it (else it was found) */
    char from[4096]; /* the folder the search began in, when none was named */
} Place;

struct Options {
    const Command *cmd;   /* the command line's command */
    const char *contract; /* the one positional argument: a script, a folder, a document */
    const char **args;    /* a command that takes many: all of them (nargs), malloc'ed */
    int nargs;
    const char *script;       /* --contract */
    const char *ledger;       /* --ledger */
    Place place;              /* the ledger, once located */
    const char *prefix;       /* --prefix */
    const char *history;      /* --history */
    const char *history_from; /* --history-from: "ledger" (the default) or "outcomes" */
    const char *incidents;    /* --incidents */
    int dry_run;
    int quiet;
    const char *portfolio; /* --portfolio */
    const char *templates; /* --templates */
    const char *shard;     /* --shard */
    long long jobs;        /* --jobs; 0: one a core */
    const char *period;
    const char *outcomes;
    const char *format;
    const char *out;
    SandboxLimits limits;
    int help;
};

/* One row of the option table. */
typedef struct Option {
    const char *name; /* "--period" */
    const char *arg;  /* what its value is in its help, "PERIOD"; NULL for a flag */
    size_t field;     /* offsetof into Options of what it sets: a const char * for a value, an
                         int set to 1 for a flag; unused when set is given */
    int (*set)(Options *o, const struct Option *opt, const char *value); /* or NULL */
    unsigned commands; /* CLI_BIT(CMD_...) of the commands that take it */
    const char *help;  /* its help; each line after the first is indented */
} Option;

extern const Command cli_commands[NCOMMANDS];
extern const Option cli_options[NOPTIONS];

/* Reads argv (the words after the command) for o->cmd into o; 0, or a usage error's exit
 * status. */
int cli_parse(int argc, char **argv, Options *o);
/* Writes the command's --help. */
void cli_usage(const Command *cmd, FILE *f);

/* Prints "oce: MESSAGE" and the usage of o's command on stderr; returns the exit status. */
int cli_usage_error(const Options *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Prints the error on stderr; returns its exit status. */
int cli_report(const OceError *err);
int cli_ends_with(const char *s, const char *suffix);

/* The ledger a command uses: --ledger, else $OCE_LEDGER, else oce.db found as git finds its
 * repository. */
#define CLI_LEDGER_NAME "oce.db"
const char *cli_env_ledger(void);
/* A usage error when $OCE_LEDGER is a relative path and --ledger does not override it. */
int cli_refuse_relative_env(const Options *o);
/* Finds the ledger into o->place. */
void cli_locate(Options *o);
/* Looks for oce.db in each folder above dir (an absolute path, which this shortens), nearest
 * first, into p->path; "" when there is none. */
void cli_search_above(char *dir, Place *p);
/* Fails when the ledger was neither named nor found, saying where it was looked for. */
int cli_require_ledger(const Options *o, OceError *err);
/* The located ledger's path: "" when there is none. */
const char *cli_place_path(const Options *o);

#define CLI_PREFIX_RULE                                                                            \
    "--prefix is 1 to 20 letters, digits, '-', '_' or '/', not ending in a digit (INV-)"
/* Non-zero when the prefix (--prefix, else $OCE_INVOICE_PREFIX) breaks CLI_PREFIX_RULE. */
int cli_bad_prefix(const char *prefix);

/* Each command, in its file: the usage text and what runs it. */
extern const char cli_check_usage[];
extern const char cli_settle_usage[], cli_settle_usage_end[];
extern const char cli_run_usage[], cli_run_usage_end[];
extern const char cli_test_usage[];
extern const char cli_verify_usage[];
extern const char cli_finalize_usage[];
extern const char cli_ledger_usage[];
int cli_check(Options *o);
int cli_settle(Options *o);
int cli_run(Options *o);
int cli_test(Options *o);
int cli_verify(Options *o);
int cli_finalize(Options *o);
int cli_ledger_init(Options *o);
int cli_ledger(Options *o); /* list, show, export, check: o->cmd->sub says which */
int cli_ledger_merge(Options *o);

#endif
