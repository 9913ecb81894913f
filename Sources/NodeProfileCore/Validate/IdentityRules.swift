/// Rules for metadata, target and node: the names a profile gives itself and its node.
enum IdentityRules {
    static func metadata(_ ctx: inout ValidationContext) -> Profile.Metadata {
        let name = ctx.text("metadata.name") ?? ""
        if ctx.node("metadata.name") != nil, let problem = Names.dnsLabelProblem(name, maxLength: 53) {
            ctx.error(
                "profile name \(problem) (a DNS label of at most 53 characters; the package is nodeprofile-<name>)",
                at: "metadata.name")
        }
        let version = ctx.text("metadata.version") ?? "1.0.0"
        if let problem = Names.rpmVersionProblem(version) {
            ctx.error("version \(problem)", at: "metadata.version")
        }
        let release = ctx.text("metadata.release") ?? "1"
        if let problem = Names.rpmVersionProblem(release) {
            ctx.error("release \(problem)", at: "metadata.release")
        }
        let description = ctx.text("metadata.description")
        if let description, let problem = descriptionProblem(description) {
            ctx.error(problem, at: "metadata.description")
        }
        return Profile.Metadata(name: name, version: version, release: release, description: description)
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
        if let hostname = ctx.text("node.hostname") {
            if let problem = Names.subdomainProblem(hostname) {
                ctx.error(
                    "hostname \(problem); a node name is a DNS subdomain (lowercase letters, digits, '-', '.')",
                    at: "node.hostname")
            } else {
                identity.hostname = hostname
            }
        }
        identity.nodeIP = AddressRules.hostAddress(&ctx, "node.nodeIP", what: "nodeIP")
        return identity
    }
}

/// Parsing of single addresses with the unicast rule, shared by every rule that reads one.
enum AddressRules {
    /// The unicast IPv4 address at `path`, or nil after reporting why it is not one.
    static func hostAddress(_ ctx: inout ValidationContext, _ path: ProfilePath, what: String) -> IPv4Address? {
        guard let text = ctx.text(path) else { return nil }
        if text.contains(":") {
            ctx.error("\(what) '\(text.debugEscaped)' is IPv6; MicroShift 4.13 is single-stack IPv4", at: path)
            return nil
        }
        if text.contains("/") {
            ctx.error(
                "\(what) is a single address, without a prefix length: write \(text.split(separator: "/")[0])", at: path
            )
            return nil
        }
        guard let address = IPv4Address(text) else {
            ctx.error(
                "\(what) '\(text.debugEscaped)' is not an IPv4 address (four decimal octets 0-255, no leading zeros)",
                at: path)
            return nil
        }
        if let reason = address.nonUnicastReason {
            ctx.error("\(what) must be a unicast host address: \(reason)", at: path)
            return nil
        }
        return address
    }
}
