#include "digest.h"

#include <sodium.h>

_Static_assert(sizeof(crypto_hash_sha256_state) <= sizeof(((DigestSha256 *)0)->state),
               "DigestSha256 holds libsodium's state");

int digest_init(void)
{
    return sodium_init() < 0 ? -1 : 0;
}

void digest_sha256_hex(const void *data, size_t len, char out[DIGEST_HEX_SIZE])
{
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(hash, data, len);
    sodium_bin2hex(out, DIGEST_HEX_SIZE, hash, sizeof hash);
}

void digest_sha256_begin(DigestSha256 *d)
{
    crypto_hash_sha256_init((crypto_hash_sha256_state *)d->state.bytes);
}

void digest_sha256_add(DigestSha256 *d, const void *data, size_t len)
{
    crypto_hash_sha256_update((crypto_hash_sha256_state *)d->state.bytes, data, len);
}

void digest_sha256_end(DigestSha256 *d, char out[DIGEST_HEX_SIZE])
{
    unsigned char hash[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final((crypto_hash_sha256_state *)d->state.bytes, hash);
    sodium_bin2hex(out, DIGEST_HEX_SIZE, hash, sizeof hash);
}
