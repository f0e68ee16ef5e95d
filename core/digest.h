/*
 * digest: SHA-256 fingerprints of contract scripts, outcome files and settlement documents,
 * computed with libsodium, written as 64 lowercase hex digits. Output buffers are the caller's.
 */
#ifndef OCE_DIGEST_H
#define OCE_DIGEST_H

#include <stddef.h>

#include "error.h"

#define DIGEST_HEX_SIZE 65 /* 64 hex digits and a NUL */

/* Must be called once before any other digest function; returns 0 or -1. */
int digest_init(void);
void digest_sha256_hex(const void *data, size_t len, char out[DIGEST_HEX_SIZE]);

#endif
