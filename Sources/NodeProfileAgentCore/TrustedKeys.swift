import NodeProfileSigning

/// The device's signature policy: the Ed25519 public keys in ROOT/etc/nodeprofile/keys.d/*.pub.
public enum TrustedKeys {
    /// The directory of trusted keys, as a device path.
    public static let directory = "/etc/nodeprofile/keys.d"
    /// Set to 1 (for example in a drop-in for nodeprofile-agent.service) to refuse unsigned bundles, like --require-signature.
    public static let requireEnvironment = "NODEPROFILE_REQUIRE_SIGNATURE"

    /// Reads every `*.pub` in keys.d, sorted by name. A file that is not an Ed25519 public key is listed as unreadable,
    /// not fatal: it only causes a refusal when no other key verifies a bundle.
    public static func policy(in fs: RootFS, requireSignature: Bool) -> SignaturePolicy {
        let base = fs.host(directory)
        let names = (HostFiles.names(in: base) ?? []).filter { $0.hasSuffix(".pub") }.sorted()
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
        return SignaturePolicy(keys: keys, unreadable: unreadable, directory: base, requireSignature: requireSignature)
    }

    /// True when the environment asks for signatures: any value but empty, `0`, `no` or `false`.
    public static func required(by environment: [String: String]) -> Bool {
        guard let value = environment[requireEnvironment]?.lowercased() else { return false }
        return !["", "0", "no", "false"].contains(value)
    }
}
