/// What a device accepts: the keys it trusts (keys.d), the key files it could not read, and whether unsigned
/// bundles are refused, and why. A signature that does not verify is always refused.
public struct SignaturePolicy: Sendable {
    /// Trusted keys, each with the file it came from.
    public var keys: [(file: String, key: TrustedKey)]
    /// Key files that could not be read, each with why.
    public var unreadable: [(file: String, problem: String)]
    /// Where the keys come from, named in refusals (such as /etc/nodeprofile/keys.d).
    public var directory: String
    /// What asks for a signature, so that unsigned bundles are refused; nil when they are accepted.
    public var requirement: Requirement?

    /// What asked for every bundle to be signed, named when an unsigned one is refused.
    public enum Requirement: Sendable, Equatable {
        /// `apply --require-signature`.
        case flag
        /// An environment variable, by name (`NODEPROFILE_REQUIRE_SIGNATURE`).
        case environment(String)
        /// keys.d holds a key (`directory`) and the opt-out file (`optOut`, a host path) is absent.
        case trustedKeys(directory: String, optOut: String)

        /// The refusal of a bundle without a signature file, in one line.
        func refusal(_ fileName: String) -> String {
            switch self {
            case .flag: "unsigned bundle refused: --require-signature (no \(fileName))"
            case .environment(let name): "unsigned bundle refused: \(name) is set (no \(fileName))"
            case .trustedKeys(let directory, let optOut):
                "unsigned bundle refused: this device trusts the keys in \(directory) (no \(fileName)); "
                    + "sign the bundle, or create \(optOut) to accept unsigned bundles"
            }
        }
    }

    /// A policy from its parts; `requirement` nil accepts unsigned bundles.
    public init(
        keys: [(file: String, key: TrustedKey)], unreadable: [(file: String, problem: String)] = [],
        directory: String, requirement: Requirement?
    ) {
        self.keys = keys
        self.unreadable = unreadable
        self.directory = directory
        self.requirement = requirement
    }

    /// A policy whose only requirement can be `--require-signature` (`requireSignature`).
    public init(
        keys: [(file: String, key: TrustedKey)], unreadable: [(file: String, problem: String)] = [],
        directory: String, requireSignature: Bool
    ) {
        self.init(
            keys: keys, unreadable: unreadable, directory: directory, requirement: requireSignature ? .flag : nil)
    }

    /// True when unsigned bundles are refused.
    public var requireSignature: Bool { requirement != nil }

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
            if let requirement { throw SigningError(requirement.refusal(BundleSignature.fileName)) }
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
