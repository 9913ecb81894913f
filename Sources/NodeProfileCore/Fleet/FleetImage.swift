import NodeProfileManifest

/// One bundle for a whole fleet, so that one OS image serves every device: every node's manifest.json (and its
/// signature) and every file, each content stored once as an object named by its manifest digest (packed:
/// `ObjectPack`), plus
/// `fleet.index` (signed), which maps each device identity to its node. The agent picks the node whose identity the
/// device matches and applies its bundle (docs/AGENT.md).
///
/// Secret files are stored as every other file, so they would reach every device: a proxy password that is not the
/// same on every node that has one is refused. Files are rendered with the fleet's name in their header and secret files with the fleet's key
/// (`BundleRenderer.imageScope`), so the same content on many nodes, the same password included, is one object.
public struct FleetImage: Sendable {
    /// What one node brings to the image.
    public struct Node: Sendable {
        /// The node's name.
        public var name: String
        /// Where the node's name is written, for diagnostics about the node.
        public var location: SourceLocation
        /// Its device identity (nil when the fleet file gives none: refused in an image).
        public var identity: NodeIdentity?
        /// Its manifest, as encoded (and signed).
        public var manifest: BundleManifest
        /// manifest.json's bytes.
        public var manifestJSON: [UInt8]
        /// manifest.json.sig's bytes, when signed.
        public var signature: [UInt8]?
        /// Every file: its manifest entry and its bytes.
        public var files: [(entry: FileEntry, bytes: [UInt8])]
        /// The node's proxy password, compared (never shown) with the other nodes'.
        public var password: Secret?

        /// A node of the image.
        public init(
            name: String, location: SourceLocation, identity: NodeIdentity?, manifest: BundleManifest,
            manifestJSON: [UInt8], signature: [UInt8]?, files: [(entry: FileEntry, bytes: [UInt8])],
            password: Secret?
        ) {
            self.password = password
            self.name = name
            self.location = location
            self.identity = identity
            self.manifest = manifest
            self.manifestJSON = manifestJSON
            self.signature = signature
            self.files = files
        }
    }

    /// One stored content.
    public struct Object: Sendable, Equatable {
        /// The bytes.
        public var bytes: [UInt8]
        /// True for a secret file's content: stored 0600.
        public var secret: Bool
    }

    /// The index, as written.
    public var index: FleetIndex
    /// fleet.index's bytes.
    public var indexBytes: [UInt8]
    /// fleet.index.sig's bytes when signed.
    public var signature: [UInt8]?
    /// Every object by name (its digest), manifests and signatures included.
    public var objects: [String: Object]
    /// The first node's profile (version, release, MicroShift release): every node shares them.
    public var profile: ProfileIdentity

    /// The image of `nodes` (in fleet order), or the diagnostics that refuse it: a node without an identity, nodes
    /// that differ in version or MicroShift release, a secret that differs between nodes. `sign` signs fleet.index.
    public static func make(
        fleet: String, nodes: [Node], sign: (([UInt8]) throws -> [UInt8])? = nil
    ) throws -> (image: FleetImage?, diagnostics: [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        guard let first = nodes.first else { return (nil, []) }
        var objects: [String: Object] = [:]
        var records: [FleetIndex.Node] = []
        records.reserveCapacity(nodes.count)
        let holder = nodes.first { $0.password != nil }
        for node in nodes {
            guard let identity = node.identity else {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        "node \(node.name): a fleet image needs every node's identity (identity: {macs: [...], serial: ..., uuid: ...}), so that each device finds its node",
                        at: node.location, path: "identity"))
                continue
            }
            let profile = node.manifest.profile
            if profile.version != first.manifest.profile.version || profile.release != first.manifest.profile.release
                || profile.microshift != first.manifest.profile.microshift
            {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        "node \(node.name): version \(profile.version)-\(profile.release) for MicroShift \(profile.microshift) differs from node \(first.name)'s \(first.manifest.profile.version)-\(first.manifest.profile.release) for MicroShift \(first.manifest.profile.microshift); a fleet image is one package",
                        at: node.location))
            }
            if let holder, let password = node.password, password != holder.password {
                diagnostics.append(
                    Diagnostic(
                        .error,
                        "node \(node.name): its proxy password differs from node \(holder.name)'s; a fleet image holds every node's files, so every device would carry every node's secret. Give every node the same proxy password, or build one package per node (build FLEET --rpm)",
                        at: node.location, path: "proxy.passwordFile"))
                continue
            }
            for file in node.files where objects[file.entry.sha256] == nil {
                objects[file.entry.sha256] = Object(bytes: file.bytes, secret: file.entry.secret)
            }
            let manifestDigest = SHA256.hex(node.manifestJSON)
            objects[manifestDigest] = Object(bytes: node.manifestJSON, secret: false)
            var signatureDigest: String?
            if let signature = node.signature {
                signatureDigest = SHA256.hex(signature)
                objects[signatureDigest!] = Object(bytes: signature, secret: false)
            }
            records.append(
                FleetIndex.Node(
                    name: node.name, manifest: manifestDigest, signature: signatureDigest, identity: identity))
        }
        guard diagnostics.isEmpty else { return (nil, diagnostics) }
        let index = FleetIndex(fleet: fleet, nodes: records)
        let bytes = index.encoded()
        return (
            FleetImage(
                index: index, indexBytes: bytes, signature: try sign?(bytes), objects: objects,
                profile: first.manifest.profile), []
        )
    }

    /// Every file of the image under `top`, as the tarball and the package hold them: fleet.index, its signature,
    /// and the objects packed (`ObjectPack`): objects.idx, objects.pack and, when a node has a secret, secrets.pack
    /// (0600).
    public func entries(under top: String) -> [Tarball.Entry] {
        var entries = [Tarball.Entry(path: "\(top)/\(FleetIndex.fileName)", mode: 0o644, bytes: indexBytes)]
        if let signature {
            entries.append(Tarball.Entry(path: "\(top)/\(FleetIndex.signatureFileName)", mode: 0o644, bytes: signature))
        }
        let packed = ObjectPack.pack(objects.mapValues { ($0.bytes, $0.secret) })
        entries.append(Tarball.Entry(path: "\(top)/\(ObjectPack.tableFileName)", mode: 0o644, bytes: packed.table))
        entries.append(Tarball.Entry(path: "\(top)/\(ObjectPack.packFileName)", mode: 0o644, bytes: packed.plain))
        if holdsSecret {
            entries.append(
                Tarball.Entry(path: "\(top)/\(ObjectPack.secretPackFileName)", mode: 0o600, bytes: packed.secret))
        }
        return entries
    }

    /// True when an object holds a secret: the tarball and the RPM are then 0600.
    public var holdsSecret: Bool { objects.values.contains(where: \.secret) }
}
