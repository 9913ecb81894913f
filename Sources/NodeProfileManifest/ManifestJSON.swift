/// Writes a manifest as JSON byte for byte as `JSONEncoder` does with `.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes`, without its reflection: a fleet build encodes one manifest per node, and the
/// encoder was an eighth of that build's work. It writes with `JSONWriter`'s primitives, so the two print JSON
/// alike; `ManifestEncodingTests` holds the manifest's bytes to JSONEncoder's.
enum ManifestJSON {
    /// The manifest's JSON, without a final newline.
    static func encode(_ manifest: BundleManifest) -> [UInt8] {
        var writer = JSONWriter(capacity: 8192)
        var members: [JSONWriter.Member] = [
            ("actions", { $0.array(manifest.actions) { $0.action($1) } })
        ]
        if let constraints = manifest.constraints {
            members.append(("constraints", { $0.array(constraints) { $0.constraint($1) } }))
        }
        members += [
            ("facts", { $0.array(manifest.facts) { $0.fact($1) } }),
            ("files", { $0.array(manifest.files) { $0.file($1) } }),
            ("format", { $0.number(manifest.format) }),
            ("generator", { $0.string(manifest.generator) }),
        ]
        if let health = manifest.health { members.append(("health", { $0.health(health) })) }
        members += [
            (
                "profile",
                { writer in
                    let profile = manifest.profile
                    writer.object([
                        ("gatewayMode", { $0.string(profile.gatewayMode) }),
                        ("microshift", { $0.string(profile.microshift) }),
                        ("name", { $0.string(profile.name) }),
                        ("release", { $0.string(profile.release) }),
                        ("version", { $0.string(profile.version) }),
                    ])
                }
            )
        ]
        if let vendorOwned = manifest.vendorOwned {
            members.append(("vendorOwned", { $0.array(vendorOwned) { $0.string($1) } }))
        }
        writer.object(members)
        return writer.out
    }

}

extension JSONWriter {
    fileprivate mutating func action(_ action: Action) {
        var members: [Member] = [("kind", { $0.string(action.kind.rawValue) })]
        if let target = action.target { members.append(("target", { $0.string(target) })) }
        object(members)
    }

    fileprivate mutating func health(_ health: HealthSpec) {
        var members: [Member] = [
            (
                "addresses",
                {
                    $0.array(health.addresses) { writer, check in
                        var fields: [Member] = []
                        if let address = check.address { fields.append(("address", { $0.string(address) })) }
                        if let interface = check.interface { fields.append(("interface", { $0.string(interface) })) }
                        writer.object(fields)
                    }
                }
            )
        ]
        if let bridge = health.bridge { members.append(("bridge", { $0.string(bridge) })) }
        if let targets = health.confirmTargets, !targets.isEmpty {
            members.append(("confirmTargets", { $0.array(targets) { writer, target in writer.string(target) } }))
        }
        members.append(
            (
                "nodePortBlocks",
                {
                    $0.array(health.nodePortBlocks) { writer, block in
                        writer.object([("comment", { $0.string(block.comment) }), ("port", { $0.number(block.port) })])
                    }
                }
            ))
        object(members)
    }

    fileprivate mutating func constraint(_ constraint: FactConstraint) {
        object([
            ("fact", { $0.string(constraint.fact) }), ("kind", { $0.string(constraint.kind.rawValue) }),
            ("value", { $0.number(constraint.value) }),
        ])
    }

    fileprivate mutating func fact(_ fact: FactSpec) {
        var members: [Member] = []
        if let interface = fact.interface { members.append(("interface", { $0.string(interface) })) }
        members.append(("intervalSeconds", { $0.number(fact.intervalSeconds) }))
        if let mac = fact.mac { members.append(("mac", { $0.string(mac) })) }
        if let maximum = fact.maximum { members.append(("maximum", { $0.number(maximum) })) }
        if let minimum = fact.minimum { members.append(("minimum", { $0.number(minimum) })) }
        members += [
            ("name", { $0.string(fact.name) }),
            ("pattern", { $0.string(fact.pattern) }),
            ("retries", { $0.number(fact.retries) }),
            ("source", { $0.string(fact.source.rawValue) }),
        ]
        object(members)
    }

    fileprivate mutating func file(_ file: FileEntry) {
        var members: [Member] = [
            ("actions", { $0.array(file.actions) { $0.action($1) } }),
            ("appliedBy", { $0.string(file.appliedBy.rawValue) }),
        ]
        if let digest = file.digest { members.append(("digest", { $0.string(digest.rawValue) })) }
        if let existing = file.existing { members.append(("existing", { $0.string(existing.rawValue) })) }
        if let reason = file.existingReason { members.append(("existingReason", { $0.string(reason) })) }
        object(
            members + [
                ("facts", { $0.array(file.facts) { $0.string($1) } }),
                ("group", { $0.string(file.group) }),
                ("mode", { $0.string(file.mode.description) }),
                ("owner", { $0.string(file.owner) }),
                ("path", { $0.string(file.path) }),
                ("provenance", { $0.array(file.provenance) { $0.string($1) } }),
                ("secret", { $0.literal(file.secret ? "true" : "false") }),
                ("sha256", { $0.string(file.sha256) }),
                ("size", { $0.number(file.size) }),
            ])
    }
}
