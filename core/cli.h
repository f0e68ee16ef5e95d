/*
 * cli: the command-line front end, the only layer that prints, reads argv or picks an exit
 * status. Commands: check, settle, test, verify, finalize, ledger; `oce --help`, `oce COMMAND
 * --help`, `oce --version`. It locates the ledger a command uses: named by --ledger or
 * $OCE_LEDGER, else oce.db found as git finds its repository.
 */
#ifndef OCE_CLI_H
#define OCE_CLI_H

/* Runs one command line and returns the process exit status. */
int cli_main(int argc, char **argv);

#endif
