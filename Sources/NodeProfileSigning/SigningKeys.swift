import CLibCrypto
import NodeProfileManifest

/// The private key `nodeprofile package --sign-key` signs with: an Ed25519 key in PKCS#8 PEM,
/// as `openssl genpkey -algorithm ed25519` writes it.
public struct BundleSigningKey: Sendable {
    /// The raw 32-byte private key (RFC 8032's seed).
    let seed: [UInt8]

    /// The key's public half, which devices trust.
    public let publicKey: TrustedKey

    /// Reads a PKCS#8 PEM private key, naming what the file is when it is not an Ed25519 private key.
    public init(pem bytes: [UInt8]) throws(SigningError) {
        seed = try KeyDER.rawKey(
            PEMDocument(bytes), label: "PRIVATE KEY", prefix: KeyDER.privatePrefix, role: "private",
            otherHalf: "this is a public key; --sign-key needs the private key (openssl genpkey -algorithm ed25519)")
        let key = try Ed25519.privateKey(seed)
        defer { EVP_PKEY_free(key) }
        var raw = [UInt8](repeating: 0, count: 32)
        var length = raw.count
        guard EVP_PKEY_get_raw_public_key(key, &raw, &length) == 1, length == 32 else {
            throw SigningError("the Ed25519 private key is not usable: \(LibCrypto.lastError)")
        }
        publicKey = TrustedKey(raw: raw)
    }

    /// Ed25519 over `message`: deterministic (RFC 8032), so one key and one manifest give the same bytes.
    public func sign(_ message: [UInt8]) throws(SigningError) -> [UInt8] {
        let key = try Ed25519.privateKey(seed)
        defer { EVP_PKEY_free(key) }
        return try Ed25519.withContext { context throws(SigningError) in
            var signature = [UInt8](repeating: 0, count: 64)
            var length = signature.count
            guard EVP_DigestSignInit_ex(context, nil, nil, LibCrypto.context, nil, key, nil) == 1,
                EVP_DigestSign(context, &signature, &length, message, message.count) == 1, length == 64
            else {
                throw SigningError("signing failed: \(LibCrypto.lastError)")
            }
            return signature
        }
    }
}

/// A public key a device trusts: an Ed25519 key in SPKI PEM, as `openssl pkey -pubout` writes it.
public struct TrustedKey: Sendable {
    /// The raw 32-byte key.
    public let rawBytes: [UInt8]

    /// Wraps a raw key.
    init(raw: [UInt8]) { rawBytes = raw }

    /// Reads an SPKI PEM public key, naming what the file is when it is not an Ed25519 public key.
    public init(pem bytes: [UInt8]) throws(SigningError) {
        rawBytes = try KeyDER.rawKey(
            PEMDocument(bytes), label: "PUBLIC KEY", prefix: KeyDER.publicPrefix, role: "public",
            otherHalf: "this is a private key; trust the public key instead (openssl pkey -in KEY -pubout)")
        EVP_PKEY_free(try Ed25519.publicKey(rawBytes))
    }

    /// The first 16 hex digits of the sha256 of the raw key: short, and the same wherever the key is.
    public var id: String { String(NodeProfileManifest.SHA256.hex(rawBytes).prefix(16)) }

    /// The key as SPKI PEM, byte for byte what `openssl pkey -pubout` writes.
    public var pem: String { PEMDocument.text(label: "PUBLIC KEY", der: KeyDER.publicPrefix + rawBytes) }

    /// True when `signature` is this key's Ed25519 signature of `message`.
    public func verifies(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard signature.count == 64, let key = try? Ed25519.publicKey(rawBytes) else { return false }
        defer { EVP_PKEY_free(key) }
        return
            (try? Ed25519.withContext { context throws(SigningError) in
                EVP_DigestVerifyInit_ex(context, nil, nil, LibCrypto.context, nil, key, nil) == 1
                    && EVP_DigestVerify(context, signature, signature.count, message, message.count) == 1
            }) ?? false
    }
}

/// Ed25519 keys and digest contexts from libcrypto (RFC 8032, pure Ed25519: no pre-hash, no context string).
enum Ed25519 {
    /// A libcrypto key from 32 raw private bytes; the caller frees it.
    static func privateKey(_ seed: [UInt8]) throws(SigningError) -> OpaquePointer {
        guard let key = EVP_PKEY_new_raw_private_key_ex(LibCrypto.context, "ED25519", nil, seed, seed.count) else {
            throw SigningError("the Ed25519 private key is not usable: \(LibCrypto.lastError)")
        }
        return key
    }

