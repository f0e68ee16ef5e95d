/*
 * error: the one error value every oce module fills and passes up.
 *
 * An OceError is filled once, at the root cause (file, line, term, message), and carried up
 * unchanged: error_set keeps the first error and ignores later ones, so the report names the
 * real cause. Only the command-line front end prints an error or turns it into an exit code.
 * The struct is caller-owned and holds no pointers, so it can be copied and needs no freeing.
 */
#ifndef OCE_ERROR_H
#define OCE_ERROR_H

#include <stddef.h>

typedef enum OceCode {
    OCE_OK = 0,
    OCE_EUSAGE,    /* bad command line */
    OCE_EIO,       /* a file could not be read or written */
    OCE_ECONTRACT, /* contract script does not load, or its declaration is invalid */
    OCE_EOUTCOMES, /* outcomes input is malformed or does not match the contract */
    OCE_EPERIOD,   /* period malformed, or outside the contract's effective dates */
    OCE_ESCRIPT,   /* a term raised an error or returned something invalid */
    OCE_ELIMIT,    /* a sandbox limit was exceeded (instructions, time, memory) */
    OCE_EMONEY,    /* overflow, division by zero, mixed currencies, bad decimal */
    OCE_ENOMEM,    /* the host ran out of memory */
    OCE_EINTERNAL  /* a bug in oce */
} OceCode;

typedef struct OceError {
    OceCode code;
    char file[256];    /* input file the error is in, "" if none */
    int line;          /* 1-based line in file, 0 if unknown */
    int column;        /* 1-based column, 0 if unknown */
    char term[64];     /* contract term running when it happened, "" if none */
    char message[512]; /* what was expected and what was found; no trailing newline */
} OceError;

void error_init(OceError *err);

/* Records the error unless one is already recorded; always returns -1 so callers can write
 * `return error_set(err, ...)`. err may be NULL. file may be NULL. */
int error_set(OceError *err, OceCode code, const char *file, int line, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Adds context to the recorded error, before its message and after it (either may be ""),
 * cutting the message where it must; code, location and term stay as the root cause set them.
 * The one way to say more of an error once it is set. */
void error_wrap(OceError *err, const char *before, const char *after);

/* Gives the recorded error the location it lacks: file and line when it names no file, the
 * line alone when it names this file with no line. */
void error_at(OceError *err, const char *file, int line);

/* Attaches a term name to the recorded error if it has none yet. */
void error_set_term(OceError *err, const char *term);

int error_failed(const OceError *err);

/* "file:line:column: term "x": message" with the parts that are known. */
void error_format(const OceError *err, char *buf, size_t size);

/* The candidate closest to word by edit distance (at most 2 edits, or a third of its length),
 * for "did you mean" hints; ties go to the alphabetically first, so messages are stable.
 * NULL when none is close. */
const char *error_suggest(const char *word, const char *const *candidates, size_t n);

/* The process exit status for an error code (documented in `oce --help` and the README). */
int error_exit_status(OceCode code);

/* s quoted and escaped for a message ("a \"b\"", control bytes as \xNN, cut after 60 bytes
 * with "..."), into buf of ERROR_QUOTE_MAX bytes; returns buf. */
#define ERROR_QUOTE_MAX ((60 + 3) * 4 + 8)
const char *error_quote(const char *s, char *buf);

#endif
