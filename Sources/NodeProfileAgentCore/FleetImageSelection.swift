import Glibc
import NodeProfileManifest
import NodeProfileSigning

/// A fleet image (`nodeprofile package FLEET`: fleet.index, its signature, the packed objects) turned into the one bundle this
/// device is: the index's signature is checked under the trust policy a manifest's is, the node whose identity the
/// device matches is picked (`NodeIdentity.matches`), and its manifest and files are copied out of the packed objects
/// (`ObjectPack`), each checked against its digest, into a private bundle directory that loads as any other.
///
/// The choice is recorded in ROOT/var/lib/nodeprofile/fleet-node and kept while that node still matches, even if
/// another node comes to match too (a NIC added later); when it no longer matches, the node that now matches alone
/// is picked, and with none or two nothing is applied (step `identity`) and the device keeps what it has.
public struct FleetImageSelection: Sendable {
    /// Where the choice is recorded (`FleetNodeRecord`): the device's, whatever ostree deployment is booted.
    public static let recordPath = FleetNodeRecord.path

    /// The device tree (for the record).
    public var fs: RootFS
    /// The trust policy for fleet.index and each manifest.
    public var policy: SignaturePolicy
    /// The device's identity.
    public var device: NodeIdentity

    /// A selection for `device` on `fs` under `policy`.
    public init(fs: RootFS, policy: SignaturePolicy, device: NodeIdentity) {
        self.fs = fs
        self.policy = policy
        self.device = device
    }

    /// True when `directory` is a fleet image rather than a bundle.
    public static func isImage(_ directory: String) -> Bool {
        let image = RootFS(root: directory)
        return image.exists("/" + FleetIndex.fileName) && !image.exists("/manifest.json")
    }

    /// The node of `source` (a fleet image) this device is, materialized into a new private directory (the caller
    /// removes it); `record` writes the choice. Throws `IdentityError` when no node or two match.
    public func select(_ source: BundleSource, record: Bool) throws -> (source: BundleSource, node: String) {
        let image = RootFS(root: source.directory)
        let indexBytes = try read(image, "/" + FleetIndex.fileName, source)
        var signature: [UInt8]?
        switch image.readFile("/" + FleetIndex.signatureFileName) {
        case .success(let bytes): signature = bytes
        case .failure(.missing): signature = nil
        case .failure(let failure):
            throw AgentError.bundle("\(source.shown)/\(FleetIndex.signatureFileName): \(failure)")
        }
        let index: FleetIndex
        let count: Int
        do {
            _ = try policy.check(manifest: indexBytes, signature: signature)
            let needles = device.macs + [device.serial, device.uuid].compactMap { $0 }
            let found = try FleetIndex.candidates(indexBytes, holding: needles)
            (index, count) = (FleetIndex(fleet: found.fleet, nodes: found.nodes), found.count)
        } catch {
            throw AgentError.bundle("\(source.shown)/\(FleetIndex.fileName): \(error)")
        }
        let node = try pick(index, shown: source.shown) {
            // Only when it fails: the first nodes, for the message.
            ((try? FleetIndex.head(indexBytes, nodes: 5))?.nodes ?? [], count)
        }
        let directory = try materialize(node, from: image, shown: source.shown)
        if record {
            let matched = FleetNodeRecord.matched(node.identity, device).summary
            let entry = FleetNodeRecord(fleet: index.fleet, node: node.name, matched: matched)
            try? fs.write(Self.recordPath, entry.encoded, mode: 0o644)
        }
        return (BundleSource(directory: directory, shown: "\(source.shown) (node \(node.name))"), node.name)
    }

    /// The manifest.json bytes of the node recorded for this device in the fleet image at `directory`, or why there
    /// are none (no node chosen yet: the last result says why).
    public static func chosenManifest(in directory: String, fs: RootFS) -> Result<[UInt8], IdentityError> {
        let image = RootFS(root: directory)
        guard case .success(let bytes) = image.readFile("/" + FleetIndex.fileName),
            let index = try? FleetIndex.decode(bytes)
        else { return .failure(IdentityError("the fleet image \(directory) has no readable \(FleetIndex.fileName)")) }
        guard let record = FleetNodeRecord.read(fs), record.fleet == index.fleet,
            let node = index.nodes.first(where: { $0.name == record.node })
        else {
            return .failure(
                IdentityError(
                    "the fleet image \(directory) (fleet \(index.fleet)) has no node chosen for this device (see the last result)"
                ))
        }
        guard let bytes = try? PackedObjects(image).object(node.manifest, shown: directory, for: "manifest") else {
            return .failure(
                IdentityError("the fleet image \(directory) has no object for node \(node.name)'s manifest"))
        }
        return .success(bytes)
    }

