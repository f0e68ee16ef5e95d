/*
 * testfile: a scratch folder for the files a test writes (contract scripts, tests files,
 * settlement documents), made by a group setup and emptied and removed by its teardown, so
 * that a failing test leaves nothing behind.
 */
#ifndef OCE_TESTFILE_H
#define OCE_TESTFILE_H

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "testutil.h"

static char scratch_dir[64];

/* A group setup: makes the scratch folder. */
static inline int scratch_open(void **state)
{
    (void)state;
    snprintf(scratch_dir, sizeof scratch_dir, "/tmp/oce-unit-XXXXXX");
    return mkdtemp(scratch_dir) == NULL ? -1 : 0;
}

/* A group teardown: removes the scratch folder and everything in it (it holds no folders). */
static inline int scratch_close(void **state)
{
    (void)state;
    DIR *d = opendir(scratch_dir);
    if (d == NULL)
        return -1;
    char path[512];
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(path, sizeof path, "%s/%s", scratch_dir, e->d_name);
        unlink(path);
    }
    closedir(d);
    return rmdir(scratch_dir);
}

/* The path of name in the scratch folder, in buf (of at least 256 bytes). */
static inline const char *scratch_path(const char *name, char *buf, size_t size)
{
    snprintf(buf, size, "%s/%s", scratch_dir, name);
    return buf;
}

/* Writes text to name in the scratch folder; returns its path, in buf. */
static inline const char *scratch_write(const char *name, const char *text, char *buf, size_t size)
{
    scratch_path(name, buf, size);
    FILE *f = fopen(buf, "wb");
    if (f == NULL)
        fail_msg("cannot write %s", buf);
    size_t len = strlen(text);
    assert_int_equal(fwrite(text, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
    return buf;
}

#endif
