/// Writes `ProfileSchema` as a JSON Schema (draft 2020-12) that editors use for completion and checks.
public enum JSONSchemaWriter {
    /// The schema document's `$id`.
    public static let schemaID = "https://nodeprofile.dev/schema/nodeprofile-v1.json"

    /// The whole schema document.
    public static func profileSchema() -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("$schema", .string("https://json-schema.org/draft/2020-12/schema")),
            ("$id", .string(schemaID)),
            ("title", .string("nodeprofile node profile v1")),
            (
                "description",
                .string("One MicroShift edge node's networking, compiled by nodeprofile into every file it needs.")
            ),
        ]
        if case .object(let body) = schema(for: .object(ProfileSchema.root)) { members += body }
        return .object(members)
    }

    /// The schema of a value of `shape`. `merging` describes it as a fleet node's override, laid over the base by
    /// `ProfileMerge`: a mapping's fields are all optional (the base may give them), any value may be null (which
    /// removes the base's), and no default applies; a list replaces the base's, so its items keep their own rules.
    static func schema(for shape: Shape, merging: Bool = false) -> JSONValue {
        switch shape {
        case .object(let object):
            var members: [(String, JSONValue)] = [("type", .string("object"))]
            members.append(("properties", .object(object.fields.map { ($0.name, property($0, merging: merging)) })))
            let required = object.fields.filter(\.required).map { JSONValue.string($0.name) }
            if !required.isEmpty && !merging { members.append(("required", .array(required))) }
            members.append(("additionalProperties", .bool(false)))
            for group in object.exactlyOne where !merging {
                members.append(("oneOf", .array(group.map { .object([("required", .array([.string($0)]))]) })))
            }
            return .object(members)
        case .list(let item, let rules):
            var members: [(String, JSONValue)] = [("type", .string("array")), ("items", schema(for: item))]
            if rules.minItems > 0 { members.append(("minItems", .int(rules.minItems))) }
            if let max = rules.maxItems { members.append(("maxItems", .int(max))) }
            return .object(members)
        case .dictionary(let value):
            let values = merging ? nullable(schema(for: value, merging: true)) : schema(for: value)
            return .object([("type", .string("object")), ("additionalProperties", values)])
        case .text(let rules):
            let type: JSONValue =
                rules.numbersAllowed ? .array([.string("string"), .string("number")]) : .string("string")
            var members: [(String, JSONValue)] = [("type", type)]
            if !rules.numbersAllowed { members.append(("maxLength", .int(rules.maxLength))) }
            if !rules.multiline { members.append(("pattern", .string("^[^\\u0000-\\u001f\\u007f]*$"))) }
            return .object(members)
        case .integer(let min, let max):
            return .object([("type", .string("integer")), ("minimum", .int(min)), ("maximum", .int(max))])
        case .boolean:
            return .object([("type", .string("boolean"))])
        case .choice(let words):
            return .object([("enum", .array(words.map(JSONValue.string)))])
        case .autoOr(let inner):
            return .object([("anyOf", .array([.object([("const", .string("auto"))]), schema(for: inner)]))])
        }
    }

    static func property(_ field: Field, merging: Bool = false) -> JSONValue {
        if merging {
            guard case .object(let members) = nullable(schema(for: field.shape, merging: true)) else { return .null }
            return .object([("description", .string(field.summary))] + members)
        }
        guard case .object(var members) = schema(for: field.shape) else { return .null }
        members.insert(("description", .string(field.summary)), at: 0)
        if let value = field.defaultValue { members.append(("default", value)) }
        return .object(members)
    }

    /// `schema`, or null (`~`), which removes the base's value in a fleet node's override.
    static func nullable(_ schema: JSONValue) -> JSONValue {
        .object([("anyOf", .array([.object([("type", .string("null"))]), schema]))])
    }
}
