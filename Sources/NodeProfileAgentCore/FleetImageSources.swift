import NodeProfileManifest
import NodeProfileSigning

/// Bundle sources with each fleet image among them replaced by the node this device is, for every command that reads
/// `--bundle`: `apply` (for real and dry run) and `verify` pick the same node from the same identity.
public struct FleetImageSources: Sendable {
    /// The sources, each fleet image replaced by its node's bundle directory.
    public var sources: [BundleSource]
    /// The private directories the picked nodes were written to; `remove()` deletes them.
    public var materialized: [String]

    /// Replaces each fleet image in `given` by this device's node (identity from `identityFrom`, else ROOT/sys);
    /// `record` keeps the choice (a real apply). While no node or two match, the identity is read again, up to `reads`
    /// reads (`FleetImageSelection.pickWaiting`). Throws `IdentityError` when no node or two match, having removed
    /// what it wrote.
    public static func resolve(
        _ given: [BundleSource], fs: RootFS, policy: SignaturePolicy, identityFrom: String?, record: Bool,
        reads: Int = 1, log: (String) -> Void
    ) throws -> FleetImageSources {
        var result = FleetImageSources(sources: [], materialized: [])
        do {
            for source in given {
                guard FleetImageSelection.isImage(source.directory) else {
                    result.sources.append(source)
                    continue
                }
                let picked = try FleetImageSelection.pickWaiting(
                    reads: reads, interval: FleetImageSelection.identityInterval,
                    waiting: { miss in
                        log(
                            "\(miss); reading the identity again for up to \(reads) s, as a NIC's driver may still be loading"
                        )
                    },
                    read: { try DeviceIdentity.read(fs, from: identityFrom) },
                    select: {
                        try FleetImageSelection(fs: fs, policy: policy, device: $0).select(source, record: record)
                    })
                result.materialized.append(picked.source.directory)
                log("fleet image \(source.shown): this device is node \(picked.node)")
                result.sources.append(picked.source)
            }
        } catch {
            result.remove()
            throw error
        }
        return result
    }

    /// Removes the picked nodes' private directories.
    public func remove() {
        for directory in materialized { try? HostFiles.removeTree(directory) }
    }
}
