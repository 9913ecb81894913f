/// Rules for metadata, target and node: the names a profile gives itself and its node.
enum IdentityRules {
    /// The names of the profile and its package; a refused one is left empty, for the stages after a clean
    /// validation only.
    static func metadata(_ ctx: inout ValidationContext) -> Profile.Metadata {
        let name = ctx.checked("metadata.name") { name in
            Names.dnsLabelProblem(name, maxLength: 53).map {
                "profile name \($0) (a DNS label of at most 53 characters; the package is nodeprofile-<name>)"
            }
        }
        let version = ctx.checked("metadata.version") { Names.rpmVersionProblem($0).map { "version \($0)" } }
        let release = ctx.checked("metadata.release") { Names.rpmVersionProblem($0).map { "release \($0)" } }
        let description = ctx.checked("metadata.description", descriptionProblem)
        return Profile.Metadata(
            name: name ?? "", version: version ?? "", release: release ?? "", description: description)
    }

    /// Why RPM would not read `description` back byte for byte from %description, or nil.
    static func descriptionProblem(_ description: String) -> String? {
        let lines = description.split(separator: "\n", omittingEmptySubsequences: false)
        if description.isEmpty { return "description must not be empty; remove it for no description" }
        if let line = lines.first(where: { $0.first == "%" && $0.dropFirst().first?.isLetter == true }) {
            return
                "a description line may not start with '%' and a letter ('\(String(line.prefix(20)).debugEscaped)'): RPM reads such a line as a spec section; indent it or reword it"
        }
        if let line = lines.first(where: { $0.drop { $0 == " " || $0 == "\t" }.first == "#" }) {
            return
                "a description line may not start with '#' ('\(String(line.prefix(20)).debugEscaped)'): RPM drops such a line as a comment; reword it"
        }
        if description.hasSuffix("\n") {
            return
                "a description may not end with a line break: RPM strips trailing blank lines (write a block scalar as '|-', not '|')"
        }
        if let line = lines.first(where: { $0.last == " " || $0.last == "\t" }) {
            return
                "a description line may not end with spaces or tabs ('\(String(line.suffix(20)).debugEscaped)'): RPM strips them"
        }
        return nil
    }

    /// The release the profile targets (the v1 default, with a warning, when it names none); nil when refused.
    static func target(_ ctx: inout ValidationContext) -> MicroShiftRelease? {
        let known = MicroShiftRelease.versions.joined(separator: ", ")
        let fallback = MicroShiftRelease.defaultRelease
        if !ctx.isSet("target.microshift") && !ctx.isInvalid("target.microshift") {
            // v1 profiles without a target keep building for 4.13; every later release reads files differently.
            ctx.warning(
                "target.microshift is not set; building for MicroShift \(fallback.version), the v1 default. Name the release the device runs (\(known)): each reads nodeprofile's files differently",
                at: "target.microshift")
            return fallback
        }
        return ctx.parse("target.microshift") { version in
            MicroShiftRelease.known[version].map { .success($0) }
                ?? .failure(
                    ValueError("MicroShift \(version.debugEscaped) is not known to this build; allowed: \(known)"))
        }
    }

    static func node(_ ctx: inout ValidationContext) -> Profile.NodeIdentity {
        var identity = Profile.NodeIdentity()
        identity.hostname = ctx.checked("node.hostname") {
            Names.subdomainProblem($0).map {
                "hostname \($0); a node name is a DNS subdomain (lowercase letters, digits, '-', '.')"
            }
        }
        identity.nodeIP = AddressRules.hostAddress(&ctx, "node.nodeIP", what: "nodeIP")
        return identity
    }
}
