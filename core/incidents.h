/*
 * incidents: reads an incident log, the records the service desk keeps of each outage, as CSV
 * (header contract, service, id, start, end, severity, cause, and optionally note and
 * disputed, in any order) or as JSON ({"incidents": [{...}, ...]}, every field a string).
 * Timestamps are ISO 8601 or RFC 3339 with an offset or Z, to the nanosecond (tz_parse_iso);
 * an empty end is an incident still open. Each
 * row is checked against what the contract declares (its services, severities and causes);
 * errors name the file and line: a bad timestamp, an end before its start, an unknown
 * service, severity or cause (with a did-you-mean), a repeated id, a contract id that
 * differs from the contract's only by case or by '-' against '_' (rows.h). Rows of other
 * contracts are set aside unchecked, and counted. What is read lives in the caller's Arena.
 */
#ifndef OCE_INCIDENTS_H
#define OCE_INCIDENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "derive.h"
#include "digest.h"
#include "error.h"
#include "tz.h"

/* Reads the incidents of contract `contract` from data, named name. OCE_EOUTCOMES errors. */
int incidents_parse(const char *name, const char *data, size_t len, const char *contract,
                    const IncidentRules *rules, Arena *arena, IncidentLog *out, OceError *err);
int incidents_read(const char *path, const char *contract, const IncidentRules *rules, Arena *arena,
                   IncidentLog *out, OceError *err);

/* The columns of a row of an incident log, in this order: contract, service, id, start, end,
 * severity, cause, note, disputed (NULL: an optional column the file does not have). */
#define INCIDENTS_COLUMNS 9

/* Reads every row of the incident log at path, of every contract, as they come (a CSV file a
 * MiB at a time: see table_stream), and gives each to visit with its line and its
 * INCIDENTS_COLUMNS fields, unchecked but for the columns and UTF-8. */
typedef int (*IncidentsVisit)(void *ctx, int line, const char *const *fields, OceError *err);
int incidents_stream(const char *path, IncidentsVisit visit, void *ctx, OceError *err);

/* The incidents of contract from its rows of a portfolio's incident log, n of them (each
 * INCIDENTS_COLUMNS fields, read from the file `name` at lines[i]), checked as a file's rows
 * are. The log's digest is of the rows' fields but the contract, ordered by incident id, so
 * that it does not depend on the file's order. */
int incidents_from_rows(const char *name, const int *lines, const char *const *const *rows,
                        size_t n, const char *contract, const IncidentRules *rules, Arena *arena,
                        IncidentLog *out, OceError *err);

#endif
