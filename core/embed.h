/*
 * embed: the Lua scripts of scripts/ compiled into the binary by the Makefile, so oce is one
 * self-contained file. The table is static data, terminated by an entry with a NULL name.
 */
#ifndef OCE_EMBED_H
#define OCE_EMBED_H

#include <stddef.h>

typedef struct EmbeddedScript {
    const char *name; /* file name without ".lua" */
    const char *text; /* not NUL-terminated */
    size_t len;
} EmbeddedScript;

extern const EmbeddedScript embedded_scripts[];

#endif
