/*
 * Unit tests of the front end's tables: that the table of commands and the table of options
 * agree with the help they print, and that a command line is read against them as the
 * cases below state (values, --name=value, an option given twice, the limits, refusals).
 * The usage errors' messages are checked end to end, in tests/e2e/cli.sh.
 */
#include "testutil.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli_cmd.h"

/* The text cli_usage writes for cmd (NULL: oce --help), malloc'ed. */
static char *usage_text(const Command *cmd)
{
    char *text = NULL;
    size_t size = 0;
    FILE *f = open_memstream(&text, &size);
    assert_non_null(f);
    cli_usage(cmd, f);
    assert_int_equal(fclose(f), 0);
    return text;
}

/* Every command's --help names each option its row takes, and every option is taken by
 * some command: a row the help does not mention, or help of an option that is no row's,
 * is a table out of step with what users read. */
static void test_help_names_every_option(void **state)
{
    (void)state;
    unsigned taken = 0;
    for (size_t k = 0; k < NCOMMANDS; k++) {
        char *help = usage_text(&cli_commands[k]);
        for (size_t i = 0; i < NOPTIONS; i++) {
            if (!(cli_options[i].commands & CLI_BIT(k)))
                continue;
            taken |= CLI_BIT(i);
            if (strstr(help, cli_options[i].name) == NULL)
                fail_msg("oce %s %s --help does not name %s", cli_commands[k].name,
                         cli_commands[k].sub ? cli_commands[k].sub : "", cli_options[i].name);
        }
        free(help);
    }
    assert_int_equal(taken, CLI_BIT(NOPTIONS) - 1);
}

/* oce --help lists each command with a synopsis, a line each in table order, and names the
 * subcommands listed with another. */
static void test_main_help_lists_every_command(void **state)
{
    (void)state;
    char *help = usage_text(NULL);
    const char *at = help;
    for (size_t k = 0; k < NCOMMANDS; k++) {
        const Command *c = &cli_commands[k];
        assert_non_null(c->usage);
        assert_non_null(c->run);
        if (c->synopsis == NULL) {
            assert_non_null(strstr(help, c->sub));
            continue;
        }
        char line[128];
        snprintf(line, sizeof line, "\n  %-28s ", c->synopsis);
        const char *found = strstr(at, line);
        if (found == NULL)
            fail_msg("oce --help lacks, or misorders, '%s'", c->synopsis);
        at = found + 1;
    }
    free(help);
}

/* A command line's words and what reading them gives: the exit status (0 or the usage
 * error's), and each field that must be set. */
typedef struct ParseCase {
    const char *what;
    CommandId cmd;
    const char *argv[8];
    int status;
    const char *contract, *period, *outcomes, *format, *script;
    int dry_run, help;
    long long max_instructions, timeout_ms;
    size_t max_memory;
} ParseCase;

#define REFUSED(what_, cmd_, ...)                                                                  \
    {                                                                                              \
        .what = what_, .cmd = cmd_, .argv = {__VA_ARGS__}, .status = 2                             \
    }

