import NodeProfileManifest

extension JSONSchemaWriter {
    /// The fleet schema document's `$id`.
    public static let fleetSchemaID = "https://nodeprofile.dev/schema/nodefleet-v1.json"

    /// The JSON Schema (draft 2020-12) of a fleet file (`kind: NodeFleet`): `FleetSchema`'s fields, and each node's
    /// name, identity and the profile sections it overrides, written from `ProfileSchema` as merges over the base.
    public static func fleetSchema() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(fleetSchemaID)),
            ("title", .string("nodeprofile node fleet v1")),
            (
                "description",
                .string(
                    "A base node profile and, per node, the sections that differ; each node compiles to its own bundle."
                )
            ),
        ]
        guard case .object(var body) = schema(for: .object(FleetSchema.root)) else { return .object(members) }
        let nodes: JSONValue = .object([
            ("description", .string("The fleet's nodes: each a name, an optional device identity and its overrides.")),
            ("type", .string("array")),
            ("items", fleetNode),
            ("minItems", .int(1)),
        ])
        body = body.map { key, value in (key, key == "properties" ? appending("nodes", nodes, to: value) : value) }
        body = body.map { key, value in (key, key == "required" ? appending(.string("nodes"), to: value) : value) }
        return .object(members + body)
    }

    /// One node: `name`, `identity`, and every section of `FleetSchema.nodeSections` loosened for a merge.
    static var fleetNode: JSONValue {
        let name: JSONValue = .object([
            (
                "description",
                .string("DNS label naming the node; its profile's metadata.name and its package nodeprofile-NAME.")
            ),
            ("type", .string("string")),
            ("maxLength", .int(53)),
            ("pattern", .string(Names.dnsLabelPattern)),
        ])
        var properties: [(String, JSONValue)] = [("name", name), ("identity", identity)]
        for section in FleetSchema.nodeSections {
            guard var field = ProfileSchema.root.field(section) else { continue }
            if case .object(let shape) = field.shape, section == "metadata" {
                field.shape = .object(ObjectShape(shape.fields.filter { $0.name != "name" }))
                field.summary = "The package's version, release and description; the node's name is its own 'name'."
            }
            properties.append((section, property(field, merging: true)))
        }
        return .object([
            ("type", .string("object")),
            ("properties", .object(properties)),
            ("required", .array([.string("name")])),
            ("additionalProperties", .bool(false)),
        ])
    }

    /// A node's `identity`, as `FleetIdentityReader` reads it: one or more of macs, serial and uuid.
    static var identity: JSONValue {
        func text(_ summary: String, _ pattern: String, min: Int, max: Int) -> JSONValue {
            .object([
                ("description", .string(summary)), ("type", .string("string")), ("minLength", .int(min)),
                ("maxLength", .int(max)), ("pattern", .string(pattern)),
            ])
        }
        let mac = text(
            "A MAC address: six pairs of hex digits, all separated by ':' or all by '-'.", MACAddress.pattern, min: 17,
            max: 17)
        let macs: JSONValue = .object([
            (
                "description",
                .string("MAC addresses of the device's NICs; the device matches when one of its physical NICs has one.")
            ),
            ("type", .string("array")), ("items", mac), ("minItems", .int(1)),
        ])
        let serial = text(
            "The DMI product serial (/sys/class/dmi/id/product_serial): printable ASCII, no surrounding spaces.",
            NodeIdentity.serialPattern, min: 1, max: 256)
        let uuid = text(
            "The DMI product UUID (/sys/class/dmi/id/product_uuid), 8-4-4-4-12 hex digits.", NodeIdentity.uuidPattern,
            min: 36, max: 36)
        let properties: [(String, JSONValue)] = [("macs", macs), ("serial", serial), ("uuid", uuid)]
        return .object([
            (
                "description",
                .string("What identifies the node's device in a fleet image; every kind given must match.")
            ),
            ("type", .string("object")),
            ("properties", .object(properties.filter { FleetIdentityReader.keys.contains($0.0) })),
            ("additionalProperties", .bool(false)),
            ("anyOf", .array(FleetIdentityReader.keys.map { .object([("required", .array([.string($0)]))]) })),
        ])
    }

    private static func appending(_ key: String, _ value: JSONValue, to object: JSONValue) -> JSONValue {
        guard case .object(let members) = object else { return object }
        return .object(members + [(key, value)])
    }

    private static func appending(_ item: JSONValue, to array: JSONValue) -> JSONValue {
        guard case .array(let items) = array else { return array }
        return .array(items + [item])
    }
}
