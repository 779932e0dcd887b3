// The OpenSSL 3.0 API surface WalletCrypto may use, with deprecated calls hidden.
// Wrappers belong here only when Swift cannot import a declaration (function-like macros, variadics).
#ifndef WALLETCUSTODY_COPENSSL_SHIM_H
#define WALLETCUSTODY_COPENSSL_SHIM_H

#define OPENSSL_API_COMPAT 30000
#define OPENSSL_NO_DEPRECATED 1

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/modes.h>
#include <openssl/params.h>
#include <openssl/rand.h>
#include <openssl/decoder.h>
#include <openssl/ec.h>
#include <openssl/encoder.h>
#include <openssl/param_build.h>
#include <openssl/x509.h>
#include <openssl/pem.h>
#include <openssl/pkcs12.h>

static inline void wc_openssl_free(void *pointer) { OPENSSL_free(pointer); }
static inline void wc_openssl_clear_free(void *pointer, size_t count) { OPENSSL_clear_free(pointer, count); }

#endif
