/*
 * table: reads the rows of an input file of named columns, as CSV (RFC 4180, a header naming
 * the columns in any order) or as JSON ({"<what>": [{"column": "text", ...}, ...]}), chosen
 * by the file's extension. Outcomes and incident logs are such files: the caller says which
 * columns there are and checks each row as it comes; errors name the file and the line (CSV),
 * or the element's path and line (JSON: outcomes[3].value). No Lua, and no floating point.
 */
#ifndef OCE_TABLE_H
#define OCE_TABLE_H

#include <stddef.h>

#include "error.h"

#define TABLE_COLUMNS_MAX 24
/* A quoted field in a message shows at most 60 characters, escaped. */

typedef struct TableSpec {
    const char *what;           /* "outcomes", "incidents": in messages, and the JSON key */
    const char *const *columns; /* the required first */
    int ncolumns, nrequired;
    int text_only; /* a column whose JSON number is refused, with hint; -1 none */
    const char *hint;
    int nullable; /* a required column JSON may give as null, read as "" (an open end); -1 */
    OceCode code; /* of the errors in the file */
} TableSpec;

typedef struct TableRow {
    const char *f[TABLE_COLUMNS_MAX]; /* by column; NULL when absent (an optional column) */
    int line;                         /* CSV line, or the line a JSON element starts on (0) */
    int index;                        /* JSON element index; -1 for CSV */
} TableRow;

typedef struct Table {
    const char *name; /* file name for messages */
    const TableSpec *spec;
    const int *elem_lines; /* JSON: line of each element, 0 when unknown */
    OceError *err;
} Table;

/* Calls visit with each row, in order; a non-zero return stops the reading and is returned. */
typedef int (*TableVisit)(void *ctx, const Table *t, const TableRow *row);

/* Reads data (the whole file, len bytes) named name. Refuses a name that does not end in
 * .csv or .json, a NUL byte, malformed CSV or JSON, unknown or repeated columns, missing
 * required ones, rows of the wrong width; a UTF-8 byte-order mark is skipped. */
int table_parse(const char *name, const char *data, size_t len, const TableSpec *spec,
                TableVisit visit, void *ctx, OceError *err);

/* Reads the file at path as table_parse reads it, calling visit with each row: a CSV file
 * a MiB at a time, so that memory does not grow with its size (a row may be as long as
 * memory allows); a JSON file whole, within TABLE_FILE_MAX. `what` names it in errors. */
int table_stream(const char *path, const char *what, const TableSpec *spec, TableVisit visit,
                 void *ctx, OceError *err);

/* Whether s is UTF-8 text (no overlong forms, surrogates or code points past U+10FFFF). */
int table_utf8(const char *s);
/* Where JSON text s (len bytes) writes \u0000, which cJSON would cut a string at; or -1. */
long table_escaped_nul(const char *s, size_t len);

/* Records an error about row (col < 0: the whole row or element) and returns -1. */
int table_row_error(const Table *t, const TableRow *row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* Where a row was, for "first on line 3" or "at incidents[2], line 9". */
void table_where(const Table *t, int line, int index, char *buf, size_t size);

/* Outcomes files and incident logs are read whole, so one larger than this is refused
 * (OCE_EOUTCOMES) rather than read until memory runs out. 1 GiB holds a portfolio's period:
 * a million contracts with six metrics each are six million rows, 60 to 170 bytes each with
 * notes and sources (0.4 to 1 GB); and its lines still count in an int. */
#define TABLE_FILE_MAX ((size_t)1 << 30)

/* The whole file at path, malloc'ed (the caller frees it), for table_parse; `what` names it
 * in errors ("the outcomes file"). Any kind of file: one over max bytes is refused, a
 * regular one before it is read, a pipe or a device after max + 1 bytes. Reading stops early
 * at a NUL byte, which table_parse refuses: what was read up to it is returned. */
char *table_read_bounded(const char *path, const char *what, size_t max, size_t *len,
                         OceError *err);
/* table_read_bounded with TABLE_FILE_MAX. */
char *table_read_file(const char *path, const char *what, size_t *len, OceError *err);

#endif
