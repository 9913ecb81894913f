import CLibCrypto

/// OpenSSL's libcrypto, as both binaries use it: one library context of our own with the default provider loaded, so
/// neither the system's openssl.cnf nor a FIPS-only configuration changes which algorithms exist (Ed25519 is not in
/// every FIPS provider). Its first use costs about 1 ms (provider set-up), so only Ed25519 goes through it: SHA-256
/// uses libcrypto's plain functions (`SHA256`), which start at once.
package enum LibCrypto {
    /// The library context, created on first use; nil only when libcrypto cannot load its own default provider.
    package nonisolated(unsafe) static let context: OpaquePointer? = {
        guard let context = OSSL_LIB_CTX_new() else { return nil }
        guard OSSL_PROVIDER_load(context, "default") != nil else {
            OSSL_LIB_CTX_free(context)
            return nil
        }
        return context
    }()

    /// The most recent libcrypto error as text, or "unknown error".
    package static var lastError: String {
        let code = ERR_get_error()
        guard code != 0 else { return "unknown error" }
        var buffer = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &buffer, buffer.count)
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
