import NodeProfileSigning

/// The device's signature policy: the Ed25519 public keys in ROOT/etc/nodeprofile/keys.d/*.pub, and what requires every
/// bundle to be signed: `--require-signature`, `NODEPROFILE_REQUIRE_SIGNATURE`, or keys.d holding a key at all (unless
/// ROOT/etc/nodeprofile/allow-unsigned says the device takes unsigned bundles too).
public enum TrustedKeys {
    /// The directory of trusted keys, as a device path.
    public static let directory = "/etc/nodeprofile/keys.d"
    /// Set to 1 (for example in a drop-in for nodeprofile-agent.service) to refuse unsigned bundles, like --require-signature.
    public static let requireEnvironment = "NODEPROFILE_REQUIRE_SIGNATURE"
    /// Present (any file, empty will do), the device takes unsigned bundles although keys.d holds a key; it does not
    /// lift `--require-signature` or `NODEPROFILE_REQUIRE_SIGNATURE`. A device path.
    public static let allowUnsignedFile = "/etc/nodeprofile/allow-unsigned"

    /// Reads every `*.pub` in keys.d, sorted by name. A file that is not an Ed25519 public key is listed as unreadable,
    /// not fatal: it only causes a refusal when no other key verifies a bundle. `required` is what the command line or
    /// the environment asked for; without it, any `*.pub` in keys.d (even one that cannot be read: someone meant the
    /// device to trust a key) requires signatures unless `allowUnsignedFile` exists.
    public static func policy(in fs: RootFS, required: SignaturePolicy.Requirement?) -> SignaturePolicy {
        let base = fs.host(directory)
        let names = (fs.names(in: directory) ?? []).filter { $0.hasSuffix(".pub") }.sorted()
        var keys: [(file: String, key: TrustedKey)] = []
        var unreadable: [(file: String, problem: String)] = []
        for name in names {
            let file = "\(base)/\(name)"
            // Read through RootFS: no symlink on the way is followed, like every other read of the root.
            guard let bytes = fs.read("\(directory)/\(name)") else {
                unreadable.append((file, "not a regular file, or unreadable"))
                continue
            }
            do {
                keys.append((file, try TrustedKey(pem: bytes)))
            } catch {
                unreadable.append((file, error.description))
            }
        }
        var requirement = required
        if requirement == nil, !names.isEmpty, !fs.exists(allowUnsignedFile) {
            requirement = .trustedKeys(directory: base, optOut: fs.host(allowUnsignedFile))
        }
        return SignaturePolicy(keys: keys, unreadable: unreadable, directory: base, requirement: requirement)
    }

    /// The policy with `--require-signature` given (`requireSignature`) or not, and nothing from the environment.
    public static func policy(in fs: RootFS, requireSignature: Bool) -> SignaturePolicy {
        policy(in: fs, required: requireSignature ? .flag : nil)
    }

    /// What the command line and the environment require: `--require-signature` (`flag`) first, then
    /// `NODEPROFILE_REQUIRE_SIGNATURE`; nil when neither does.
    public static func requirement(flag: Bool, environment: [String: String]) -> SignaturePolicy.Requirement? {
        flag ? .flag : required(by: environment) ? .environment(requireEnvironment) : nil
    }

    /// True when the environment asks for signatures: any value but empty, `0`, `no` or `false`.
    public static func required(by environment: [String: String]) -> Bool {
        guard let value = environment[requireEnvironment]?.lowercased() else { return false }
        return !["", "0", "no", "false"].contains(value)
    }
}
