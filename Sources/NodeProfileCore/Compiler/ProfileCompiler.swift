/// The compiler's front end: text in, a validated `Profile` (or none) and every diagnostic out.
///
/// parse (YAML with limits) -> structural check against `ProfileSchema` -> semantic rules -> cross rules.
/// Nothing is thrown: every stage reports into the result, so all problems reach the user in one run.
public struct ProfileFrontEnd: Sendable {
    /// Limits applied while parsing.
    public var limits: SourceText.Limits

    public init(limits: SourceText.Limits = .profile) { self.limits = limits }

    /// The outcome of reading one profile.
    public struct Result: Sendable {
        /// The profile, present only when there are no errors.
        public var profile: Profile?
        /// Every diagnostic, sorted by position.
        public var diagnostics: [Diagnostic]
        /// The parsed document, for tracing generated files back to source lines.
        public var document: YAMLValue?
        /// The decoded text, for printing source lines under diagnostics.
        public var source: SourceText? = nil

        /// True when some diagnostic is an error.
        public var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }
    }

    /// Reads a profile from raw bytes.
    public func read(bytes: [UInt8], file: String, resources: any ResourceReader) -> Result {
        switch SourceText.decode(bytes, file: file, limits: limits) {
        case .failure(let diagnostic): return Result(profile: nil, diagnostics: [diagnostic], document: nil)
        case .success(let source):
            var result = read(source, resources: resources)
            result.source = source
            return result
        }
    }

    /// Reads a profile from decoded text.
    public func read(_ source: SourceText, resources: any ResourceReader) -> Result {
        let root: YAMLValue
        switch YAMLLoader(limits: limits).load(source) {
        case .failure(let diagnostics): return Result(profile: nil, diagnostics: diagnostics, document: nil)
        case .success(let value): root = value
        }
        return validate(root, resources: resources)
    }

    /// Checks a parsed document (a profile, or a fleet node's profile merged from several files).
    public func validate(_ root: YAMLValue, resources: any ResourceReader) -> Result {
        var bag = DiagnosticBag()
        var checker = ShapeChecker()
        checker.check(root, against: .object(ProfileSchema.root), at: ProfilePath())
        bag.report(contentsOf: checker.diagnostics)
        // A document that is not a mapping, or not a NodeProfile, has nothing more to check.
        if root.entries == nil || checker.invalid.contains(ProfilePath()) || checker.invalid.contains("kind") {
            return Result(profile: nil, diagnostics: bag.sorted, document: root)
        }
        var ctx = ValidationContext(root: root, invalid: checker.invalid, misspelt: checker.misspelt, resources: resources)
        let profile = ProfileRules.build(&ctx)
        bag.report(contentsOf: ctx.diagnostics)
        return Result(profile: bag.hasErrors ? nil : profile, diagnostics: bag.sorted, document: root)
    }
}

/// Runs every semantic rule in order and assembles the typed profile.
enum ProfileRules {
    static func build(_ ctx: inout ValidationContext) -> Profile {
        let metadata = IdentityRules.metadata(&ctx)
        let microshift = IdentityRules.target(&ctx)
        let node = IdentityRules.node(&ctx)
        let network = NetworkRules.network(&ctx, MicroShiftRelease.named(microshift))
        // Port rules compare against the range only when it parsed; a broken one was reported already.
        let range = ctx.text("network.serviceNodePortRange").flatMap { try? PortRange.parse($0).get() }
        let profile = Profile(
            metadata: metadata,
            microshift: microshift,
            node: node,
            network: network,
            ovs: TuningRules.ovs(&ctx),
            crioManagementCPUSet: TuningRules.crioCPUSet(&ctx),
            proxy: ProxyRules.proxy(&ctx),
            nodePortBlocks: FirewallRules.blocks(&ctx, nodePortRange: range),
            loadBalancers: LoadBalancerRules.loadBalancers(&ctx, nodePortRange: range, release: MicroShiftRelease.named(microshift)))
        CrossRules.check(&ctx, profile, MicroShiftRelease.named(microshift))
        return profile
    }
}
