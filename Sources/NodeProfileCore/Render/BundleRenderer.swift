import NodeProfileManifest

/// The render stage: every artifact of a checked plan through its template. The artifacts escape their own values
/// (`Artifact.context`); this stage adds the values every template shares and turns text into bytes.
public struct BundleRenderer: Sendable {
    /// The templates to render with (built-in, or with a user's overrides).
    public var templates: TemplateSet
    /// The seed of each profile's secret-file key (`KeyedDigest`): random unless given, so that nothing public
    /// (manifest.json, the RPM header) lets a guessed password be checked. A build that must be reproducible with a
    /// secret gives one (`NODEPROFILE_SECRET_SEED`) and keeps it as secret as the password.
    public var secretSeed: [UInt8]
    /// For a fleet image: the fleet's name, which then stands for the profile's in every file's "generated from"
    /// header and in secret files' key, so that a file with the same content on many nodes (the same password
    /// included) renders the same bytes, stored once (`FleetImage`).
    public var imageScope: String?

    /// A renderer with `templates`, and `secretSeed` or a random seed.
    public init(templates: TemplateSet, secretSeed: [UInt8]? = nil) {
        self.templates = templates
        var random = SystemRandomNumberGenerator()
        self.secretSeed = secretSeed ?? (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// The seed from the environment's NODEPROFILE_SECRET_SEED, or nil when it is unset or empty.
    public static func secretSeed(from environment: [String: String]) -> [UInt8]? {
        guard let text = environment["NODEPROFILE_SECRET_SEED"], !text.isEmpty else { return nil }
        return Array(text.utf8)
    }

    /// A secret file's bytes with its key line (`KeyedDigest`), written here whatever the template holds: after a short
    /// first line (the header comment), else first, where `KeyedDigest.key(in:)` finds it. Without it the manifest
    /// would have to record a plain, guessable digest of the file.
    static func withKeyLine(_ bytes: [UInt8], keyHex: String) -> [UInt8] {
        let line = Array((KeyedDigest.keyLinePrefix + keyHex + "\n").utf8)
        guard let newline = bytes.firstIndex(of: 0x0A), newline < 1024 else { return line + bytes }
        return Array(bytes[...newline]) + line + bytes[(newline + 1)...]
    }

    /// The 32-byte key of a profile's secret files, in hex: HMAC of the profile name under the seed.
    func secretKeyHex(for profile: String) -> String {
        KeyedDigest.hmac(key: secretSeed, Array("nodeprofile secret-file key\u{0}\(profile)".utf8))
    }

    /// One artifact and the bytes its template made.
    public struct RenderedArtifact: Sendable {
        /// What the file is.
        public var artifact: any Artifact
        /// The file's content.
        public var bytes: [UInt8]
    }

    /// Renders every artifact of `plan` for the profile named `profile`. An artifact whose template fails is
    /// reported at the first profile field behind it; the others are still rendered, so every failure is reported.
    public func render(
        _ plan: Plan, profile: String,
        locate: (ProfilePath) -> SourceLocation
    ) -> (files: [RenderedArtifact], diagnostics: [Diagnostic]) {
        var files: [RenderedArtifact] = []
        var diagnostics: [Diagnostic] = []
        let common =
            imageScope.map { CommonContext(profile: $0, secretKeyHex: secretKeyHex(for: "fleet\u{0}" + $0)) }
            ?? CommonContext(profile: profile, secretKeyHex: secretKeyHex(for: profile))
        for artifact in plan.artifacts {
            do {
                var bytes = Array(try templates.render(artifact.template, artifact.context(common)).utf8)
                if artifact.secret { bytes = Self.withKeyLine(bytes, keyHex: common.secretKeyHex) }
                files.append(RenderedArtifact(artifact: artifact, bytes: bytes))
            } catch {
                diagnostics.append(
                    Diagnostic(
                        .error, "cannot render \(artifact.path): \(error)",
                        at: locate(artifact.provenance.first ?? ProfilePath()),
                        path: artifact.provenance.first?.description))
            }
        }
        return (files, diagnostics)
    }
}
