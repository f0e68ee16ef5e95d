#include "spill.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct Spill {
    char dir[4200];
    size_t nbuckets, nkinds;
    FILE **files; /* nbuckets * nkinds, opened when first written */
};

static int nomem(OceError *err)
{
    return error_set(err, OCE_ENOMEM, NULL, 0, "out of memory");
}

static void file_name(const Spill *s, size_t bucket, size_t kind, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%zu.%zu", s->dir, bucket, kind);
}

Spill *spill_open(const char *parent, size_t nbuckets, size_t nkinds, OceError *err)
{
    if (mkdir(parent, 0777) != 0 && errno != EEXIST) {
        error_set(err, OCE_EIO, parent, 0, "cannot make a scratch folder: %s", strerror(errno));
        return NULL;
    }
    Spill *s = calloc(1, sizeof *s);
    if (s != NULL)
        s->files = calloc(nbuckets * nkinds, sizeof *s->files);
    if (s == NULL || s->files == NULL) {
        free(s);
        nomem(err);
        return NULL;
    }
    s->nbuckets = nbuckets;
    s->nkinds = nkinds;
    snprintf(s->dir, sizeof s->dir, "%s/.oce-spill-XXXXXX", parent);
    if (mkdtemp(s->dir) == NULL) {
        error_set(err, OCE_EIO, parent, 0, "cannot make a scratch folder: %s", strerror(errno));
        free(s->files);
        free(s);
        return NULL;
    }
    return s;
}

static int put_u32(FILE *f, uint32_t v)
{
    return fwrite(&v, sizeof v, 1, f) == 1 ? 0 : -1;
}

int spill_put(Spill *s, size_t bucket, size_t kind, int line, const char *const *f, size_t n,
              OceError *err)
{
    if (n > SPILL_FIELDS_MAX)
        return error_set(err, OCE_EINTERNAL, NULL, 0, "a record of %zu fields: at most %d", n,
                         SPILL_FIELDS_MAX);
    FILE **fp = &s->files[bucket * s->nkinds + kind];
    char name[4300];
    file_name(s, bucket, kind, name, sizeof name);
    if (*fp == NULL) {
        if ((*fp = fopen(name, "w+")) == NULL)
            return error_set(err, OCE_EIO, name, 0, "cannot write a scratch file: %s",
                             strerror(errno));
        unlink(name); /* kept open: nothing is left behind, however the process ends */
    }
    int rc = put_u32(*fp, (uint32_t)line) | put_u32(*fp, (uint32_t)n);
    for (size_t k = 0; rc == 0 && k < n; k++) {
        size_t len = f[k] != NULL ? strlen(f[k]) : 0;
        rc = put_u32(*fp, f[k] != NULL ? (uint32_t)len : UINT32_MAX);
        if (rc == 0 && len > 0 && fwrite(f[k], 1, len, *fp) != len)
            rc = -1;
    }
    if (rc != 0)
        return error_set(err, OCE_EIO, name, 0, "cannot write a scratch file: %s", strerror(errno));
    return 0;
}

/* Reads a u32 at *p of data[0..len); -1 past the end. */
static int get_u32(const char *data, size_t len, size_t *p, uint32_t *v)
{
    if (len - *p < sizeof *v)
        return -1;
    memcpy(v, data + *p, sizeof *v);
    *p += sizeof *v;
    return 0;
}

/* Turns the records' bytes into NUL-terminated fields in place: each field's length word is
 * where its NUL goes, so the text moves back by one word. */
static int index_records(SpillBucket *b, size_t len, OceError *err)
{
    size_t cap = 0, fcap = 0, nfields = 0, p = 0;
    char *d = b->data;
    while (p < len) {
        uint32_t line, n;
        if (get_u32(d, len, &p, &line) != 0 || get_u32(d, len, &p, &n) != 0 || n > SPILL_FIELDS_MAX)
            return error_set(err, OCE_EINTERNAL, NULL, 0, "a scratch file is damaged");
        if (b->n == cap) {
            SpillRecord *more = realloc(b->records, (cap = cap ? cap * 2 : 1024) * sizeof *more);
            if (more == NULL)
                return nomem(err);
            b->records = more;
        }
        if (nfields + n > fcap) {
            while (nfields + n > fcap)
                fcap = fcap ? fcap * 2 : 4096;
            const char **more = realloc(b->fields, fcap * sizeof *more);
            if (more == NULL)
                return nomem(err);
            b->fields = more;
        }
        b->records[b->n++] = (SpillRecord){(int)line, n, nfields};
        for (uint32_t k = 0; k < n; k++) {
            uint32_t flen;
            size_t word = p;
            if (get_u32(d, len, &p, &flen) != 0)
                return error_set(err, OCE_EINTERNAL, NULL, 0, "a scratch file is damaged");
            if (flen == UINT32_MAX) {
                b->fields[nfields++] = NULL;
                continue;
            }
            if (len - p < flen)
                return error_set(err, OCE_EINTERNAL, NULL, 0, "a scratch file is damaged");
            memmove(d + word, d + p, flen);
            d[word + flen] = '\0';
            b->fields[nfields++] = d + word;
            p += flen;
        }
    }
    return 0;
}

int spill_flush(Spill *s, OceError *err)
{
    for (size_t k = 0; k < s->nbuckets * s->nkinds; k++)
        if (s->files[k] != NULL && fflush(s->files[k]) != 0)
            return error_set(err, OCE_EIO, s->dir, 0, "cannot write a scratch file: %s",
                             strerror(errno));
    return 0;
}

const char *spill_dir(const Spill *s)
{
    return s->dir;
}

int spill_load(Spill *s, size_t bucket, size_t kind, SpillBucket *out, OceError *err)
{
    *out = (SpillBucket){NULL, NULL, 0, NULL};
    FILE *f = s->files[bucket * s->nkinds + kind];
    if (f == NULL)
        return 0; /* nothing was put there */
    char name[4300];
    file_name(s, bucket, kind, name, sizeof name);
    /* Read with pread, at no file offset: the processes a run forks share the descriptor. */
    int fd = fileno(f);
    struct stat st;
    if (fflush(f) != 0 || fstat(fd, &st) != 0)
        return error_set(err, OCE_EIO, name, 0, "cannot read a scratch file: %s", strerror(errno));
    size_t size = (size_t)st.st_size, got = 0;
    out->data = malloc(size + 1);
    if (out->data == NULL)
        return nomem(err);
    while (got < size) {
        ssize_t n = pread(fd, out->data + got, size - got, (off_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            spill_bucket_free(out);
            return error_set(err, OCE_EIO, name, 0, "cannot read a scratch file: %s",
                             n < 0 ? strerror(errno) : "it is shorter than was written");
        }
        got += (size_t)n;
    }
    if (index_records(out, size, err) != 0) {
        spill_bucket_free(out);
        return -1;
    }
    return 0;
}

void spill_bucket_free(SpillBucket *b)
{
    free(b->data);
    free(b->records);
    free(b->fields);
    *b = (SpillBucket){NULL, NULL, 0, NULL};
}

void spill_close(Spill *s)
{
    if (s == NULL)
        return;
    for (size_t k = 0; k < s->nbuckets * s->nkinds; k++)
        if (s->files[k] != NULL)
            fclose(s->files[k]);
    rmdir(s->dir);
    free(s->files);
    free(s);
}