    /// The one node the device matches among `index`'s nodes (every node that could), the recorded one first while it
    /// still matches; `compared` gives the first nodes of the whole index and their number, for the message.
    func pick(
        _ index: FleetIndex, shown: String,
        compared: () -> (first: [FleetIndex.Node], count: Int) = { ([], 0) }
    ) throws -> FleetIndex.Node {
        let matching = index.nodes.filter { $0.identity.matches(device) }
        if let record = FleetNodeRecord.read(fs), record.fleet == index.fleet,
            let kept = matching.first(where: { $0.name == record.node })
        {
            return kept
        }
        if matching.count == 1 { return matching[0] }
        let read = "this device has \(device.summary)"
        let (first, count) = compared()
        let listed = first.isEmpty ? Array(index.nodes.prefix(5)) : Array(first.prefix(5))
        let total = first.isEmpty ? index.nodes.count : count
        let names = listed.map { "\($0.name) (\($0.identity.summary))" }.joined(separator: ", ")
        let more = total > listed.count ? " and \(total - listed.count) more" : ""
        if matching.isEmpty {
            throw IdentityError(
                "\(shown): no node of fleet \(index.fleet) matches this device: \(read); compared with \(total) node\(total == 1 ? "" : "s"): \(names)\(more). Nothing was applied; give this device's identity to its node in the fleet file"
            )
        }
        throw IdentityError(
            "\(shown): nodes \(matching.map(\.name).joined(separator: ", ")) of fleet \(index.fleet) all match this device: \(read). Nothing was applied; each device must match one node, so give those nodes identities that tell them apart"
        )
    }

    /// The node's bundle directory: manifest.json, its signature, root/ with every file, each object checked.
    func materialize(_ node: FleetIndex.Node, from image: RootFS, shown: String) throws -> String {
        var template = Array((BundleSource.scratchParent + "/nodeprofile-node-XXXXXX").utf8CString)
        guard let made = mkdtemp(&template) else {
            throw AgentError.io("cannot create a directory in \(BundleSource.scratchParent)", errno)
        }
        let directory = String(cString: made)
        do {
            let out = RootFS(root: directory)
            let objects = try PackedObjects(image)
            func object(_ name: String, in image: RootFS, shown: String, for what: String) throws -> [UInt8] {
                try objects.object(name, shown: shown, for: what)
            }
            let manifestBytes = try object(node.manifest, in: image, shown: shown, for: "node \(node.name)'s manifest")
            guard SHA256.hex(manifestBytes) == node.manifest else { throw altered(node.manifest, "manifest", shown) }
            try out.write("/manifest.json", manifestBytes, mode: 0o600, durable: false)
            if let signature = node.signature {
                let bytes = try object(signature, in: image, shown: shown, for: "node \(node.name)'s signature")
                guard SHA256.hex(bytes) == signature else { throw altered(signature, "signature", shown) }
                try out.write("/" + BundleSignature.fileName, bytes, mode: 0o600, durable: false)
            }
            let manifest: BundleManifest
            do {
                manifest = try ManifestCoding.decode(manifestBytes)
            } catch {
                throw AgentError.bundle("\(shown): node \(node.name)'s manifest.json: \(error)")
            }
            for entry in manifest.files {
                guard entry.path.hasPrefix("/"), !entry.path.contains("//"),
                    !entry.path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
                else {
                    throw AgentError.bundle("\(shown): node \(node.name): manifest path \(entry.path) is not plain")
                }
                let bytes = try object(entry.sha256, in: image, shown: shown, for: entry.path)
                guard LoadedBundle.digest(of: bytes, keyed: entry.digest == .hmacSHA256) == entry.sha256 else {
                    throw altered(entry.sha256, entry.path, shown)
                }
                try out.write("/root" + entry.path, bytes, mode: 0o600, durable: false)
            }
        } catch {
            try? HostFiles.removeTree(directory)
            throw error
        }
        return directory
    }

    private func read(_ image: RootFS, _ path: String, _ source: BundleSource) throws -> [UInt8] {
        switch image.readFile(path) {
        case .success(let bytes): return bytes
        case .failure(let failure): throw AgentError.bundle("\(source.shown)\(path): \(failure)")
        }
    }

    private func altered(_ name: String, _ what: String, _ shown: String) -> AgentError {
        AgentError.bundle(
            "\(shown): object \(name) (\(what)) does not match its digest; the image was altered"
        )
    }
}

/// No node, or more than one, of a fleet image matches the device: nothing is applied (step `identity`).
public struct IdentityError: Error, CustomStringConvertible, Sendable {
    /// What the agent read and which nodes it compared.
    public var description: String
    init(_ description: String) { self.description = description }
}
