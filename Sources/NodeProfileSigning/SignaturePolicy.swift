/// What a device accepts: the keys it trusts (keys.d), the key files it could not read, and whether unsigned
/// bundles are refused. A signature that does not verify is always refused.
public struct SignaturePolicy: Sendable {
    /// Trusted keys, each with the file it came from.
    public var keys: [(file: String, key: TrustedKey)]
    /// Key files that could not be read, each with why.
    public var unreadable: [(file: String, problem: String)]
    /// Where the keys come from, named in refusals (such as /etc/nodeprofile/keys.d).
    public var directory: String
    /// Refuse bundles that carry no signature.
    public var requireSignature: Bool

    /// A policy from its parts.
    public init(
        keys: [(file: String, key: TrustedKey)], unreadable: [(file: String, problem: String)] = [],
        directory: String, requireSignature: Bool
    ) {
        self.keys = keys
        self.unreadable = unreadable
        self.directory = directory
        self.requireSignature = requireSignature
    }

    /// What checking one bundle found.
    public enum Outcome: Sendable, Equatable {
        /// No signature, and none required.
        case unsigned
        /// The signature verifies with the trusted key of this id.
        case verified(keyId: String)
    }

    /// Checks the bundle's manifest bytes against its signature file (nil when there is none). Throws a one-line
    /// reason for refusing; key files that could not be read only matter (and are named) when no key verifies.
    public func check(manifest: [UInt8], signature: [UInt8]?) throws(SigningError) -> Outcome {
        guard let signature else {
            if requireSignature {
                throw SigningError("unsigned bundle refused: --require-signature (no \(BundleSignature.fileName))")
            }
            return .unsigned
        }
        let parsed = try BundleSignature(decoding: signature)
        let candidates = keys.filter { $0.key.id == parsed.keyId }
        guard !candidates.isEmpty else {
            throw SigningError("signed by key \(parsed.keyId), which is not in \(directory)" + unreadableNote)
        }
        let bytes = parsed.signatureBytes ?? []
        if candidates.contains(where: { $0.key.verifies(bytes, of: manifest) }) {
            return .verified(keyId: parsed.keyId)
        }
        throw SigningError("signature does not verify with key \(parsed.keyId) (manifest.json changed after signing?)")
    }

    /// A warning for each key file that could not be read, for the log.
    public var warnings: [String] { unreadable.map { "\($0.file): ignored: \($0.problem)" } }

    private var unreadableNote: String {
        unreadable.isEmpty
            ? ""
            : "; unreadable key files there: " + unreadable.map { "\($0.file) (\($0.problem))" }.joined(separator: ", ")
    }
}
