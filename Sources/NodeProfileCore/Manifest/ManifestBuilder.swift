import NodeProfileManifest

/// The manifest stage: rendered files -> their manifest entries (digest, size, facts, actions, who applies them)
/// and the manifest of the whole bundle.
public struct ManifestBuilder: Sendable {
    /// The generator string recorded in the manifest.
    public var generator: String

    /// A builder that records `generator` in every manifest.
    public init(generator: String) { self.generator = generator }

    /// The bundle of `files`, rendered from `plan` for `profile`.
    public func bundle(_ files: [BundleRenderer.RenderedArtifact], plan: Plan, profile: Profile) -> CompiledBundle {
        let rendered = files.map(file)
        let actions = Set(rendered.flatMap(\.entry.actions)).sorted()
        let identity = ProfileIdentity(
            name: profile.metadata.name, version: profile.metadata.version, release: profile.metadata.release,
            microshift: profile.microshift, gatewayMode: profile.network.gateway.mode.rawValue)
        let manifest = BundleManifest(
            profile: identity, generator: generator, files: rendered.map(\.entry), facts: plan.facts,
            actions: actions, vendorOwned: profile.release.vendorOwnedPaths,
            health: HealthPlan.spec(profile, profile.release),
            constraints: plan.constraints.isEmpty ? nil : plan.constraints)
        return CompiledBundle(files: rendered, manifest: manifest)
    }

    /// A secret file is recorded with its keyed digest and no size (`KeyedDigest`), every other with its SHA-256 and size.
    private func file(_ rendered: BundleRenderer.RenderedArtifact) -> RenderedFile {
        let artifact = rendered.artifact
        let bytes = rendered.bytes
        let keyed = artifact.secret ? KeyedDigest.of(bytes) : nil
        let entry = FileEntry(
            path: artifact.path, mode: FileMode(artifact.mode),
            sha256: keyed ?? SHA256.hex(bytes), size: keyed == nil ? bytes.count : 0, secret: artifact.secret,
            provenance: artifact.provenance.map(\.description), facts: artifact.facts,
            actions: artifact.actions.sorted(), appliedBy: artifact.appliedBy,
            digest: keyed == nil ? nil : .hmacSHA256, existing: artifact.refusesExisting == nil ? nil : .refuse,
            existingReason: artifact.refusesExisting)
        return RenderedFile(
            path: artifact.path, mode: artifact.mode, bytes: bytes, entry: entry, provenance: artifact.provenance,
            appliedBy: artifact.appliedBy)
    }
}
