#include "digest.h"

#include <sodium.h>

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
