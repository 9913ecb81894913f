import NodeProfileManifest

/// Refusals about the set of bundles found, before anything is applied.
public enum BundleSet {
    /// No bundle is an error unless `removeAll` (--remove-all) asks for exactly that; --remove-all with bundles
    /// installed is refused.
    public static func check(_ bundles: [LoadedBundle], removeAll: Bool, fs: RootFS) throws {
        let base = fs.host(LoadedBundle.installedDirectory)
        if bundles.isEmpty && !removeAll {
            throw AgentError.bundle(
                "no bundle found under \(base) (no NAME/manifest.json there); nothing was changed. "
                    + "Give --bundle DIR, or --remove-all to remove every file the applied generation wrote")
        }
        if removeAll && !bundles.isEmpty {
            throw AgentError.bundle(
                "--remove-all, but bundles are installed under \(base): "
                    + bundles.map { "nodeprofile-" + $0.manifest.profile.name }.joined(separator: ", ")
                    + "; remove their packages first")
        }
    }
}
