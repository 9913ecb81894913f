import NodeProfileManifest
import NodeProfileSigning

/// `verify --bundle`'s use case: the bundles named on the command line (directories, tarballs, fleet images), loaded
/// under ROOT's trust policy, for comparing the device with. A fleet image is checked as the node this device is;
/// the choice is not recorded (only `apply` records it).
public enum VerifyBundles {
    /// Runs `body` with the bundles at `paths`, loaded under `requirement` and ROOT's keys.d; `identityFrom` gives the
    /// device's identity for a fleet image instead of ROOT/sys. Unpacked tarballs and nodes are removed afterwards.
    public static func with<T>(
        _ paths: [String], agent: Agent, requirement: SignaturePolicy.Requirement?, identityFrom: String?,
        _ body: ([LoadedBundle]) throws -> T
    ) throws -> T {
        try BundleSource.with(paths) { given in
            let policy = TrustedKeys.policy(in: agent.fs, required: requirement)
            let picked = try FleetImageSources.resolve(
                given, fs: agent.fs, policy: policy, identityFrom: identityFrom, record: false, log: agent.log)
            defer { picked.remove() }
            return try body(picked.sources.map { try $0.load(policy: policy) })
        }
    }
}
