/*
 * arena: a region allocator for everything one settlement produces.
 *
 * Strings, lines and tables of a settlement are allocated from an Arena and released
 * together by arena_reset, so settling a million contract-periods uses the memory of one.
 * The Arena owns every block it hands out; callers never free them. Allocation failure
 * returns NULL (callers report OCE_ENOMEM).
 */
#ifndef OCE_ARENA_H
#define OCE_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;

typedef struct Arena {
    ArenaBlock *head; /* newest block first; owned */
    size_t total;     /* bytes handed out since the last reset */
} Arena;

void arena_init(Arena *a);
/* Frees all but the first block and makes it empty again. */
void arena_reset(Arena *a);
void arena_free(Arena *a);
/* Zeroed memory, aligned for any type. */
void *arena_alloc(Arena *a, size_t size);
char *arena_strdup(Arena *a, const char *s);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_printf(Arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
