import NodeProfileManifest
import NodeProfileSigning

/// A bundle as installed under /usr/lib/nodeprofile/NAME: its manifest and the bytes of every file, verified.
public struct LoadedBundle: Sendable {
    /// The bundle's directory as a host path (ROOT/usr/lib/nodeprofile/NAME when installed), as messages name it.
    public var directory: String
    /// manifest.json, decoded and checked (`ManifestCoding.decode`).
    public var manifest: BundleManifest
    /// SHA-256 of manifest.json: the bundle's identity.
    public var digest: String
    /// Device path -> the file the agent writes there: bytes from the bundle (placeholders not yet filled), its
    /// manifest entry and its parsed mode.
    public var files: [String: BundleFile]

    /// How the bundle's signature checked out.
    public var signature: SignaturePolicy.Outcome

    /// Loads a bundle directory and checks its signature under `policy`, then every file against its manifest,
    /// before anything is touched.
    public static func load(_ directory: String, policy: SignaturePolicy) throws -> LoadedBundle {
        // Each of the bundle's directories is opened once for all its files.
        try RootFS(root: directory).keepingDirectories { fs in try load(directory, from: fs, policy: policy) }
    }

    private static func load(_ directory: String, from fs: RootFS, policy: SignaturePolicy) throws -> LoadedBundle {
        let (manifestBytes, signature) = try readManifest(directory, from: fs, policy: policy)
        let manifest: BundleManifest
        do {
            manifest = try ManifestCoding.decode(manifestBytes)
        } catch {
            throw AgentError.bundle("\(directory)/manifest.json: \(error)")
        }
        var files: [String: BundleFile] = [:]
        for entry in manifest.files where entry.appliedBy == .agent {
            guard entry.path.hasPrefix("/etc/"), !entry.path.contains("//"),
                !entry.path.split(separator: "/").contains(where: { $0 == ".." || $0 == "." })
            else {
                throw AgentError.bundle("\(directory): manifest path \(entry.path) is outside /etc")
            }
            let bytes: [UInt8]
            switch fs.readFile("/root" + entry.path) {
            case .success(let read): bytes = read
            case .failure(.missing): throw AgentError.bundle("\(directory): \(entry.path) is missing from the bundle")
            case .failure(let failure): throw AgentError.bundle("\(directory)/root\(entry.path): \(failure)")
            }
            guard digest(of: bytes, keyed: entry.digest == .hmacSHA256) == entry.sha256 else {
                throw AgentError.bundle(
                    "\(directory): \(entry.path) does not match its sha256 in manifest.json; the bundle was altered")
            }
            files[entry.path] = BundleFile(entry: entry, bytes: bytes, mode: entry.mode.bits)
        }
        return LoadedBundle(
            directory: directory, manifest: manifest, digest: SHA256.hex(manifestBytes), files: files,
            signature: signature)
    }

    /// The digest manifest.json records for a bundle file: SHA-256, or for a secret file HMAC-SHA256 keyed with the key
    /// it carries (KeyedDigest: manifest.json cannot confirm a guess); nil for a secret file that carries no key.
    static func digest(of bytes: [UInt8], keyed: Bool) -> String? {
        keyed ? KeyedDigest.of(bytes) : SHA256.hex(bytes)
    }

    /// manifest.json's bytes and how the bundle's signature checked out under `policy`; thrown errors are the load's.
    static func readManifest(_ directory: String, from fs: RootFS? = nil, policy: SignaturePolicy) throws -> (
        bytes: [UInt8], signature: SignaturePolicy.Outcome
    ) {
        let fs = fs ?? RootFS(root: directory)
        let manifestBytes: [UInt8]
        switch fs.readFile("/manifest.json") {
        case .success(let bytes): manifestBytes = bytes
        case .failure(.missing): throw AgentError.bundle("\(directory): no manifest.json")
        case .failure(let failure): throw AgentError.bundle("\(directory)/manifest.json: \(failure)")
        }
        do {
            // A signature file that exists but cannot be read must not pass as "unsigned".
            let path = "/" + BundleSignature.fileName
            var bytes: [UInt8]? = nil
            switch fs.readFile(path) {
            case .success(let read): bytes = read
            case .failure(.missing): bytes = nil
            case .failure(let failure): throw SigningError("\(BundleSignature.fileName) \(failure)")
            }
            return (manifestBytes, try policy.check(manifest: manifestBytes, signature: bytes))
        } catch {
            throw AgentError.bundle("\(directory): \(error)")
        }
    }

    /// The bundle directories under ROOT/usr/lib/nodeprofile (those holding a manifest.json), sorted by name, as
    /// host paths: what `installed` loads.
    public static func installedDirectories(in fs: RootFS) -> [String] {
        directories(under: installedDirectory, in: fs)
    }

    /// The bundle directories under `location` (a device path such as a `BundleLocation`), those holding a
    /// manifest.json or a fleet image's fleet.index, sorted by name, as host paths.
    public static func directories(under location: String, in fs: RootFS) -> [String] {
        let base = fs.host(location)
        return (fs.names(in: location) ?? []).sorted().filter {
            fs.exists("\(location)/\($0)/manifest.json") || fs.exists("\(location)/\($0)/\(FleetIndex.fileName)")
        }.map { "\(base)/\($0)" }
    }

    /// Every bundle under ROOT/usr/lib/nodeprofile, sorted by name.
    public static func installed(in fs: RootFS, policy: SignaturePolicy) throws -> [LoadedBundle] {
        try installedDirectories(in: fs).map { try load($0, policy: policy) }
    }

    /// Where packages install bundles, as a device path: what `apply` without `--bundle` applies.
    public static let installedDirectory = BundleLocation.packages
}

/// One file a bundle has the agent write: its manifest entry, its bytes and its mode, parsed once when the bundle loads.
public struct BundleFile: Sendable {
    /// Its entry in the manifest.
    public var entry: FileEntry
    /// The bytes in the bundle, with fact placeholders not yet filled.
    public var bytes: [UInt8]
    /// Permission bits (0000 to 0777).
    public var mode: Int
}
