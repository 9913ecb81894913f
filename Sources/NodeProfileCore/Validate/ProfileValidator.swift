/// The validate stage: every semantic rule of PROFILE.md over a document that passed the shape check, in order,
/// assembling the typed `Profile`. Nothing is thrown: each rule reports into the context and carries on.
enum ProfileValidator {
    /// False when the shape check leaves nothing to validate: the document is not a mapping, or not a NodeProfile.
    static func canValidate(_ root: YAMLValue, _ shape: ShapeChecker) -> Bool {
        root.entries != nil && !shape.invalid.contains(ProfilePath()) && !shape.invalid.contains("kind")
    }

    /// The profile and every diagnostic of the rules; the profile is meaningful only when no diagnostic is an error.
    static func validate(_ root: YAMLValue, shape: ShapeChecker, resources: any ResourceReader) -> (
        profile: Profile, diagnostics: [Diagnostic]
    ) {
        var ctx = ValidationContext(root: root, invalid: shape.invalid, misspelt: shape.misspelt, resources: resources)
        let profile = build(&ctx)
        return (profile, ctx.diagnostics)
    }

    /// Runs every rule in order and assembles the typed profile.
    static func build(_ ctx: inout ValidationContext) -> Profile {
        let metadata = IdentityRules.metadata(&ctx)
        // A refused release (nil) was reported. The address and port tables are the same in every release
        // (ReleaseTableTests), so the rules that read only them go on with the default release; the rules that differ
        // between releases (who owns br-ex, the pod MTU ceiling) get nil and do not run on a guess.
        let target = IdentityRules.target(&ctx)
        let release = target ?? .defaultRelease
        let node = IdentityRules.node(&ctx)
        let (network, parsed) = NetworkRules.network(&ctx, release)
        // Port rules compare against the range only when it parsed; a broken one was reported already.
        let range = parsed.serviceNodePortRange
        let profile = Profile(
            metadata: metadata,
            release: release,
            node: node,
            network: network,
            ovs: TuningRules.ovs(&ctx),
            crioManagementCPUSet: TuningRules.crioCPUSet(&ctx),
            proxy: ProxyRules.proxy(&ctx),
            nodePortBlocks: FirewallRules.blocks(&ctx, nodePortRange: range),
            loadBalancers: LoadBalancerRules.loadBalancers(&ctx, nodePortRange: range, release: release))
        CrossRules.check(&ctx, profile, release, parsed, bridgeOwner: target?.bridgeOwner)
        BridgeOwnerRules.check(&ctx, profile, target, parsed)
        return profile
    }
}
