import NodeProfileManifest

/// `manifest.json.sig`: an Ed25519 signature of the exact bytes of manifest.json beside it. The manifest holds the
/// sha256 of every file, so a good signature plus matching checksums vouches for the whole bundle.
public struct BundleSignature: Codable, Sendable, Equatable {
    /// The name of the signature file, beside manifest.json.
    public static let fileName = "manifest.json.sig"
    /// The format this build writes and reads.
    public static let currentFormat = 1

    /// Format of the signature file.
    public var format: Int
    /// Always `ed25519`.
    public var algorithm: String
    /// The signer's key id (`TrustedKey.id`), so the device knows which trusted key to try.
    public var keyId: String
    /// The 64-byte signature, base64.
    public var signature: String

    /// Signs the manifest bytes with `key`.
    public init(signing manifest: [UInt8], with key: BundleSigningKey) throws(SigningError) {
        format = Self.currentFormat
        algorithm = "ed25519"
        keyId = key.publicKey.id
        signature = Base64.encode(try key.sign(manifest))
    }

    /// Reads a signature file, refusing anything but a well-formed Ed25519 signature of this format.
    public init(decoding bytes: [UInt8]) throws(SigningError) {
        let decoded: BundleSignature
        do {
            decoded = try JSONCodec.decode(BundleSignature.self, from: bytes)
        } catch {
            throw SigningError(
                "\(Self.fileName) is not a signature file (expected JSON with format, algorithm, keyId and signature)")
        }
        guard decoded.format == Self.currentFormat else {
            throw SigningError(
                "\(Self.fileName) has format \(decoded.format); this build reads format \(Self.currentFormat)")
        }
        guard decoded.algorithm == "ed25519" else {
            throw SigningError("\(Self.fileName) uses algorithm \(decoded.algorithm); only ed25519 is supported")
        }
        guard decoded.signatureBytes?.count == 64 else {
            throw SigningError("\(Self.fileName) holds no 64-byte base64 Ed25519 signature")
        }
        self = decoded
    }

    /// The raw signature, or nil when it is not base64.
    public var signatureBytes: [UInt8]? { Base64.decode(signature) }

    /// The file's bytes: pretty JSON with sorted keys and a final newline, like manifest.json.
    public func encoded() -> [UInt8] {
        // Encoding four plain values cannot fail.
        (try! JSONCodec.encode(self)) + [0x0A]
    }
}
