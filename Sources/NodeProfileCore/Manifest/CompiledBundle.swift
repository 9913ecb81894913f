import NodeProfileManifest

/// One file of a compiled bundle: its bytes, its manifest entry and the profile fields behind it.
public struct RenderedFile: Sendable {
    /// Absolute path on the device.
    public var path: String
    /// Permission bits.
    public var mode: Int
    /// The file's content (fact placeholders still in it).
    public var bytes: [UInt8]
    /// What manifest.json says about the file.
    public var entry: FileEntry
    /// The profile fields whose values made the file, as typed paths (`entry.provenance` holds their text).
    public var provenance: [ProfilePath]
    /// Who puts the file on the device (`entry.appliedBy` holds its name).
    public var appliedBy: AppliedBy
}

/// A compiled bundle in memory: every file and the manifest that describes them. Immutable, so that what is
/// derived from them once (`holdsSecret`) stays true.
public struct CompiledBundle: Sendable {
    /// Every file, sorted by path.
    public let files: [RenderedFile]
    /// What manifest.json holds.
    public let manifest: BundleManifest
    /// True when a file holds the proxy password: the tarball, the RPM and any export that carries the bundle's
    /// files are then 0600 too. Computed once, here, for every writer.
    public let holdsSecret: Bool

    /// A bundle of `files` described by `manifest`.
    public init(files: [RenderedFile], manifest: BundleManifest) {
        self.files = files
        self.manifest = manifest
        holdsSecret = manifest.files.contains { $0.secret }
    }
}
