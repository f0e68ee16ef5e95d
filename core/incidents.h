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

#endif
