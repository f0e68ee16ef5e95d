/*
 * cli: the command-line front end, the only layer that prints, reads argv or picks an exit
 * status. cli.c holds the table of commands (check, settle, test, verify, finalize, ledger
 * init, list, show, export and check) and the table of options; it reads a command line
 * against them and runs the command, each in its file cli_<command>.c (cli_cmd.h is what
 * they share). `oce --help`, `oce COMMAND --help`, `oce --version`. It locates the ledger a
 * command uses: named by --ledger or $OCE_LEDGER, else oce.db found as git finds its
 * repository.
 */
#ifndef OCE_CLI_H
#define OCE_CLI_H

/* Runs one command line and returns the process exit status. */
int cli_main(int argc, char **argv);

#endif
