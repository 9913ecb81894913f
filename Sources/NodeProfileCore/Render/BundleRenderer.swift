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
    /// The seed of each profile's secret-file key (`KeyedDigest`): random unless given, so that nothing public
    /// (manifest.json, the RPM header) lets a guessed password be checked. A build that must be reproducible with a
    /// secret gives one (`NODEPROFILE_SECRET_SEED`) and keeps it as secret as the password.
    public var secretSeed: [UInt8]

    public init(templates: TemplateSet, generator: String, secretSeed: [UInt8]? = nil) {
        self.templates = templates
        self.generator = generator
        var random = SystemRandomNumberGenerator()
        self.secretSeed = secretSeed ?? (0..<32).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// The seed from the environment's NODEPROFILE_SECRET_SEED, or nil when it is unset or empty.
    public static func secretSeed(from environment: [String: String]) -> [UInt8]? {
        guard let text = environment["NODEPROFILE_SECRET_SEED"], !text.isEmpty else { return nil }
        return Array(text.utf8)
    }

    /// The 32-byte key of a profile's secret files: HMAC of the profile name under the seed.
    func secretKey(for profile: String) -> [UInt8] {
        let hex = KeyedDigest.hmac(key: secretSeed, Array("nodeprofile secret-file key\u{0}\(profile)".utf8))
        return stride(from: 0, to: 64, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16) ?? 0 }
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
        let key = secretKey(for: profile.metadata.name)
        let common = CommonContext(profile: profile.metadata.name,
                                   secretKeyHex: key.map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined())
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

    /// A secret file is recorded with its keyed digest and no size (`KeyedDigest`), every other with its SHA-256 and size.
    private func file(_ artifact: any Artifact, bytes: [UInt8]) -> RenderedFile {
        let mode = String(artifact.mode, radix: 8)
        let keyed = artifact.secret ? KeyedDigest.of(bytes) : nil
        let entry = FileEntry(path: artifact.path, mode: String(repeating: "0", count: max(0, 4 - mode.count)) + mode,
                              sha256: keyed ?? SHA256.hex(bytes), size: keyed == nil ? bytes.count : 0, secret: artifact.secret,
                              provenance: artifact.provenance.map(\.description), facts: artifact.facts,
                              actions: artifact.actions.sorted(), appliedBy: artifact.appliedBy.rawValue,
                              digest: keyed == nil ? nil : KeyedDigest.algorithm)
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
