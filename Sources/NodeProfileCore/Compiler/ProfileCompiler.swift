/// The compiler's one entry point: a profile through every stage, in order, to a bundle or to diagnostics.
///
/// read (`Read/`: text and YAML with limits) -> check shape (`Shape/`) -> validate (`Validate/`) -> plan (`Plan/`)
/// -> check plan (`Check/`) -> render (`Render/`) -> check secrets (`Check/`) -> manifest (`Manifest/`).
/// The command line (`validate`, `build`, `package`, `explain`, `export`), fleets (`FleetCompiler`, once per node),
/// the fuzz target and the tests all call `compile`, so `validate` runs the very checks `build` does. Nothing is
/// thrown: every stage reports into one `DiagnosticBag`, and a stage runs only when the ones before it found no error.
public struct ProfileCompiler: Sendable {
    /// Renders the plan's artifacts.
    public var renderer: BundleRenderer
    /// Makes the manifest and the bundle.
    public var manifests: ManifestBuilder
    /// Warnings count as errors (`--strict`): they stop the compilation before planning.
    public var strict: Bool
    /// Limits applied while reading.
    public var limits: SourceText.Limits

    /// A compiler rendering with `templates`, recording `generator` in manifests; `secretSeed` as `BundleRenderer` takes it.
    public init(
        templates: TemplateSet, generator: String, secretSeed: [UInt8]? = nil, strict: Bool = false,
        limits: SourceText.Limits = .profile
    ) {
        renderer = BundleRenderer(templates: templates, secretSeed: secretSeed)
        manifests = ManifestBuilder(generator: generator)
        self.strict = strict
        self.limits = limits
    }

    /// What the compiler reads.
    public enum Input: Sendable {
        /// A profile file's bytes, and its name as the user gave it (diagnostics name it).
        case bytes([UInt8], file: String)
        /// A profile's decoded text.
        case source(SourceText)
        /// A parsed document: a fleet node's profile, merged from the fleet file and its base.
        case document(YAMLValue)
    }

    /// Compiles `input`; `resources` reads the files a profile names (the proxy password file), relative to it.
    public func compile(_ input: Input, resources: any ResourceReader) -> ProfileCompilation {
        var result = ProfileCompilation()
        var bag = DiagnosticBag()
        run(input, resources: resources, into: &result, &bag)
        result.diagnostics = strict ? bag.sorted.warningsAsErrors() : bag.sorted
        return result
    }

    /// Every stage in order, each only when the ones before it found no error.
    private func run(
        _ input: Input, resources: any ResourceReader, into result: inout ProfileCompilation,
        _ bag: inout DiagnosticBag
    ) {
        guard let root = read(input, into: &result, &bag) else { return }
        result.document = root
        var shape = ShapeChecker()
        shape.check(root, against: .object(ProfileSchema.root), at: ProfilePath())
        bag.report(contentsOf: shape.diagnostics)
        guard ProfileValidator.canValidate(root, shape) else { return }
        let (profile, problems) = ProfileValidator.validate(root, shape: shape, resources: resources)
        bag.report(contentsOf: problems)
        guard !stops(bag) else { return }
        result.profile = profile
        result.bundle = backEnd(profile, locator: ProfileLocator(document: root), into: &bag)
    }

    /// The read stage: bytes -> text -> YAML document, or nil after reporting why not.
    private func read(_ input: Input, into result: inout ProfileCompilation, _ bag: inout DiagnosticBag) -> YAMLValue? {
        let source: SourceText
        switch input {
        case .document(let document):
            return document
        case .source(let text):
            source = text
        case .bytes(let bytes, let file):
            switch SourceText.decode(bytes, file: file, limits: limits) {
            case .failure(let diagnostic):
                bag.report(diagnostic)
                return nil
            case .success(let text):
                source = text
            }
        }
        result.source = source
        switch YAMLLoader(limits: limits).load(source) {
        case .failure(let diagnostics):
            bag.report(contentsOf: diagnostics)
            return nil
        case .success(let root):
            return root
        }
    }

    /// plan -> check plan -> render -> check secrets -> manifest, for a validated profile; nil after reporting why not.
    func backEnd(_ profile: Profile, locator: ProfileLocator, into bag: inout DiagnosticBag) -> CompiledBundle? {
        let locate = locator.location(of:)
        let plan = Planner.plan(profile)
        bag.report(contentsOf: PlanChecker.check(plan, profile, locate: locate))
        guard !bag.hasErrors else { return nil }
        let (files, failures) = renderer.render(plan, profile: profile.metadata.name, locate: locate)
        bag.report(contentsOf: failures)
        bag.report(contentsOf: SecretScan.check(files, password: profile.proxy?.password, locate: locate))
        guard !bag.hasErrors else { return nil }
        return manifests.bundle(files, plan: plan, profile: profile)
    }

    /// True when the diagnostics so far stop the compilation: an error, or under `strict` a warning.
    private func stops(_ bag: DiagnosticBag) -> Bool {
        bag.all.contains { $0.severity == .error || (strict && $0.severity == .warning) }
    }
}

/// What compiling one profile produced: as far as it got, and every diagnostic on the way.
public struct ProfileCompilation: Sendable {
    /// The decoded text, for printing source lines under diagnostics (nil for a fleet node, or unreadable bytes).
    public var source: SourceText?
    /// The parsed document, for tracing generated files back to source lines.
    public var document: YAMLValue?
    /// The typed profile, present when validation found no error (no warning either, under `strict`).
    public var profile: Profile?
    /// The compiled bundle, present when every stage passed.
    public var bundle: CompiledBundle?
    /// Every diagnostic of every stage, sorted by position; warnings are errors under `strict`.
    public var diagnostics: [Diagnostic] = []

    /// True when some diagnostic is an error.
    public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    /// Where each profile field is written, once the document parsed.
    public var locator: ProfileLocator? { document.map(ProfileLocator.init(document:)) }
}
