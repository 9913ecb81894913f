import NodeProfileManifest

/// One file of a compiled bundle: its bytes and its manifest entry.
public struct RenderedFile: Sendable {
    public var path: String
    public var mode: Int
    public var bytes: [UInt8]
    public var entry: FileEntry
}

/// A compiled bundle in memory: every file and the manifest that describes them.
public struct CompiledBundle: Sendable {
    public var files: [RenderedFile]
    public var manifest: BundleManifest
}

/// plan -> check -> render: turns a validated profile into a bundle, or diagnostics pointing at the profile.
public struct BundleCompiler: Sendable {
    /// The templates to render with (built-in, or with a user's overrides).
    public var templates: TemplateSet
    /// The generator string recorded in the manifest.
    public var generator: String

    public init(templates: TemplateSet, generator: String) {
        self.templates = templates
        self.generator = generator
    }

    /// The outcome of compiling one profile.
    public enum Outcome: Sendable {
        case success(CompiledBundle)
        case failure([Diagnostic])
    }

    public func compile(_ profile: Profile, secrets: ProfileSecrets = ProfileSecrets(),
                        locate: (ProfilePath) -> SourceLocation) -> Outcome {
        let plan = Planner.plan(profile, secrets: secrets)
        let problems = PlanChecker.check(plan, profile, locate: locate)
        if !problems.isEmpty { return .failure(problems) }
        var files: [RenderedFile] = []
        var diagnostics: [Diagnostic] = []
        let common = CommonContext(profile: profile.metadata.name)
        for artifact in plan.artifacts {
            do {
                let text = try templates.render(artifact.template, artifact.context(common))
                files.append(file(artifact, bytes: Array(text.utf8)))
            } catch {
                diagnostics.append(Diagnostic(.error, "cannot render \(artifact.path): \(error)",
                                              at: locate(artifact.provenance.first ?? ProfilePath()),
                                              path: artifact.provenance.first?.description))
            }
        }
        diagnostics += SecretScan.check(files, secrets: secrets, locate: locate)
        if !diagnostics.isEmpty { return .failure(diagnostics) }
        let actions = Set(files.flatMap(\.entry.actions)).sorted()
        let identity = ProfileIdentity(name: profile.metadata.name, version: profile.metadata.version, release: profile.metadata.release,
                                       microshift: profile.microshift, gatewayMode: profile.network.gateway.mode.rawValue)
        let manifest = BundleManifest(profile: identity, generator: generator, files: files.map(\.entry), facts: plan.facts,
                                      actions: actions, vendorOwned: MicroShiftRelease.named(profile.microshift).vendorOwnedPaths)
        return .success(CompiledBundle(files: files, manifest: manifest))
    }

    private func file(_ artifact: any Artifact, bytes: [UInt8]) -> RenderedFile {
        let mode = String(artifact.mode, radix: 8)
        let entry = FileEntry(path: artifact.path, mode: String(repeating: "0", count: max(0, 4 - mode.count)) + mode,
                              sha256: SHA256.hex(bytes), size: bytes.count, secret: artifact.secret,
                              provenance: artifact.provenance.map(\.description), facts: artifact.facts,
                              actions: artifact.actions.sorted(), appliedBy: artifact.appliedBy.rawValue)
        return RenderedFile(path: artifact.path, mode: artifact.mode, bytes: bytes, entry: entry)
    }
}

/// After rendering: the password may appear, in any spelling a file could hold it, only in secret files.
enum SecretScan {
    static let minimumScannedLength = 6

    static func check(_ files: [RenderedFile], secrets: ProfileSecrets, locate: (ProfilePath) -> SourceLocation) -> [Diagnostic] {
        // Very short passwords match ordinary text ("root"); below this length the scan would only cry wolf.
        guard let password = secrets.proxyPassword, password.count >= minimumScannedLength else { return [] }
        let spellings = Set([password, Escape.urlUserInfo(password), Escape.systemdValue(Escape.urlUserInfo(password))])
        var diagnostics: [Diagnostic] = []
        for file in files where !file.entry.secret || file.mode != 0o600 {
            let text = String(decoding: file.bytes, as: UTF8.self)
            if spellings.contains(where: { text.contains($0) }) {
                diagnostics.append(Diagnostic(.error,
                    "the proxy password would appear in \(file.path), which is not a 0600 secret file; refusing to build",
                    at: locate("proxy.passwordFile"), path: "proxy.passwordFile"))
            }
        }
        return diagnostics
    }
}
