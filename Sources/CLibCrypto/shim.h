// OpenSSL 3's libcrypto for Swift: SHA-256 and Ed25519 through EVP, in a library context of our own. Every
// device already has it (RHEL's openssl-libs, Debian's libssl3: systemd needs it); linking it costs the static agent
// nothing, where swift-crypto would bring in FoundationEssentials (7.5 MB) and BoringSSL.
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/provider.h>
#include <openssl/err.h>
