/* SHA-256 is OpenSSL's low-level SHA256_Init/Update/Final, deprecated since OpenSSL 3.0 in
 * favour of EVP. They are chosen by measurement (docs/performance.md, "The settlement
 * document and its digest"): they run the CPU's SHA instructions like EVP does, with no
 * provider to load, no configuration file read and no allocation, which EVP costs every
 * process (about 4 million instructions more than loading the library). */
#define OPENSSL_SUPPRESS_DEPRECATED
#include "digest.h"

#include <openssl/sha.h>

_Static_assert(sizeof(SHA256_CTX) <= sizeof(((DigestSha256 *)0)->state),
               "DigestSha256 holds OpenSSL's SHA256_CTX");

/* libcrypto finds the CPU's instructions when it is loaded; nothing else is needed. */
int digest_init(void)
{
    return 0;
}

static void hex(const unsigned char hash[SHA256_DIGEST_LENGTH], char out[DIGEST_HEX_SIZE])
{
    static const char digits[] = "0123456789abcdef";
    for (int i = 0; i < SHA256_DIGEST_LENGTH; i++) {
        out[2 * i] = digits[hash[i] >> 4];
        out[2 * i + 1] = digits[hash[i] & 15];
    }
    out[2 * SHA256_DIGEST_LENGTH] = '\0';
}

void digest_sha256_hex(const void *data, size_t len, char out[DIGEST_HEX_SIZE])
{
    DigestSha256 d;
    digest_sha256_begin(&d);
    digest_sha256_add(&d, data, len);
    digest_sha256_end(&d, out);
}

/* SHA256() itself is not used: in OpenSSL 3 it goes through EVP and loads its providers. */
void digest_sha256_begin(DigestSha256 *d)
{
    SHA256_Init((SHA256_CTX *)d->state.bytes);
}

void digest_sha256_add(DigestSha256 *d, const void *data, size_t len)
{
    SHA256_Update((SHA256_CTX *)d->state.bytes, data, len);
}

void digest_sha256_end(DigestSha256 *d, char out[DIGEST_HEX_SIZE])
{
    unsigned char hash[SHA256_DIGEST_LENGTH];
    SHA256_Final(hash, (SHA256_CTX *)d->state.bytes);
    hex(hash, out);
}
