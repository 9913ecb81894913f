// OpenSSL 3's libcrypto for Swift: SHA-256, and Ed25519 through EVP in a library context of our own. Every
// device already has it (RHEL's openssl-libs, Debian's libssl3: systemd needs it); linking it costs the static agent
// nothing, where swift-crypto would bring in FoundationEssentials (7.5 MB) and BoringSSL.
// SHA256_Init/Update/Final are deprecated in OpenSSL 3 (in favour of EVP) but kept; SHA256.swift says why we use them.
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/sha.h>
#include <openssl/err.h>