static const ParseCase parse_cases[] = {
    {.what = "values, spaced and with =",
     .cmd = CMD_SETTLE,
     .argv = {"x.lua", "--period=2026-10", "--outcomes", "o.csv", "--dry-run"},
     .contract = "x.lua",
     .period = "2026-10",
     .outcomes = "o.csv",
     .dry_run = 1},
    {.what = "the last of an option given twice",
     .cmd = CMD_SETTLE,
     .argv = {"--period", "2026-09", "--format=json", "--period=2026-10", "--format", "csv"},
     .period = "2026-10",
     .format = "csv"},
    {.what = "the word after a valued option is its value",
     .cmd = CMD_SETTLE,
     .argv = {"--period", "--dry-run"},
     .period = "--dry-run"},
    {.what = "an empty value", .cmd = CMD_SETTLE, .argv = {"--period="}, .period = ""},
    {.what = "the limits, each in its unit",
     .cmd = CMD_VERIFY,
     .argv = {"d.json", "--max-instructions", "1000", "--max-memory=8", "--timeout", "250"},
     .contract = "d.json",
     .max_instructions = 1000,
     .timeout_ms = 250,
     .max_memory = (size_t)8 << 20},
    {.what = "the last limit holds",
     .cmd = CMD_TEST,
     .argv = {"--timeout", "1", "--timeout", "3600000"},
     .timeout_ms = 3600000},
    {.what = "--contract of ledger list is an id",
     .cmd = CMD_LEDGER_LIST,
     .argv = {"--contract", "managed-wan"},
     .script = "managed-wan"},
    {.what = "- is an argument", .cmd = CMD_CHECK, .argv = {"-"}, .contract = "-"},
    {.what = "--help over an option refused",
     .cmd = CMD_TEST,
     .argv = {"--period", "2026-10", "-h"},
     .period = "2026-10",
     .help = 1},
    REFUSED("an option refused", CMD_TEST, "x.lua", "--period", "2026-10"),
    REFUSED("an option refused by a subcommand", CMD_LEDGER_CHECK, "--period=2026-10"),
    REFUSED("limits are for commands that run Lua", CMD_FINALIZE, "--timeout", "5"),
    REFUSED("a flag with a value", CMD_SETTLE, "--dry-run=1"),
    REFUSED("a missing value", CMD_SETTLE, "--outcomes", "o.csv", "--period"),
    REFUSED("an unknown option over --help", CMD_SETTLE, "--help", "--perid", "2026-10"),
    REFUSED("a second argument", CMD_CHECK, "a.lua", "b.lua"),
    REFUSED("a limit of 0", CMD_SETTLE, "--max-instructions=0"),
    REFUSED("a limit past its maximum", CMD_SETTLE, "--max-memory", "4097"),
    REFUSED("a limit that is not a number", CMD_SETTLE, "--timeout", "5s"),
};

/* cli_parse, with the usage error it prints on stderr thrown away. */
static int parse_quietly(int argc, char **argv, Options *o)
{
    int saved = dup(2), null = open("/dev/null", O_WRONLY);
    assert_true(saved >= 0 && null >= 0);
    fflush(stderr);
    dup2(null, 2);
    int status = cli_parse(argc, argv, o);
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    close(null);
    return status;
}

static void assert_field(const char *what, const char *field, const char *got, const char *want)
{
    if (want == NULL ? got != NULL : got == NULL || strcmp(got, want) != 0)
        fail_msg("%s: %s is '%s', expected '%s'", what, field, got ? got : "(none)",
                 want ? want : "(none)");
}

static void test_parse(void **state)
{
    (void)state;
    for (size_t k = 0; k < sizeof parse_cases / sizeof parse_cases[0]; k++) {
        const ParseCase *t = &parse_cases[k];
        char *argv[8];
        int argc = 0;
        while (argc < 8 && t->argv[argc] != NULL) {
            argv[argc] = (char *)t->argv[argc];
            argc++;
        }
        Options o = {.cmd = &cli_commands[t->cmd]};
        int status = parse_quietly(argc, argv, &o);
        if (status != t->status)
            fail_msg("%s: status %d, expected %d", t->what, status, t->status);
        if (status != 0)
            continue;
        assert_field(t->what, "the argument", o.contract, t->contract);
        assert_field(t->what, "--period", o.period, t->period);
        assert_field(t->what, "--outcomes", o.outcomes, t->outcomes);
        assert_field(t->what, "--format", o.format, t->format);
        assert_field(t->what, "--contract", o.script, t->script);
        assert_int_equal(o.dry_run, t->dry_run);
        assert_int_equal(o.help, t->help);
        assert_int_equal(o.limits.max_instructions, t->max_instructions);
        assert_int_equal(o.limits.timeout_ms, t->timeout_ms);
        assert_int_equal(o.limits.max_memory, t->max_memory);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_help_names_every_option),
        cmocka_unit_test(test_main_help_lists_every_command),
        cmocka_unit_test(test_parse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