    /// A libcrypto key from 32 raw public bytes; the caller frees it.
    static func publicKey(_ raw: [UInt8]) throws(SigningError) -> OpaquePointer {
        guard let key = EVP_PKEY_new_raw_public_key_ex(LibCrypto.context, "ED25519", nil, raw, raw.count) else {
            throw SigningError("the Ed25519 public key is not usable: \(LibCrypto.lastError)")
        }
        return key
    }

    /// Runs `body` with a fresh digest context, freed after.
    static func withContext<T>(_ body: (OpaquePointer) throws(SigningError) -> T) throws(SigningError) -> T {
        guard let context = EVP_MD_CTX_new() else { throw SigningError("libcrypto is out of memory") }
        defer { EVP_MD_CTX_free(context) }
        return try body(context)
    }
}

/// The fixed DER around a raw Ed25519 key, and what other keys look like, for clear errors.
enum KeyDER {
    /// PKCS#8 PrivateKeyInfo, version 0, algorithm 1.3.101.112 (Ed25519), then an OCTET STRING of 32 bytes.
    static let privatePrefix: [UInt8] = [
        0x30, 0x2E, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70,
        0x04, 0x22, 0x04, 0x20,
    ]
    /// SubjectPublicKeyInfo, algorithm 1.3.101.112 (Ed25519), then a BIT STRING of 32 bytes.
    static let publicPrefix: [UInt8] = [0x30, 0x2A, 0x30, 0x05, 0x06, 0x03, 0x2B, 0x65, 0x70, 0x03, 0x21, 0x00]

    /// Algorithm object identifiers (DER contents) a user might have instead of Ed25519.
    static let algorithms: [(name: String, oid: [UInt8])] = [
        ("RSA", [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]),
        ("RSA-PSS", [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A]),
        ("EC", [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01]),
        ("DSA", [0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x01]),
        ("X25519", [0x2B, 0x65, 0x6E]),
        ("X448", [0x2B, 0x65, 0x6F]),
        ("Ed448", [0x2B, 0x65, 0x71]),
    ]

    /// The 32 raw bytes of the Ed25519 key in `document`, which must be labelled `label` and start with `prefix`;
    /// `otherHalf` is the error when it is the other half of a key pair.
    static func rawKey(
        _ document: PEMDocument, label: String, prefix: [UInt8], role: String,
        otherHalf: String
    ) throws(SigningError) -> [UInt8] {
        guard document.label == label else {
            let other = label == "PRIVATE KEY" ? "PUBLIC KEY" : "PRIVATE KEY"
            throw document.label == other ? SigningError(otherHalf) : unexpected(document.label, wanted: label)
        }
        guard document.der.count == prefix.count + 32, document.der.starts(with: prefix) else {
            throw wrongAlgorithm(document.der, role: role)
        }
        return Array(document.der.suffix(32))
    }

    /// The error for a PEM block whose label is not the one wanted, naming the key type when the label says it.
    static func unexpected(_ label: String, wanted: String) -> SigningError {
        if label == "ENCRYPTED PRIVATE KEY" {
            return SigningError(
                "the private key is encrypted; write an unencrypted copy with openssl pkey -in KEY -out PLAIN.pem")
        }
        if label.hasPrefix("RSA ") || label.hasPrefix("EC ") || label.hasPrefix("DSA ") {
            let name = String(label.split(separator: " ")[0])
            return SigningError(
                "this is \(article(name)) \(name) key; nodeprofile signs with Ed25519 keys only (openssl genpkey -algorithm ed25519)"
            )
        }
        return SigningError(
            "expected -----BEGIN \(wanted)----- (an Ed25519 key from openssl), found -----BEGIN \(label)-----")
    }

    /// The error for DER that is not an Ed25519 key, naming the algorithm when its identifier is a known one.
    static func wrongAlgorithm(_ der: [UInt8], role: String) -> SigningError {
        for algorithm in algorithms where contains(der, algorithm.oid) {
            return SigningError(
                "this is \(article(algorithm.name)) \(algorithm.name) \(role) key; nodeprofile signs with Ed25519 keys only (openssl genpkey -algorithm ed25519)"
            )
        }
        return SigningError(
            "not an Ed25519 \(role) key (unexpected DER contents); nodeprofile signs with Ed25519 keys only (openssl genpkey -algorithm ed25519)"
        )
    }

    private static func article(_ name: String) -> String { name == "DSA" ? "a" : "an" }

    private static func contains(_ bytes: [UInt8], _ oid: [UInt8]) -> Bool {
        let needle = [0x06, UInt8(oid.count)] + oid
        guard bytes.count >= needle.count else { return false }
        return (0...(bytes.count - needle.count)).contains { bytes[$0..<($0 + needle.count)].elementsEqual(needle) }
    }
}
