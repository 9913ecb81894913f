/// Writes a manifest as JSON byte for byte as `JSONEncoder` does with `.prettyPrinted, .sortedKeys,
/// .withoutEscapingSlashes`, without its reflection: a fleet build encodes one manifest per node, and the
/// encoder was an eighth of that build's work. `ManifestEncodingTests` holds the two to the same bytes.
struct ManifestJSON {
    private var out: [UInt8] = []
    private var depth = 0

    static func encode(_ manifest: BundleManifest) -> [UInt8] {
        var writer = ManifestJSON()
        writer.out.reserveCapacity(8192)
        var members: [Member] = [
            ("actions", { $0.array(manifest.actions) { $0.action($1) } }),
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

    private typealias Member = (key: String, write: (inout ManifestJSON) -> Void)

    private mutating func action(_ action: Action) {
        var members: [Member] = [("kind", { $0.string(action.kind.rawValue) })]
        if let target = action.target { members.append(("target", { $0.string(target) })) }
        object(members)
    }

    private mutating func health(_ health: HealthSpec) {
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

    private mutating func fact(_ fact: FactSpec) {
        var members: [Member] = []
        if let interface = fact.interface { members.append(("interface", { $0.string(interface) })) }
        members += [
            ("intervalSeconds", { $0.number(fact.intervalSeconds) }),
            ("name", { $0.string(fact.name) }),
            ("pattern", { $0.string(fact.pattern) }),
            ("retries", { $0.number(fact.retries) }),
            ("source", { $0.string(fact.source.rawValue) }),
        ]
        object(members)
    }

    private mutating func file(_ file: FileEntry) {
        var members: [Member] = [
            ("actions", { $0.array(file.actions) { $0.action($1) } }),
            ("appliedBy", { $0.string(file.appliedBy.rawValue) }),
        ]
        if let digest = file.digest { members.append(("digest", { $0.string(digest.rawValue) })) }
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

    private mutating func object(_ members: [Member]) {
        out.append(UInt8(ascii: "{"))
        depth += 1
        for (index, member) in members.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline()
            string(member.key)
            literal(" : ")
            member.write(&self)
        }
        depth -= 1
        newline()
        out.append(UInt8(ascii: "}"))
    }

    private mutating func array<Element>(_ elements: [Element], _ write: (inout ManifestJSON, Element) -> Void) {
        out.append(UInt8(ascii: "["))
        depth += 1
        // JSONEncoder writes an empty array as "[", an empty line, then "]".
        if elements.isEmpty { out.append(UInt8(ascii: "\n")) }
        for (index, element) in elements.enumerated() {
            if index > 0 { out.append(UInt8(ascii: ",")) }
            newline()
            write(&self, element)
        }
        depth -= 1
        newline()
        out.append(UInt8(ascii: "]"))
    }

    private mutating func newline() {
        out.append(UInt8(ascii: "\n"))
        for _ in 0..<depth {
            out.append(UInt8(ascii: " "))
            out.append(UInt8(ascii: " "))
        }
    }

    private mutating func literal(_ text: String) { out += text.utf8 }

    private mutating func number(_ value: Int) { out += String(value).utf8 }

    private mutating func string(_ text: String) {
        let hex: [UInt8] = Array("0123456789abcdef".utf8)
        out.append(UInt8(ascii: "\""))
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "\""): literal("\\\"")
            case UInt8(ascii: "\\"): literal("\\\\")
            case 0x08: literal("\\b")
            case 0x0C: literal("\\f")
            case 0x0A: literal("\\n")
            case 0x0D: literal("\\r")
            case 0x09: literal("\\t")
            case 0..<0x20:
                literal("\\u00")
                out.append(hex[Int(byte >> 4)])
                out.append(hex[Int(byte & 0x0F)])
            default: out.append(byte)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}
