/*
 * digest: SHA-256 fingerprints of contract scripts, outcome files and settlement documents,
 * computed with OpenSSL's libcrypto, written as 64 lowercase hex digits. Data is hashed at
 * once, or in pieces through a DigestSha256 the caller owns (on its stack: nothing to free).
 * Output buffers are the caller's.
 */
#ifndef OCE_DIGEST_H
#define OCE_DIGEST_H

#include <stddef.h>

#include "error.h"

#define DIGEST_HEX_SIZE 65 /* 64 hex digits and a NUL */

/* A SHA-256 being computed: digest_sha256_begin, any number of digest_sha256_add, then
 * digest_sha256_end. The state is the implementation's, kept here so no allocation is
 * needed. */
typedef struct DigestSha256 {
    union {
        unsigned char bytes[128];
        long long align_ll;
        void *align_p;
    } state;
} DigestSha256;

/* Must be called once before any other digest function; returns 0 or -1. */
int digest_init(void);
void digest_sha256_hex(const void *data, size_t len, char out[DIGEST_HEX_SIZE]);

void digest_sha256_begin(DigestSha256 *d);
void digest_sha256_add(DigestSha256 *d, const void *data, size_t len);
void digest_sha256_end(DigestSha256 *d, char out[DIGEST_HEX_SIZE]);

#endif
