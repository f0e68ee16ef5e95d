#include "spans.h"

#include <string.h>

void spans_init(Spans *s, Arena *arena)
{
    memset(s, 0, sizeof *s);
    s->arena = arena;
}

/* Room for one more span. */
static int room(Spans *s)
{
    if (s->n < s->cap)
        return 0;
    size_t want = s->cap ? s->cap * 2 : 16;
    Span *v = arena_alloc(s->arena, want * sizeof *v);
    if (v == NULL)
        return -1;
    if (s->n)
        memcpy(v, s->v, s->n * sizeof *v);
    s->v = v;
    s->cap = want;
    return 0;
}

/* The first span of s that ends at or after t (s->n when none). */
static size_t first_ending(const Spans *s, Instant t)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->v[mid].to < t)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int spans_add(Spans *s, Instant from, Instant to)
{
    if (to <= from)
        return 0;
    if (s->n == 0 || s->v[s->n - 1].to < from) { /* after them all: days added in order */
        if (room(s) != 0)
            return -1;
        s->v[s->n++] = (Span){from, to};
        return 0;
    }
    /* The first span that ends at or after from: [from, to) joins it and those it reaches. */
    size_t i = first_ending(s, from);
    size_t j = i;
    while (j < s->n && s->v[j].from <= to) {
        if (s->v[j].from < from)
            from = s->v[j].from;
        if (s->v[j].to > to)
            to = s->v[j].to;
        j++;
    }
    if (j == i) { /* touches none: insert at i */
        if (room(s) != 0)
            return -1;
        memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof *s->v);
        s->n++;
    } else if (j > i + 1) { /* merges spans i to j - 1 into one */
        memmove(&s->v[i + 1], &s->v[j], (s->n - j) * sizeof *s->v);
        s->n -= j - i - 1;
    }
    s->v[i] = (Span){from, to};
    return 0;
}

int spans_intersect(const Spans *a, const Spans *b, Spans *out)
{
    spans_init(out, a->arena);
    size_t i = 0, j = a->n ? first_ending(b, a->v[0].from) : 0;
    while (i < a->n && j < b->n) {
        Instant from = a->v[i].from > b->v[j].from ? a->v[i].from : b->v[j].from;
        Instant to = a->v[i].to < b->v[j].to ? a->v[i].to : b->v[j].to;
        if (from < to) {
            if (room(out) != 0)
                return -1;
            out->v[out->n++] = (Span){from, to};
        }
        if (a->v[i].to < b->v[j].to)
            i++;
        else
            j++;
    }
    return 0;
}

int spans_subtract(const Spans *a, const Spans *b, Spans *out)
{
    spans_init(out, a->arena);
    size_t j = a->n ? first_ending(b, a->v[0].from) : 0;
    for (size_t i = 0; i < a->n; i++) {
        Instant from = a->v[i].from, to = a->v[i].to;
        while (j < b->n && b->v[j].to <= from)
            j++;
        for (size_t k = j; k < b->n && b->v[k].from < to; k++) {
            if (b->v[k].from > from) {
                if (room(out) != 0)
                    return -1;
                out->v[out->n++] = (Span){from, b->v[k].from};
            }
            if (b->v[k].to > from)
                from = b->v[k].to;
        }
        if (from < to) {
            if (room(out) != 0)
                return -1;
            out->v[out->n++] = (Span){from, to};
        }
    }
    return 0;
}

long long spans_length(const Spans *s)
{
    Instant total = 0;
    for (size_t i = 0; i < s->n; i++)
        total += s->v[i].to - s->v[i].from;
    return (long long)total;
}
