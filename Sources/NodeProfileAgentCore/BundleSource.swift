import Glibc
import NodeProfileManifest
import NodeProfileSigning

/// What `--bundle` names: a bundle directory, or a bundle's tarball (`nodeprofile-NAME-VERSION.tar.gz`, as `build`
/// and `package` write it), unpacked into a private directory for the run and removed after it, failed or not.
public struct BundleSource: Sendable {
    /// The directory the bundle is read from.
    public var directory: String
    /// The path the user gave (the tarball's, for an unpacked one), for messages.
    public var shown: String

    /// A source read from `directory`, named `shown` in messages.
    public init(directory: String, shown: String) {
        self.directory = directory
        self.shown = shown
    }

    /// The sources for `paths`, passed to `body`; unpacked tarballs are removed when it returns or throws.
    public static func with<T>(_ paths: [String], _ body: ([BundleSource]) throws -> T) throws -> T {
        var unpacked: [String] = []
        defer { for directory in unpacked { try? HostFiles.removeTree(directory) } }
        var sources: [BundleSource] = []
        for path in paths {
            guard BundleArchive.isArchive(path) else {
                sources.append(BundleSource(directory: path, shown: path))
                continue
            }
            let directory = try BundleArchive.unpack(path, into: scratchParent)
            unpacked.append(directory)
            sources.append(BundleSource(directory: directory, shown: path))
        }
        return try body(sources)
    }

    /// Where tarballs are unpacked: $TMPDIR, else /run/nodeprofile on a device (root-only tmpfs), else /tmp.
    public static var scratchParent: String {
        if let temporary = Environment.variables["TMPDIR"], !temporary.isEmpty { return temporary }
        if mkdir("/run/nodeprofile", 0o700) == 0 || errno == EEXIST { return "/run/nodeprofile" }
        return "/tmp"
    }

    /// Loads the bundle; an error names the path the user gave, never the private directory.
    public func load(policy: SignaturePolicy) throws -> LoadedBundle {
        do {
            var bundle = try LoadedBundle.load(directory, policy: policy)
            bundle.directory = shown
            return bundle
        } catch  where directory != shown {
            throw AgentError.bundle("\(error)".replacing(directory, with: shown))
        }
    }
}
