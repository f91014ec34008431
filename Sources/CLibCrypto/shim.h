// OpenSSL's libcrypto (Debian: libssl-dev): EVP digests and the CSPRNG.
#include <openssl/evp.h>
#include <openssl/sha.h>
#include <openssl/rand.h>
