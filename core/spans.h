/*
 * spans: sets of instants as sorted lists of half-open intervals [from, to), for counting the
 * time (to the nanosecond, as Instants count) that an incident, the service hours and the
 * maintenance windows of a period share. Overlapping incidents are merged before they are
 * counted, so no moment is counted twice.
 * A Spans grows in the caller's Arena.
 */
#ifndef OCE_SPANS_H
#define OCE_SPANS_H

#include <stddef.h>

#include "arena.h"
#include "tz.h"

typedef struct Span {
    Instant from, to; /* from < to */
} Span;

typedef struct Spans {
    Span *v;
    size_t n, cap;
    Arena *arena;
} Spans;

void spans_init(Spans *s, Arena *arena);
/* Adds [from, to) (nothing when to <= from); the set is sorted and merged again. -1 when out
 * of memory. */
int spans_add(Spans *s, Instant from, Instant to);
/* out = a and b, a but not b; out is initialised here and may not be a or b. */
int spans_intersect(const Spans *a, const Spans *b, Spans *out);
int spans_subtract(const Spans *a, const Spans *b, Spans *out);
/* The nanoseconds the set covers: a long long holds 292 years of them, and oce's sets lie
 * within a period and the year or so before it. */
long long spans_length(const Spans *s);

#endif
