/*
 * spill: records of a few text fields, kept in the bucket files of a scratch folder, for a
 * run whose inputs need not fit in memory: each input is read once, each row put in the
 * bucket of its contract, and then each bucket is read back whole, one at a time. A record
 * is its line in the input and its fields. Each file is removed from its folder as soon as
 * it is made and kept open, so nothing is left however the process ends; the folder goes
 * when the spill is closed. No Lua, no input format.
 */
#ifndef OCE_SPILL_H
#define OCE_SPILL_H

#include <stddef.h>

#include "error.h"

#define SPILL_FIELDS_MAX 48

typedef struct Spill Spill;

/* A new scratch folder in parent (made when missing) with nbuckets buckets for each of
 * nkinds kinds of record. NULL with err filled. */
Spill *spill_open(const char *parent, size_t nbuckets, size_t nkinds, OceError *err);
/* Adds a record of n fields (NULL is kept as NULL) to the bucket's file of that kind. */
int spill_put(Spill *s, size_t bucket, size_t kind, int line, const char *const *f, size_t n,
              OceError *err);

typedef struct SpillRecord {
    int line;
    unsigned n;
    size_t first; /* its fields are the bucket's fields[first .. first + n) */
} SpillRecord;

/* A bucket's records of one kind, in the order they were put, read back whole. */
typedef struct SpillBucket {
    char *data; /* what the fields point into */
    SpillRecord *records;
    size_t n;
    const char **fields;
} SpillBucket;

/* Writes out what is buffered, so that processes forked after it can read every bucket. */
int spill_flush(Spill *s, OceError *err);
/* The scratch folder, for other files of the run to be kept beside the buckets. */
const char *spill_dir(const Spill *s);
/* Reads a bucket back (by pread: processes forked after spill_flush may read at once). */
int spill_load(Spill *s, size_t bucket, size_t kind, SpillBucket *out, OceError *err);
void spill_bucket_free(SpillBucket *b);
/* Removes the files and the folder; NULL does nothing. */
void spill_close(Spill *s);

#endif
