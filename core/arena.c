#include "arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Blocks grow to fit a large request; the usual block is 64 KiB, a few settlements' worth. */
#define ARENA_BLOCK 65536

struct ArenaBlock {
    ArenaBlock *next;
    size_t size; /* usable bytes in data */
    size_t used;
    max_align_t data[]; /* aligned for any type */
};

void arena_init(Arena *a)
{
    a->head = NULL;
    a->total = 0;
}

void arena_reset(Arena *a)
{
    if (a->head == NULL)
        return;
    ArenaBlock *keep = a->head;
    while (keep->next != NULL) { /* the oldest block is kept for reuse */
        ArenaBlock *older = keep->next;
        free(keep);
        keep = older;
    }
    keep->used = 0;
    a->head = keep;
    a->total = 0;
}

void arena_free(Arena *a)
{
    while (a->head != NULL) {
        ArenaBlock *next = a->head->next;
        free(a->head);
        a->head = next;
    }
    a->total = 0;
}

void *arena_alloc(Arena *a, size_t size)
{
    const size_t align = sizeof(max_align_t);
    size = (size + align - 1) / align * align;
    if (size == 0)
        size = align;
    ArenaBlock *b = a->head;
    if (b == NULL || b->size - b->used < size) {
        size_t want = size > ARENA_BLOCK ? size : ARENA_BLOCK;
        b = malloc(sizeof *b + want);
        if (b == NULL)
            return NULL;
        b->size = want;
        b->used = 0;
        b->next = a->head;
        a->head = b;
    }
    void *p = (char *)b->data + b->used;
    b->used += size;
    a->total += size;
    memset(p, 0, size);
    return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    if (p != NULL) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *arena_strdup(Arena *a, const char *s)
{
    return arena_strndup(a, s, strlen(s));
}

char *arena_printf(Arena *a, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        return NULL;
    char *p = arena_alloc(a, (size_t)n + 1);
    if (p == NULL)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}
